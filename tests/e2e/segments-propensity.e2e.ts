// Segments and Propensity pages in a real Chromium: segment the sample shop, rename a segment, train the MLP with
// live curves, read the evaluation charts, reload and find everything stored; the stored model re-scores identically.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, backendReady, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

async function openSegments(): Promise<void> {
  await app.page.getByTestId('nav-segments').click();
  await app.page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
}

async function openPropensity(): Promise<void> {
  await app.page.getByTestId('nav-propensity').click();
  await app.page.getByTestId('propensity-dataset').selectOption({ label: 'customers-churn' });
}

describe('segments and propensity pages', () => {
  it('segments the sample shop into 4 named segments with rules and a map', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await openSegments();
    await page.getByTestId('segment-run').click();
    await page.getByTestId('segment-results').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('segment-card').count()).resolves.toBe(4);
    const names = await page
      .getByTestId('segment-name')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names).toContain('Recent high spenders');
    expect(names).toContain('Lapsed one-timers');
    expect(await page.getByTestId('segment-rule').count()).toBeGreaterThanOrEqual(4);
    await expect(page.getByTestId('segment-rules').textContent()).resolves.toMatch(/recency .* days.*% pure/);
    await expect(page.getByTestId('segment-map').locator('canvas').count()).resolves.toBe(1);
    await expect(page.getByTestId('segment-k-reason').textContent()).resolves.toMatch(/k = 4/);
    // The user's own name is stored.
    const first = page.getByTestId('segment-name').first();
    await first.fill('VIP club');
    await page.getByTestId('segment-save-names').click();
    await expect
      .poll(async () => page.getByTestId('segment-rules').textContent(), { timeout: 30_000 })
      .toContain('VIP club');
  });

  it('a segment card links its audience: recommendations once a recommender knows them, and an audience file', async () => {
    const { page } = app;
    // Before any recommender: the panel says what is missing instead of showing nothing.
    await page.getByTestId('segment-audience').first().click();
    await page.getByTestId('audience-panel').waitFor({ timeout: 60_000 });
    await page.getByTestId('audience-no-recommend').waitFor();
    await page.getByTestId('nav-recommendations').click();
    await page.getByTestId('rec-dataset').selectOption({ label: 'ecommerce-transactions' });
    if (await page.getByTestId('rec-grid').count()) await page.getByTestId('rec-grid').selectOption('quick');
    await page.getByTestId('rec-run').click();
    await page.getByTestId('rec-table').waitFor({ timeout: 240_000 });
    await openSegments();
    await page.getByTestId('segment-results').waitFor({ timeout: 30_000 });
    await page.getByTestId('segment-audience').first().click();
    await expect
      .poll(async () => page.getByTestId('audience-items').locator('tbody tr').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const title = (await page.getByTestId('audience-panel').locator('h3').textContent()) ?? '';
    const size = Number(/\(([\d,]+) customers\)/.exec(title)?.[1]?.replace(/,/g, ''));
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('audience-export').click(),
    ]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^customer_id,segment/);
    expect(lines).toHaveLength(size + 1);
  });

  it('trains the MLP with live epoch curves, shows ROC, gain and calibration, and joins scores with segments', async () => {
    const { page } = app;
    // Segment the customer table too, so the propensity page can show segment × propensity.
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'customers-churn' });
    await page.getByTestId('segment-k').selectOption('3');
    await page.getByTestId('segment-run').click();
    await expect.poll(async () => page.getByTestId('segment-card').count(), { timeout: 120_000 }).toBe(3);
    await openPropensity();
    await page.getByTestId('propensity-target').selectOption('churned');
    await page.getByTestId('propensity-model').selectOption('mlp');
    await page.getByTestId('propensity-epochs').fill('4');
    await page.getByTestId('propensity-run').click();
    await page.getByTestId('propensity-epochs-chart').waitFor({ timeout: 120_000 });
    await page.getByTestId('propensity-results').waitFor({ timeout: 180_000 });
    const metrics = (await page.getByTestId('propensity-metrics').textContent()) ?? '';
    const auc = Number(/test AUC ([\d.]+)/.exec(metrics)?.[1]);
    expect(auc).toBeGreaterThan(0.75);
    for (const id of ['propensity-roc', 'propensity-gain', 'propensity-calibration', 'propensity-importance']) {
      await expect(page.getByTestId(id).locator('canvas').count()).resolves.toBe(1);
    }
    // Moving the threshold changes the confusion matrix.
    const before = await page.getByTestId('propensity-confusion').textContent();
    await page.getByTestId('propensity-threshold').fill('0.2');
    await expect
      .poll(async () => page.getByTestId('propensity-confusion').textContent(), { timeout: 10_000 })
      .not.toBe(before);
    expect(await page.getByTestId('propensity-top').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('propensity-by-segment').locator('tbody tr').count()).toBe(3);
  });

  it('keeps segments (with the new name) and the model after a reload; the stored model re-scores identically', async () => {
    const { page } = app;
    await page.reload();
    await backendReady(page);
    await openSegments();
    await page.getByTestId('segment-results').waitFor({ timeout: 30_000 });
    const names = await page
      .getByTestId('segment-name')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names).toContain('VIP club');
    await openPropensity();
    await page.getByTestId('propensity-results').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('propensity-metrics').textContent()).resolves.toMatch(/MLP · test AUC/);
    await page.getByTestId('propensity-rescore').click();
    await expect
      .poll(async () => page.getByTestId('propensity-rescore-result').textContent(), { timeout: 60_000 })
      .toMatch(/^identical on 10,000 rows/);
  });
  it('Auto compares the three models on validation, shows what drives the score and exports reasons', async () => {
    const { page } = app;
    await openPropensity();
    await page.getByTestId('propensity-target').selectOption('churned');
    await page.getByTestId('propensity-model').selectOption('auto');
    await page.getByTestId('propensity-run').click();
    await page.getByTestId('propensity-choice').waitFor({ timeout: 240_000 });
    const choice = await page.getByTestId('propensity-choice').innerText();
    expect(choice).toMatch(/Auto chose (logistic regression|gradient-boosted trees|the MLP|the blend of logistic)/);
    expect(choice).toMatch(
      /logistic regression \d\.\d{3}.*gradient-boosted trees \d\.\d{3}.*the MLP \d\.\d{3}.*the blend .* \d\.\d{3}/s,
    );
    await page.getByTestId('propensity-drivers').waitFor();
    expect(await page.getByTestId('propensity-rules').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('propensity-rules').innerText()).not.toMatch(/[≤≥<>] ?0\.5\b/);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByTestId('propensity-export-reasons').click(),
    ]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('id,probability,decile,split,reasons');
    expect(lines).toHaveLength(10_001);
  });
});
