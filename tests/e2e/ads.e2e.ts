// Ads page in a real Chromium: analyse the sample campaign log, read the importance chart with error bars,
// move a what-if slider, allocate with a cap, reload and find everything still there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, backendReady, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

async function openAds(): Promise<void> {
  const { page } = app;
  await page.getByTestId('nav-ads').click();
  await page.getByTestId('ads-dataset').selectOption({ label: 'ads-campaign-log' });
}

describe('ads page', () => {
  it('analyses the sample: importance with intervals in the planted order', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await openAds();
    await page.getByTestId('ads-outcome').selectOption('CTR');
    await page.getByTestId('ads-run').click();
    await page.getByTestId('ads-importance-chart').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('ads-importance-chart').locator('canvas').count()).resolves.toBe(1);
    const rows = page.getByTestId('ads-importance-table').locator('tbody tr');
    const factors = (await rows.locator('td:first-child').allTextContents()).map((s) => s.trim());
    expect(factors.slice(0, 5)).toEqual(['channel', 'ad_format', 'time_slot', 'age_group', 'gender']);
    expect(await rows.first().locator('td').nth(2).textContent()).toMatch(/^\[[\d.]+, [\d.]+\]/);
    await expect(page.getByTestId('ads-quality').textContent()).resolves.toMatch(/binomial/);
    const summaries = (await page.getByTestId('ads-effect-summary').allTextContents()).join(' ');
    expect(summaries).toContain('best is video');
  });

  it('a what-if slider changes the prediction live', async () => {
    const { page } = app;
    const total = page.getByTestId('ads-whatif-total');
    const before = (await total.textContent()) ?? '';
    const slider = page.getByTestId('ads-whatif-search');
    const max = Number(await slider.getAttribute('max'));
    await slider.fill(String(Math.round(max * 0.9)));
    await expect.poll(async () => total.textContent(), { timeout: 30_000 }).not.toBe(before);
    const level = page.getByTestId('ads-whatif-level');
    await page.getByTestId('ads-whatif-factor').selectOption('ad_format');
    await level.selectOption('video');
    await expect
      // innerText: the text as shown (markup whitespace collapsed), which is what the user reads.
      .poll(async () => page.getByTestId('ads-whatif-mix').innerText(), { timeout: 30_000 })
      .toMatch(/CTR [\d.]+ % vs [\d.]+ %/);
  });

  it('allocates the budget under a cap and explains the moves', async () => {
    const { page } = app;
    await page.getByTestId('ads-cap-search').fill('1000');
    await page.getByTestId('ads-allocate').click();
    await page.getByTestId('ads-plan').waitFor({ timeout: 60_000 });
    const search = page.getByTestId('ads-plan-row').filter({ hasText: 'Search' });
    const proposed = Number(((await search.locator('td').nth(2).textContent()) ?? '').replace(/[^\d.]/g, ''));
    expect(proposed).toBeLessThanOrEqual(1000);
    expect(await page.getByTestId('ads-moves').locator('li').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('ads-moves').textContent()).resolves.toMatch(/marginal return/);
  });

  it('keeps the analysis and the plan after a reload', async () => {
    const { page } = app;
    await page.reload();
    await backendReady(page);
    await openAds();
    await page.getByTestId('ads-importance-chart').waitFor({ timeout: 30_000 });
    await page.getByTestId('ads-plan').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('ads-importance-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
  });
});
