// Recommendations page in a real Chromium: train on the ratings sample, read the comparison (best marked), get a
// customer's top-N with reasons, fold in a basket, export top-N as CSV, reload and find the model still serving; on the
// education workspace, the trust verdict and one click on "Show titles from <catalogue>" putting course titles in the
// top-N list and its reasons; on planted noise with duplicate ratings, "No usable signal" with the baseline's lists
// labelled, similar items withheld and the merge said.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, backendReady, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

async function openPage(): Promise<void> {
  const { page } = app;
  await page.getByTestId('nav-recommendations').click();
  await page.getByTestId('rec-dataset').selectOption({ label: 'ratings' });
}

describe('recommendations page', () => {
  it('trains on the ratings sample and shows the comparison with the best model marked', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await openPage();
    await page.getByTestId('rec-run').click();
    await page.getByTestId('rec-table').waitFor({ timeout: 120_000 });
    const rows = page.getByTestId('rec-row');
    expect(await rows.count()).toBe(5);
    const best = page.getByTestId('rec-row').filter({ hasText: '★' });
    expect(await best.count()).toBe(1);
    await expect(best.textContent()).resolves.toContain('Matrix factorisation');
    await expect(page.getByTestId('rec-chart').locator('canvas').count()).resolves.toBe(1);
    expect(await page.getByTestId('rec-warning').count()).toBe(0);
  });

  it('recommends for a customer with reasons, and for a pasted basket', async () => {
    const { page } = app;
    await page.getByTestId('rec-user').fill('U001');
    await page.getByTestId('rec-user-go').click();
    const list = page.getByTestId('rec-user-list');
    await list.waitFor({ timeout: 30_000 });
    expect(await list.getByTestId('rec-item').count()).toBe(10);
    await expect(list.getByTestId('rec-reason').first().textContent()).resolves.toMatch(/^because you rated “The .+”/);
    await page.getByTestId('rec-basket-input').fill('M001,5\nM002,4.5\nM003,1');
    await page.getByTestId('rec-basket-go').click();
    const basket = page.getByTestId('rec-basket-list');
    await basket.waitFor({ timeout: 30_000 });
    const items = await basket.getByTestId('rec-item').allTextContents();
    expect(items).toHaveLength(10);
    expect(items.join(' ')).not.toMatch(/\(M00[123]\)/);
  });

  it('exports top-N for every customer as CSV', async () => {
    const { page } = app;
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('rec-export-topn').click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('user,rank,item,name,score,reason');
    expect(lines.length).toBe(1 + 500 * 10);
    expect(lines[1]).toMatch(/^U\d{3},1,M\d{3},The .+,because you rated/);
  });

  it('keeps the comparison and serves recommendations after a reload', async () => {
    const { page } = app;
    await page.reload();
    await backendReady(page);
    await openPage();
    await page.getByTestId('rec-table').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('rec-row').count()).toBe(5);
    await page.getByTestId('rec-user').fill('U002');
    await page.getByTestId('rec-user-go').click();
    await page.getByTestId('rec-user-list').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('rec-user-list').getByTestId('rec-item').count()).toBe(10);
  });
});

describe('item catalogue join', () => {
  it('with a catalogue among the datasets, one click shows its titles in the top-N list and the reasons', async () => {
    const { page } = app;
    const titles = readFileSync('dist/samples/education-courses.csv', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1]!);
    await page.getByTestId('nav-data').click();
    const load = page.getByTestId('load-workspace-education');
    await load.click();
    await expect.poll(() => load.textContent(), { timeout: 180_000 }).toBe('education sample loaded');
    await page.getByTestId('nav-recommendations').click();
    await page.getByTestId('rec-dataset').selectOption({ label: 'education-enrolments' });
    await page.getByTestId('rec-mode').selectOption('implicit');
    await page.getByTestId('rec-grid').selectOption('quick');
    await page.getByTestId('rec-run').click();
    await page.getByTestId('rec-table').waitFor({ timeout: 180_000 });
    // planted topic clusters: the models beat most-popular, and the page says so
    await expect(page.getByTestId('rec-signal').getAttribute('data-usable')).resolves.toBe('true');
    await page.getByTestId('rec-user').fill('L00001');
    await page.getByTestId('rec-user-go').click();
    const list = page.getByTestId('rec-user-list');
    await list.waitFor({ timeout: 30_000 });
    const before = await list.getByTestId('rec-item').allTextContents();
    expect(before.some((t) => titles.some((title) => t.includes(title)))).toBe(false);
    await page.getByTestId('rec-catalogue-join').filter({ hasText: 'education-courses' }).click();
    await page.getByTestId('rec-catalogue-joined').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => (await list.getByTestId('rec-item').allTextContents()).join(' | '), { timeout: 30_000 })
      .toMatch(/\(CRS-\d+\)/);
    const after = await list.getByTestId('rec-item').allTextContents();
    expect(after.some((t) => titles.some((title) => t.includes(`${title} (CRS-`)))).toBe(true);
    const reasons = await list.getByTestId('rec-reason').allTextContents();
    expect(reasons.some((r) => titles.some((title) => r.includes(`“${title}”`)))).toBe(true);
    await expect(page.getByTestId('rec-catalogue-joined').textContent()).resolves.toMatch(/\d+ of \d+ items named/);
  });
});

