// Accessibility gate: axe-core (WCAG 2 A + AA rules) on every page, light and dark, with result views present;
// fails on any serious or critical violation that is not in the documented allowlist below.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, type App } from './harness.ts';

const PAGES = ['data', 'segments', 'propensity', 'clv', 'recommendations', 'ads', 'history', 'settings'] as const;

// axe's own bundle, read from node_modules (never fetched). The app's CSP (script-src 'self') forbids an inline
// <script>, so page.addScriptTag({content}) would be blocked; page.evaluate runs through the DevTools protocol
// (Runtime.evaluate), which CSP does not govern, so the page keeps its real, strict CSP during the audit.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Known serious/critical violations left on purpose, each with why: rule id + a substring of the target selector.
 * Any violation not matched here fails the test. Keep this list empty unless the fix lies outside the a11y change.
 */
const ALLOWLIST: { rule: string; target: string; why: string }[] = [];

interface Finding {
  rule: string;
  impact: string;
  targets: string[];
}

async function audit(app: App): Promise<Finding[]> {
  const { page } = app;
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource + '; 0');
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[];
    }
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: [] });
    return r.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      // The selector, then axe's own one-line reason (for contrast: the colours and the ratio found).
      targets: v.nodes.map(
        (n) =>
          `${n.target.map(String).join(' ')} [${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}]`,
      ),
    }));
  });
  return found
    .filter((f) => f.impact === 'serious' || f.impact === 'critical')
    .map((f) => ({
      ...f,
      targets: f.targets.filter((t) => !ALLOWLIST.some((a) => a.rule === f.rule && t.includes(a.target))),
    }))
    .filter((f) => f.targets.length > 0);
}

let app: App;

beforeAll(async () => {
  app = await openApp();
  const { page } = app;
  await page.getByTestId('nav-data').click();
  await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
  // A segmentation, so the segments page shows its result view (cards, rules, the map) and history has a run.
  await page.getByTestId('nav-segments').click();
  await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
  await page.getByTestId('segment-run').click();
  await page.getByTestId('segment-results').waitFor({ timeout: 120_000 });
  // A short propensity model and a lifetime-value run: their result views (charts, tables, notes) are audited too.
  await page.getByTestId('nav-propensity').click();
  await page.getByTestId('propensity-dataset').selectOption({ label: 'customers-churn' });
  await page.getByTestId('propensity-target').selectOption('churned');
  await page.getByTestId('propensity-model').selectOption('mlp');
  await page.getByTestId('propensity-epochs').fill('4');
  await page.getByTestId('propensity-run').click();
  await page.getByTestId('propensity-results').waitFor({ timeout: 180_000 });
  await page.getByTestId('nav-clv').click();
  await page.getByTestId('clv-dataset').selectOption({ label: 'ecommerce-transactions' });
  await page.getByTestId('clv-run').click();
  await page.getByTestId('clv-results').waitFor({ timeout: 120_000 });
}, 480_000);

afterAll(() => closeApp(app));

async function auditAll(scheme: 'light' | 'dark'): Promise<string[]> {
  await app.page.emulateMedia({ colorScheme: scheme });
  const report: string[] = [];
  for (const p of PAGES) {
    await app.page.getByTestId(`nav-${p}`).click();
    await app.page.waitForFunction((hash) => location.hash === hash, `#/${p}`);
    await app.page.waitForTimeout(400); // let the page's first render and its charts settle
    for (const f of await audit(app))
      report.push(`[${scheme}] ${p}: ${f.rule} (${f.impact}) on ${f.targets.slice(0, 8).join(' | ')}`);
  }
  return report;
}

describe('accessibility (axe-core, WCAG 2 A/AA)', () => {
  it('no serious or critical violation on any page, light scheme', async () => {
    const report = await auditAll('light');
    expect(report, report.join('\n')).toEqual([]);
  }, 180_000);

  it('no serious or critical violation on any page, dark scheme', async () => {
    const report = await auditAll('dark');
    expect(report, report.join('\n')).toEqual([]);
  }, 180_000);

  it('dataset tabs follow the arrow keys (roving tabindex) and a focused control shows a ring', async () => {
    const { page } = app;
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('nav-data').click();
    await page.getByTestId('dataset-select').first().click();
    const columns = page.getByTestId('tab-columns');
    await columns.click();
    await expect(page.getByTestId('tab-preview').getAttribute('tabindex')).resolves.toBe('-1');
    await columns.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('tab-preview').getAttribute('aria-selected')).toBe('true');
    await expect(page.getByTestId('tab-preview').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect.poll(() => page.getByTestId('tab-preview').getAttribute('tabindex')).toBe('0');
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('tab-quality').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight'); // wraps to the first
    await expect.poll(() => columns.getAttribute('aria-selected')).toBe('true');
    // Keyboard focus (not a mouse click) draws the :focus-visible outline: 3px solid, on header links too.
    await page.getByTestId('nav-data').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement as Element);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(ring).toBe('solid 3px');
  }, 60_000);

  it('the audit can fail: a control without a name is reported', async () => {
    await app.page.getByTestId('nav-settings').click();
    await app.page.evaluate(() => {
      const b = document.createElement('button');
      b.id = 'a11y-probe';
      document.querySelector('main')?.append(b);
    });
    const found = await audit(app);
    await app.page.evaluate(() => document.getElementById('a11y-probe')?.remove());
    expect(found.map((f) => f.rule)).toContain('button-name');
  }, 60_000);
});
