// Data import in a real Chromium: the 48 MB online-retail file imports in the worker without main-thread long
// tasks > 200 ms; roles, quality report, virtualised preview, a recorded repair, role mapping that survives a
// reload, PII review with per-column opt-out, bad files with clear messages, and delete with confirmation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { backendReady, closeApp, openApp, type App } from './harness.ts';
import { dataset } from '../datasets.ts';

const RETAIL = dataset('online-retail/online-retail.csv');
const BAD = resolve('tests/fixtures/bad');
let app: App;

async function importFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path);
}

function column(page: Page, name: string) {
  return page.locator(`[data-testid="column-row"][data-column="${name}"]`);
}

beforeAll(async () => {
  app = await openApp();
  await app.page.getByTestId('nav-data').click();
  // A fresh profile imports the sample workspace once; wait for it so our imports do not race it.
  await app.page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
});

afterAll(async () => {
  const errors = app?.consoleErrors ?? [];
  if (errors.length) console.log(`[e2e] console errors: ${errors.join(' | ')}`);
  await closeApp(app);
});

describe('import of online-retail.csv (48 MB)', () => {
  it('imports in the worker with no main-thread long task over 200 ms', async () => {
    const { page } = app;
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const t0 = Date.now();
    await importFile(page, RETAIL);
    await page.getByTestId('job-progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('import-done').waitFor({ timeout: 150_000 });
    const wall = (Date.now() - t0) / 1000;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const done = (await page.getByTestId('import-done').textContent()) ?? '';
    console.log(
      `[e2e] online-retail.csv import: ${done} | wall ${wall.toFixed(1)} s | long tasks: ${longTasks.length}, max ${Math.max(0, ...longTasks).toFixed(0)} ms`,
    );
    expect(done).toContain('541,909 rows × 8 columns');
    expect(Math.max(0, ...longTasks)).toBeLessThanOrEqual(200);
    // The observer really sees long tasks: a deliberate 300 ms busy loop on the main thread is recorded.
    // (Scheduled as a real task: code run by page.evaluate itself is not attributed as a long task.)
    await page.evaluate(
      () =>
        new Promise<void>((done) =>
          setTimeout(() => {
            const t = performance.now();
            while (performance.now() - t < 300) {
              /* busy */
            }
            done();
          }, 0),
        ),
    );
    await expect
      .poll(() => page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks)))
      .toBeGreaterThan(250);
  });

  it('proposes the key roles with confidence', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('dataset-title').textContent()).toBe('online-retail');
    const roleOf = (name: string) => column(page, name).locator('select').inputValue();
    expect(await roleOf('CustomerID')).toBe('customer_id');
    expect(await roleOf('StockCode')).toBe('item_id');
    expect(await roleOf('InvoiceDate')).toBe('timestamp');
    expect(await roleOf('Quantity')).toBe('quantity');
    expect(await roleOf('UnitPrice')).toBe('price');
    expect(await column(page, 'CustomerID').textContent()).toMatch(/95 %/);
  });

  it('reports quality problems counted and located', async () => {
    const { page } = app;
    await page.getByTestId('tab-quality').click();
    const list = (await page.getByTestId('quality-list').textContent()) ?? '';
    expect(list).toContain('CustomerID: 135,080 missing (24.9 %)'); // backticks render as <code>
    expect(list).toContain('5,268 duplicate rows');
    expect(list).toContain('UnitPrice: 2 negative values, rows 299,984 and 299,985');
    expect(await page.locator('[data-testid="quality-list"] code', { hasText: 'CustomerID' }).count()).toBeGreaterThan(
      0,
    );
  });

  it('scrolls the virtualised preview to row 9,000', async () => {
    const { page } = app;
    await page.getByTestId('tab-preview').click();
    const viewport = page.getByTestId('preview');
    await viewport.evaluate((el) => {
      el.scrollTop = 8999 * 28;
    });
    const row = page.locator('[data-testid="preview-row"][data-row="9000"]');
    await expect
      .poll(async () => (await row.textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/9,000.*\d{4}-\d{2}-\d{2}T/);
    expect(await page.getByTestId('preview-row').count()).toBeLessThan(80); // virtualised: only visible rows exist
  });

  it('drops duplicate rows as a recorded repair', async () => {
    const { page } = app;
    await page.getByTestId('tab-quality').click();
    await page.getByTestId('repair-duplicates-drop-rows').click();
    await page.getByTestId('repair-done').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('repair-done').textContent()).toContain('Dropped 5,268 rows');
    await expect.poll(() => page.getByTestId('dataset-facts').textContent()).toContain('536,641 rows');
    expect(await page.getByTestId('repair-history').textContent()).toContain('Dropped 5,268 rows (duplicates)');
    expect(await page.locator('[data-testid="finding"][data-code="duplicates"]').count()).toBe(0);
  });

  it('saves a changed role with the dataset (survives a reload)', async () => {
    let page = app.page;
    await page.getByTestId('tab-columns').click();
    await column(page, 'Country').locator('select').selectOption('channel');
    await page.getByTestId('role-saved').waitFor();
    await page.reload();
    page = app.page;
    await backendReady(page);
    await page.getByTestId('nav-data').click();
    await page.getByTestId('dataset-row').filter({ hasText: 'online-retail' }).getByTestId('dataset-select').click();
    expect(await column(page, 'Country').locator('select').inputValue()).toBe('channel');
    expect(await column(page, 'Country').textContent()).toContain('set by you');
  });
});