/** Random stars for random films (no structure), with some ratings given twice: nothing to learn, pairs to merge. */
function noiseFile(): string {
  let x = 7;
  const r = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['customer_id,item_id,rating'];
  for (let u = 0; u < 300; u++) {
    const seen = new Set<number>();
    while (seen.size < 25) seen.add(Math.floor(r() * 200));
    for (const i of seen) lines.push(`N${u},F${i},${1 + Math.floor(r() * 5)}`);
    lines.push(`N${u},F${[...seen][0]},${1 + Math.floor(r() * 5)}`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'locallift-noise-')), 'noise-ratings.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('trust guard on the page', () => {
  it('planted noise: "No usable signal" with the reason, baseline lists labelled, similar items withheld', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    const before = await page.getByTestId('dataset-row').count();
    await page.getByTestId('file-input').setInputFiles(noiseFile());
    await expect.poll(() => page.getByTestId('dataset-row').count(), { timeout: 60_000 }).toBe(before + 1);
    await page.getByTestId('nav-recommendations').click();
    await page.getByTestId('rec-dataset').selectOption({ label: 'noise-ratings' });
    await page.getByTestId('rec-mode').selectOption('auto');
    await page.getByTestId('rec-run').click();
    await page.getByTestId('rec-table').waitFor({ timeout: 120_000 });
    const signal = page.getByTestId('rec-signal');
    await expect(signal.getAttribute('data-usable')).resolves.toBe('false');
    await expect(page.getByTestId('rec-signal-reason').textContent()).resolves.toMatch(
      /^No usable signal: .*baseline “Biases only \(ALS\)”/,
    );
    await expect(page.getByTestId('rec-note').textContent()).resolves.toMatch(
      /^Duplicate rows merged before the split: 300, from 300 \(customer, item\) pairs.*mean of its ratings/,
    );
    await page.getByTestId('rec-user').fill('N1');
    await page.getByTestId('rec-user-go').click();
    const list = page.getByTestId('rec-user-list');
    await list.waitFor({ timeout: 30_000 });
    await page.getByTestId('rec-baseline-label').waitFor();
    const reasons = await list.getByTestId('rec-reason').allTextContents();
    expect(reasons.length).toBe(10);
    expect(reasons.some((t) => /because you/.test(t))).toBe(false);
    await page.getByTestId('rec-similar-withheld').waitFor();
    expect(await page.getByTestId('rec-similar-go').count()).toBe(0);
  });
});

/** Visible text in <main> outside data ([translate="no"]), with this page's select options and placeholders. */
function pageTexts(page: App['page']): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('main')!;
    const out: string[] = [];
    const isData = (el: Element) => el.closest('[translate="no"]') !== null;
    const visible = (el: Element) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text || el.closest('script, style, select') || isData(el) || !visible(el)) continue;
      out.push(text);
    }
    for (const id of ['rec-mode', 'rec-split', 'rec-grid'])
      for (const o of root.querySelector<HTMLSelectElement>(`[data-testid="${id}"]`)?.options ?? []) out.push(o.text);
    for (const el of root.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]'))
      if (visible(el)) out.push(el.placeholder);
    return out;
  });
}

// Acronyms the Chinese messages keep (metric and file-format names), as the i18n E2E allows them.
const KEPT = /(?<![A-Za-z])(?:RMSE|MAE|NDCG|CSV|PNG)(?![A-Za-z])/g;

describe('in 中文', () => {
  it('the comparison, reasons, basket and trust verdict leave no English outside data', async () => {
    const { page } = app;
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await openPage();
    await page.getByTestId('rec-table').waitFor({ timeout: 30_000 });
    await page.getByTestId('rec-user').fill('U001');
    await page.getByTestId('rec-user-go').click();
    const list = page.getByTestId('rec-user-list');
    await list.waitFor({ timeout: 30_000 });
    await expect(list.getByTestId('rec-reason').first().textContent()).resolves.toMatch(/^因为你评价过“The .+”/);
    await page.getByTestId('rec-basket-input').fill('M001,5\nM002,4.5');
    await page.getByTestId('rec-basket-go').click();
    await page.getByTestId('rec-basket-list').waitFor({ timeout: 30_000 });
    const english = (t: string) => /[A-Za-z]{3,}/.test(t.replace(KEPT, ' '));
    expect((await pageTexts(page)).filter(english)).toEqual([]);
    // the no-signal verdict and its baseline-labelled lists
    await page.getByTestId('rec-dataset').selectOption({ label: 'noise-ratings' });
    await page.getByTestId('rec-signal-reason').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('rec-signal-reason').textContent()).resolves.toMatch(/^未发现可用信号/);
    expect((await pageTexts(page)).filter(english)).toEqual([]);
    await page.getByTestId('locale-select').selectOption('en');
  });
});
