// Ads page on an impression log in a real Chromium: a fresh profile loads the media sample, the page proposes the
// 0/1 `clicked` outcome, the run shows the three click models against the constant-rate baseline, per-level CTRs with
// Wilson intervals and importance (no count model, no what-if), and everything is still there after a reload. Then a
// stored segment becomes the target of a campaign what-if: its size shown, and no propensity covers it (none trained).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendReady, closeApp, openApp, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

async function openAds(): Promise<void> {
  const { page } = app;
  await page.getByTestId('nav-ads').click();
  await page.getByTestId('ads-dataset').selectOption({ label: 'media-impressions' });
}

async function checkResults(): Promise<void> {
  const { page } = app;
  const models = page.getByTestId('ads-ctr-models').locator('tbody tr');
  await expect.poll(() => models.count()).toBe(4);
  for (const kind of ['logistic', 'fm', 'gbdt', 'baseline'])
    expect(await page.getByTestId(`ads-ctr-model-${kind}`).count()).toBe(1);
  const fmAuc = Number(await page.getByTestId('ads-ctr-model-fm').locator('td').nth(1).textContent());
  expect(fmAuc).toBeGreaterThan(0.7);
  expect(fmAuc).toBeLessThan(0.8);
  await expect(page.getByTestId('ads-ctr-model-baseline').locator('td').nth(1).textContent()).resolves.toBe('0.5000');
  await expect(page.getByTestId('ads-ctr-best').textContent()).resolves.toMatch(/^Best: .* validation rows/);
  const effects = page.getByTestId('ads-ctr-effects').locator('tbody tr');
  expect(await effects.count()).toBeGreaterThan(10);
  const cells = await effects.locator('td:nth-child(6)').allTextContents();
  for (const c of cells) {
    const m = /^\[(\d+\.\d+) %, (\d+\.\d+) %\]$/.exec(c.trim());
    expect(m, c).not.toBeNull();
    expect(Number(m![1])).toBeLessThanOrEqual(Number(m![2]));
    expect(Number(m![2])).toBeLessThanOrEqual(100);
  }
  expect(await page.getByTestId('ads-ctr-importance').locator('tbody tr').count()).toBe(6);
  expect(await page.getByTestId('ads-ctr-interactions').locator('li').count()).toBeGreaterThan(0);
  const text = await page.getByTestId('ads-results').innerText();
  expect(text).not.toMatch(/NaN|Infinity/);
  expect(await page.getByTestId('ads-quality').count()).toBe(0);
  expect(await page.getByTestId('ads-audience').count()).toBe(0);
}

describe('ads page on an impression log', () => {
  it('loads the media sample, proposes `clicked`, fits the click models', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    const button = page.getByTestId('load-workspace-media');
    await button.click();
    await expect.poll(() => button.textContent(), { timeout: 180_000 }).toBe('media sample loaded');
    await openAds();
    const outcome = page.getByTestId('ads-outcome');
    await expect(outcome.locator('option').first().textContent()).resolves.toMatch(/proposed.*clicked, 0\/1/);
    await expect(outcome.locator('option[value="clicked"]').textContent()).resolves.toMatch(/click models/);
    await outcome.selectOption('clicked');
    await page.getByTestId('ads-run').click();
    await page.getByTestId('ads-ctr-models').waitFor({ timeout: 180_000 });
    await checkResults();
    expect(await page.getByTestId('ads-ctr-chart-format').locator('canvas').count()).toBe(1);
  });

  it('keeps the stored click models after a reload', async () => {
    const { page } = app;
    await page.reload();
    await backendReady(page);
    await openAds();
    await page.getByTestId('ads-ctr-models').waitFor({ timeout: 30_000 });
    await checkResults();
  });

  it('a stored segment is a what-if target on a campaign log: size shown, no propensity said plainly', async () => {
    const { page } = app;
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
    await page.getByTestId('segment-run').click();
    await page.getByTestId('segment-results').waitFor({ timeout: 120_000 });
    await page.getByTestId('nav-ads').click();
    await page.getByTestId('ads-dataset').selectOption({ label: 'ads-campaign-log' });
    await page.getByTestId('ads-outcome').selectOption('CTR');
    await page.getByTestId('ads-run').click();
    await page.getByTestId('ads-audience').waitFor({ timeout: 120_000 });
    const pick = page.getByTestId('ads-audience-pick');
    const label = (await pick.locator('option').allTextContents()).find((t) => t.includes('Recent high spenders'));
    expect(label).toMatch(/segment “Recent high spenders” of ecommerce-transactions/);
    await pick.selectOption({ label: label! });
    const result = page.getByTestId('ads-audience-result');
    await result.waitFor({ timeout: 30_000 });
    expect(Number((await page.getByTestId('ads-audience-size').textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);
    await expect(result.innerText()).resolves.toMatch(/No stored propensity result covers .*only its size/);
    expect(await page.getByTestId('ads-audience-lift').count()).toBe(0);
    expect(await page.getByTestId('ads-audience-spend').count()).toBe(0);
  });
});