describe('cancel', () => {
  it('cancelling a running import stores nothing and keeps the other datasets', async () => {
    const { page } = app;
    // ~190 MB (online-retail four times) so the import is surely still running when Cancel is clicked.
    const text = readFileSync(RETAIL, 'utf8');
    const body = text.slice(text.indexOf('\n') + 1);
    const big = join(tmpdir(), `locallift-big-${process.pid}.csv`);
    writeFileSync(big, text + body + body + body);
    try {
      const before = await page.getByTestId('dataset-row').count();
      await importFile(page, big);
      await page.getByTestId('job-progress').waitFor({ timeout: 30_000 });
      await page.getByTestId('job-cancel').click();
      await page.getByTestId('job-cancelled').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      expect(await page.getByTestId('dataset-row').count()).toBe(before);
      expect(await page.getByTestId('dataset-library').textContent()).not.toContain('locallift-big');
    } finally {
      rmSync(big, { force: true });
    }
  });
});

describe('bad input and PII in the browser', () => {
  it('an empty file fails with a clear message; stored datasets stay', async () => {
    const { page } = app;
    const before = await page.getByTestId('dataset-row').count();
    await importFile(page, `${BAD}/empty.csv`);
    await page.getByTestId('job-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-error').textContent()).toMatch(/file is empty/);
    expect(await page.getByTestId('dataset-row').count()).toBe(before);
  });

  it('markup in column names and cells is shown as text', async () => {
    const { page } = app;
    await importFile(page, `${BAD}/html-names.csv`);
    await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('dataset-title').textContent()).toBe('html-names');
    expect(await page.getByTestId('column-table').textContent()).toContain('<script>alert(1)</script>');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
  });

  it('PII columns are reviewed before import; hashed by default, opt-out keeps one in clear text', async () => {
    const { page } = app;
    await importFile(page, `${BAD}/pii.csv`);
    await page.getByTestId('pii-review').waitFor({ timeout: 30_000 });
    const review = (await page.getByTestId('pii-review').textContent()) ?? '';
    for (const name of ['email', 'phone', 'full_name']) expect(review).toContain(name);
    await page.getByTestId('pii-keep-2').check(); // full_name stays readable
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('dataset-title').textContent()).toBe('pii');
    expect(await column(page, 'email').getByTestId('pii-badge').textContent()).toContain('hashed');
    expect(await column(page, 'full_name').getByTestId('pii-badge').textContent()).toContain('clear');
    expect(await column(page, 'email').textContent()).not.toContain('@example');
    expect(await column(page, 'full_name').textContent()).toContain('Ann Smith');
  });

  it('deletes a dataset after confirmation', async () => {
    const { page } = app;
    const before = await page.getByTestId('dataset-row').count();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('dataset-row').filter({ hasText: 'html-names' }).getByTestId('dataset-delete').click();
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(before - 1);
  });
});
