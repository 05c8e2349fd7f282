// One-page report in a real Chromium: segment the sample shop, give a segment a hostile name, download the report
// (a self-contained page: sections, PNG charts, no script, escaped names), print it to A4 PDF; then raise the minimum
// group size k in Settings and find the smallest segment left out of the report and of the summary CSV.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

async function downloadText(page: Page, testid: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testid).click(),
  ]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

/** Segment name → size from the summary CSV (name is the 2nd column, customers the 3rd). */
function summarySizes(csv: string): Map<string, number> {
  const rows = csv.trim().split(/\r?\n/).slice(1);
  return new Map(
    rows.map((r) => {
      const cells = r.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
      return [cells[1]!.replace(/""/g, '"'), Number(cells[2])];
    }),
  );
}

const HOSTILE = 'Best "<script>" buyers';
const HEADINGS = [
  'What was analysed',
  'Main numbers',
  'Charts',
  'What to do next',
  'Caveats',
  'Privacy: small groups left out',
];

describe('one-page report', () => {
  it('segments: a self-contained page with PNG charts, escaped names and no script, that prints to A4', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
    await page.getByTestId('segment-run').click();
    await page.getByTestId('segment-results').waitFor({ timeout: 120_000 });
    await page.getByTestId('segment-name').first().fill(HOSTILE);
    await page.getByTestId('segment-save-names').click();
    await expect.poll(() => page.getByTestId('segment-rules').textContent(), { timeout: 30_000 }).toContain(HOSTILE);

    const { name, text: html } = await downloadText(page, 'report-download');
    expect(name).toMatch(/^segments-report-ecommerce-transactions-\d{8}\.html$/);
    for (const h of HEADINGS) expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/]+=*" alt="Customers per segment/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Best &quot;&lt;script&gt;&quot; buyers');
    expect(html).toContain("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect(html).toMatch(/Every group shown has at least 10 customers or rows/);
    console.log(`segments report: ${(html.length / 1024).toFixed(1)} KiB`);

    // The page renders on its own (no request, no CSP complaint) and prints to A4.
    const view = await app.context.newPage();
    const errors: string[] = [];
    view.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await view.setContent(html, { waitUntil: 'load' });
    const img = await view
      .locator('img')
      .first()
      .evaluate((e) => (e as HTMLImageElement).naturalWidth);
    expect(img).toBeGreaterThan(300);
    const pdf = await view.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    console.log(`segments report PDF: ${pages} A4 page(s), ${(pdf.length / 1024).toFixed(1)} KiB`);
    expect(pages).toBe(1);
    expect(errors).toEqual([]);
    await view.close();
  });

  it('a minimum group size k from Settings leaves the small segment out of the report and the summary CSV', async () => {
    const { page } = app;
    const before = summarySizes((await downloadText(page, 'segment-export-summary')).text);
    expect(before.size).toBe(4);
    const [smallName, smallSize] = [...before].sort((a, b) => a[1] - b[1])[0]!;
    const k = smallSize + 1;
    expect([...before.values()].filter((s) => s < k)).toHaveLength(1);

    await page.getByTestId('nav-settings').click();
    const input = page.getByTestId('settings-min-group');
    await input.fill(String(k));
    await input.press('Tab');
    // Remembered: after a reload the exports use it before the Settings page is opened again.
    await page.reload();
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
    await page.getByTestId('segment-results').waitFor({ timeout: 60_000 });
    const after = summarySizes((await downloadText(page, 'segment-export-summary')).text);
    expect([...after.keys()].sort()).toEqual([...before.keys()].filter((n) => n !== smallName).sort());
    const { text: html } = await downloadText(page, 'report-download');
    expect(html).toContain(`Groups left out because they have fewer than ${k} customers or rows: 1 (segments: 1`);
    expect(html).not.toContain(`>${smallName}<`);
    const escaped = smallName
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
    expect(html).not.toContain(escaped);
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('settings-min-group').inputValue(), { timeout: 30_000 }).toBe(String(k));
  });
});
