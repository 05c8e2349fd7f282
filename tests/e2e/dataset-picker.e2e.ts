// Every page lists every dataset: a customer table without an id shows on Segments and segments by row, a click log
// shows on Ads as usable, and a dataset Recommendations cannot use shows why with the fix in place (mapping the
// missing id there makes it usable).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeApp, openApp, type App } from './harness.ts';

let app: App;
let datasetCount = 0;
const FILE = join(tmpdir(), `mall-no-id-${process.pid}.csv`);

beforeAll(async () => {
  // One row per shopper, no id column: two planted groups (young low spenders, older high spenders).
  const rows = ['gender,age,annual_income,spending_score'];
  for (let i = 0; i < 160; i++) {
    const high = i % 2 === 0;
    rows.push(
      `${i % 3 ? 'Female' : 'Male'},${(high ? 52 : 24) + (i % 7)},${(high ? 95 : 30) + (i % 5)},${high ? 20 + (i % 9) : 80 - (i % 9)}`,
    );
  }
  writeFileSync(FILE, rows.join('\n') + '\n');
  app = await openApp();
  await app.page.getByTestId('nav-data').click();
  await app.page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
});

afterAll(async () => {
  rmSync(FILE, { force: true });
  await closeApp(app);
});

const optionLabels = (testid: string) =>
  app.page
    .getByTestId(testid)
    .locator('option')
    .evaluateAll((os) => os.map((o) => o.textContent ?? ''));

describe('dataset pickers list every dataset', () => {
  it('a customer table without an id shows on Segments and segments by row', async () => {
    const { page } = app;
    const name = FILE.split('/')
      .pop()!
      .replace(/\.csv$/, '');
    const before = await page.getByTestId('dataset-row').count();
    await page.getByTestId('file-input').setInputFiles(FILE);
    await expect.poll(() => page.getByTestId('dataset-row').count(), { timeout: 60_000 }).toBe(before + 1);
    datasetCount = before + 1;
    await page.getByTestId('nav-segments').click();
    expect(await optionLabels('segment-dataset')).toContain(name);
    await page.getByTestId('segment-dataset').selectOption({ label: name });
    expect(await page.getByTestId('segment-dataset-reason').textContent()).toMatch(/segmented by row/);
    await page.getByTestId('segment-dataset-fix-customer_id').waitFor();
    await page.getByTestId('segment-k').selectOption('2');
    await page.getByTestId('segment-run').click();
    await page.getByTestId('segment-results').waitFor({ timeout: 90_000 });
    // The result says it was segmented by row (the wording lives in messages/; the row count is the table's).
    const said = (await page.getByTestId('segment-results').textContent()) ?? '';
    expect(said).toMatch(/by row/i);
    expect(said).toMatch(/\b160\b/);
  });

  it('a click log shows on Ads as usable', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    const button = page.getByTestId('load-workspace-media');
    await button.click();
    await expect.poll(() => button.textContent(), { timeout: 180_000 }).toBe('media sample loaded');
    datasetCount += 2; // media-impressions and media-articles
    await page.getByTestId('nav-ads').click();
    const labels = await optionLabels('ads-dataset');
    expect(labels).toContain('media-impressions');
    // Every dataset is listed, the ones Ads cannot use say so.
    expect(labels.length).toBe(datasetCount);
    expect(labels.some((l) => /cannot use/.test(l))).toBe(true);
    await page.getByTestId('ads-dataset').selectOption({ label: 'media-impressions' });
    expect(await page.getByTestId('ads-dataset-reason').count()).toBe(0);
    expect(await page.getByTestId('ads-run').isDisabled()).toBe(false);
  });

  it('a dataset Recommendations cannot use says why and the fix in place makes it usable', async () => {
    const { page } = app;
    await page.getByTestId('nav-recommendations').click();
    const label = (await optionLabels('rec-dataset')).find((l) => l.startsWith('customers-churn'))!;
    expect(label).toMatch(/cannot use/);
    await page.getByTestId('rec-dataset').selectOption({ label });
    const reason = page.getByTestId('rec-dataset-reason');
    expect(await reason.textContent()).toMatch(/Needs an item id \(one row per purchase, click or rating\)/);
    expect(await page.getByTestId('rec-run').isDisabled()).toBe(true);
    const fix = page.getByTestId('rec-dataset-fix-item_id');
    const column = await fix.locator('option').nth(1).getAttribute('value');
    await fix.selectOption(column!);
    await expect.poll(() => reason.count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('rec-run').isDisabled()).toBe(false);
  });
});
