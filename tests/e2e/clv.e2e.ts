// Lifetime value page in a real Chromium: the sample shop's transactions fit out of the box (BG/NBD + Gamma-Gamma
// with intervals, holdout chart, top customers, bands, CLV per segment), the CSV has a row per customer, a table
// that cannot feed CLV says why, and a reload shows the stored result.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendReady, closeApp, openApp, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

async function openClv(): Promise<void> {
  await app.page.getByTestId('nav-clv').click();
  await app.page.getByTestId('clv-dataset').selectOption({ label: 'ecommerce-transactions' });
}

describe('lifetime value page', () => {
  it('fits the sample transactions with a holdout and shows parameters, holdout, customers and segments', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    // Segment the shop first, so the page can show lifetime value per segment.
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
    await page.getByTestId('segment-k').selectOption('4');
    await page.getByTestId('segment-run').click();
    await expect.poll(async () => page.getByTestId('segment-card').count(), { timeout: 120_000 }).toBe(4);

    // A table without dates is listed, says why, and cannot run as it is.
    await page.getByTestId('nav-clv').click();
    await page.getByTestId('clv-dataset').selectOption({ label: 'customers-churn (needs columns: see below)' });
    await expect(page.getByTestId('clv-reason').textContent()).resolves.toMatch(/No purchase date column found/);
    await expect(page.getByTestId('clv-run').isDisabled()).resolves.toBe(true);

    await openClv();
    await expect(page.getByTestId('clv-customer').inputValue()).resolves.toBe('customer_id');
    await expect(page.getByTestId('clv-date').inputValue()).resolves.toBe('timestamp');
    await expect(page.getByTestId('clv-amount').locator('option').first().textContent()).resolves.toMatch(
      /auto: quantity × price/,
    );
    await page.getByTestId('clv-holdout-periods').fill('12');
    await page.getByTestId('clv-run').click();
    await page.getByTestId('clv-results').waitFor({ timeout: 120_000 });

    expect(await page.getByTestId('clv-param').count()).toBe(7);
    for (const p of ['r', 'alpha', 'a', 'b', 'p', 'q', 'v'])
      expect(Number((await page.getByTestId(`clv-param-${p}`).textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);
    // Gamma-Gamma intervals on this sample: p, q and v as "low … high" around the estimate.
    for (const p of ['p', 'q', 'v']) {
      const est = Number((await page.getByTestId(`clv-param-${p}`).textContent())?.replace(/,/g, ''));
      const [lo, hi] = ((await page.getByTestId(`clv-interval-${p}`).textContent()) ?? '')
        .split('…')
        .map((s) => Number(s.replace(/,/g, '').trim()));
      expect(lo).toBeLessThan(est);
      expect(hi).toBeGreaterThan(est);
    }
    await expect(page.getByTestId('clv-loglik').textContent()).resolves.toMatch(/log-likelihood −?-?[\d,]+\.\d\d/);
    await expect(page.getByTestId('clv-holdout-chart').locator('canvas').count()).resolves.toBe(1);
    expect(await page.getByTestId('clv-holdout-table').locator('tbody tr').count()).toBe(8);
    await expect(page.getByTestId('clv-holdout-totals').textContent()).resolves.toMatch(/last 12\s+weeks/);
    await expect(page.getByTestId('clv-distribution-chart').locator('canvas').count()).resolves.toBe(1);
    expect(await page.getByTestId('clv-top').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('clv-bands').locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('clv-by-segment').locator('tbody tr').count()).toBe(4);
    const summary = (await page.getByTestId('clv-summary').textContent()) ?? '';
    expect(summary).toMatch(/1,200/);
    expect(Number((await page.getByTestId('clv-total').textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);
    const text = (await page.getByTestId('clv-results').innerText()) ?? '';
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('downloads one CSV row per customer and keeps the result after a reload', async () => {
    const { page } = app;
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId('clv-download').click(),
    ]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_order_value,clv',
    );
    expect(lines).toHaveLength(1201);
    const before = await page.getByTestId('clv-params').textContent();
    await page.reload();
    await backendReady(page);
    await openClv();
    await page.getByTestId('clv-results').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('clv-params').textContent()).resolves.toBe(before);
    await expect(page.getByTestId('clv-holdout-chart').locator('canvas').count()).resolves.toBe(1);
    expect(app.consoleErrors).toEqual([]);
  });
});
