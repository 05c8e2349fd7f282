// The app in Chinese (issue 12 point 2): a fresh profile picks 中文 in the header, runs a segmentation and a
// propensity model on the samples, and every page then shows no English word outside data ([translate="no"], the data
// part of a dataset option); the choice survives a reload with html[lang] zh-CN; a browser whose language is zh-CN
// opens in Chinese on its first visit.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendReady, closeApp, openApp, type App } from './harness.ts';

const PAGES = ['data', 'segments', 'propensity', 'clv', 'recommendations', 'ads', 'history', 'settings'] as const;

/**
 * Latin words a Chinese marketing analyst reads as they are: product, format, encoding and backend names, and the
 * model and metric acronyms the Chinese messages keep (i18n-common.md). Anything else of 3+ Latin letters is English.
 */
const ALLOWED = [
  'LocalLift',
  'TF.js',
  'WebGPU',
  'WebGL',
  'WebAssembly',
  'WASM',
  'wasm',
  'CPU',
  'GPU',
  'AUC',
  'ROC',
  'PCA',
  'RMSE',
  'MAE',
  'NDCG',
  'RFM',
  'CLV',
  'CTR',
  'ROAS',
  'MMM',
  'MLP',
  'GBDT',
  'GLM',
  'k-means',
  'BG/NBD',
  'Gamma-Gamma',
  'Top-N',
  'CSV',
  'TSV',
  'PNG',
  'JSON',
  'HTML',
  'PDF',
  'UTF-8',
  'UTF-16',
  'GB18030',
  'GBK',
  'Big5',
  'Shift_JIS',
  'Windows-1252',
  'ASCII',
];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const ALLOWED_RE = new RegExp(`(?<![A-Za-z])(?:${ALLOWED.map(escape).join('|')})(?![A-Za-z])`, 'g');

/** The English words left in a string once the allowed names are taken out (3+ Latin letters in a row). */
function englishWords(text: string): string[] {
  return text.replace(ALLOWED_RE, ' ').match(/[A-Za-z]{3,}/g) ?? [];
}

/**
 * Every piece of text a person sees on the page, outside data: visible text nodes (not inside [translate="no"],
 * <script>/<style> or a <select>), the options of visible selects less their data part (data-name), placeholders.
 */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const isData = (el: Element) => el.closest('[translate="no"]') !== null;
    const visible = (el: Element) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text || el.closest('script, style, noscript, select') || isData(el) || !visible(el)) continue;
      out.push(text);
    }
    for (const select of document.querySelectorAll('select')) {
      if (isData(select) || !visible(select)) continue;
      for (const option of select.options) {
        if (isData(option)) continue;
        // data-name: the option's data parts (column or dataset names), one per line.
        let text = option.text;
        for (const name of (option.dataset.name ?? '').split('\n')) if (name) text = text.replace(name, '');
        text = text.trim();
        if (text) out.push(text);
      }
    }
    for (const el of document.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]'))
      if (!isData(el) && visible(el) && el.placeholder.trim()) out.push(el.placeholder.trim());
    return out;
  });
}

/** The strings with English words in them on the page as it is now, each once. */
async function leftovers(page: Page): Promise<string[]> {
  const texts = await visibleTexts(page);
  return [...new Set(texts.filter((t) => englishWords(t).length > 0))];
}

/** Opens a page and waits until it has rendered what it has to show (stored results included). */
async function visit(page: Page, name: (typeof PAGES)[number]): Promise<void> {
  await page.getByTestId(`nav-${name}`).click();
  await page.locator('main').getByRole('heading').first().waitFor({ timeout: 30_000 });
  if (name === 'segments') await page.getByTestId('segment-results').waitFor({ timeout: 30_000 });
  if (name === 'propensity') await page.getByTestId('propensity-results').waitFor({ timeout: 30_000 });
  if (name === 'history') await page.getByTestId('history-table').waitFor({ timeout: 30_000 });
  // Stored results and charts arrive a task or two after the page: let the page settle.
  await page.waitForTimeout(1500);
}

let app: App;
let fromBrowser: App | undefined;

beforeAll(async () => {
  app = await openApp();
});

afterAll(async () => {
  const thrown = [...app.pageErrors];
  await app.close();
  await closeApp(fromBrowser);
  if (thrown.length) throw new Error(`uncaught page errors: ${thrown.join(' | ')}`);
});

describe('中文', () => {
  it('the word check finds English and lets the names through', () => {
    expect(englishWords('测试集 AUC 0.81 · NDCG@10 · k-means · TF.js · WebGPU · BG/NBD · Gamma-Gamma')).toEqual([]);
    expect(englishWords('导出 CSV、PNG 或 HTML 报告')).toEqual([]);
    expect(englishWords('Training loss 训练损失')).toEqual(['Training', 'loss']);
    expect(englishWords('AUCs')).toEqual(['AUCs']);
  });

  it('picks 中文 in the header: html[lang] is zh-CN and the navigation is in Chinese', async () => {
    const { page } = app;
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect(page.getByTestId('nav-data').textContent()).resolves.toBe('数据');
  });

  it('runs a segmentation and a propensity model on the samples, in Chinese', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
    await page.getByTestId('segment-run').click();
    await page.getByTestId('segment-results').waitFor({ timeout: 120_000 });
    await page.getByTestId('nav-propensity').click();
    await page.getByTestId('propensity-dataset').selectOption({ label: 'customers-churn' });
    await page.getByTestId('propensity-target').selectOption('churned');
    await page.getByTestId('propensity-model').selectOption('mlp');
    await page.getByTestId('propensity-epochs').fill('4');
    await page.getByTestId('propensity-run').click();
    await page.getByTestId('propensity-results').waitFor({ timeout: 180_000 });
  });

  it('shows no English word outside data on any page', async () => {
    const { page } = app;
    const found: Record<string, string[]> = {};
    for (const name of PAGES) {
      await visit(page, name);
      const left = await leftovers(page);
      if (left.length) found[name] = left;
    }
    const report = Object.entries(found)
      .map(([name, left]) => `${name} (${left.length}):\n${left.map((t) => `  ${JSON.stringify(t)}`).join('\n')}`)
      .join('\n');
    if (report) console.log(`[i18n] English left in zh-CN:\n${report}`);
    expect(found, `English left in zh-CN, per page:\n${report}`).toEqual({});
  });

  it('remembers the choice across a reload', async () => {
    const { page } = app;
    await page.reload();
    await backendReady(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.getByTestId('locale-select').inputValue()).toBe('zh-CN');
    await expect(page.getByTestId('nav-settings').textContent()).resolves.toBe('设置');
  });

  it('a browser whose language is zh-CN opens in Chinese on its first visit', async () => {
    fromBrowser = await openApp('', { locale: 'zh-CN' });
    const { page } = fromBrowser;
    expect(await page.evaluate(() => navigator.language)).toBe('zh-CN');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.getByTestId('locale-select').inputValue()).toBe('zh-CN');
    await expect(page.getByTestId('nav-data').textContent()).resolves.toBe('数据');
    // Its own choice of English is remembered over the browser's language.
    await page.getByTestId('locale-select').selectOption('en');
    await page.reload();
    await backendReady(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect(page.getByTestId('nav-data').textContent()).resolves.toBe('Data');
  });
});
