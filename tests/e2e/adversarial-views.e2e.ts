// Every result view renders adversarial stored results without throwing: names that are HTML, RTL or Arabic text,
// duplicate and empty ids, 10,000 levels, NaN/Infinity/undefined figures and empty lists (built by each feature's
// real job in Node, then broken) — no page error, the results panel (not the error boundary), no element injected
// from data, and "–" where a figure is missing, never NaN or Infinity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendReady, closeApp, openApp, type App } from './harness.ts';
import { adversarialResults, encode, EVIL } from './adversarial-results.ts';

let app: App;
const dialogs: string[] = [];

/** Which sample dataset each stored result is attached to (the pages read results by dataset). */
const TARGET: Record<string, { dataset: string; kind: string }> = {
  segment: { dataset: 'ecommerce-transactions', kind: 'segment' },
  propensity: { dataset: 'customers-churn', kind: 'propensity' },
  clv: { dataset: 'ecommerce-transactions', kind: 'clv' },
  recommend: { dataset: 'ecommerce-transactions', kind: 'recommend' },
  ads: { dataset: 'ads-campaign-log', kind: 'ads' },
  'ads-impressions': { dataset: 'customers-churn', kind: 'ads' },
};

beforeAll(async () => {
  // Built first: the jobs would otherwise compete with the page's start for the CPU.
  const built = await adversarialResults();
  app = await openApp();
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await app.page.getByTestId('nav-data').click();
  await app.page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
  const records = built.map(({ kind, result }) => ({ ...TARGET[kind]!, result: encode(result) }));
  await app.page.evaluate(async (recs) => {
    const decode = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(decode);
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.$n === 'string') return o.$n === 'undefined' ? undefined : Number(o.$n);
        if (typeof o.$ta === 'string') {
          const Ctor = (globalThis as unknown as Record<string, new (a: number[]) => unknown>)[o.$ta]!;
          return new Ctor((o.v as unknown[]).map((x) => decode(x) as number));
        }
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
      }
      return v;
    };
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('locallift');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const all = await new Promise<{ id: string; name: string }[]>((ok) => {
      const r = db.transaction('datasets').objectStore('datasets').getAll();
      r.onsuccess = () => ok(r.result as { id: string; name: string }[]);
    });
    await new Promise<void>((ok, fail) => {
      const tx = db.transaction('results', 'readwrite');
      for (const rec of recs) {
        const id = all.find((d) => d.name === rec.dataset)!.id;
        tx.objectStore('results').put({
          schemaVersion: 1,
          id: `${rec.kind}:${id}`,
          kind: rec.kind,
          datasetId: id,
          createdAt: Date.now(),
          spec: { kind: rec.kind, datasetId: id },
          result: decode(rec.result),
        });
      }
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, records);
  await app.page.reload();
  await backendReady(app.page);
}, 240_000);

afterAll(() => closeApp(app));

/** Opens a page on a dataset and checks its results panel rendered the adversarial result as plain text. */
async function check(nav: string, picker: string, dataset: string, results: string): Promise<string> {
  const { page } = app;
  await page.getByTestId(nav).click();
  const select = page.getByTestId(picker);
  const label = await select
    .locator('option')
    .evaluateAll((os, name) => os.map((o) => o.textContent ?? '').find((t) => t.startsWith(name)), dataset);
  await select.selectOption({ label: label! });
  await page.getByTestId(results).waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('page-error').count()).toBe(0);
  const injected = await page.evaluate(
    () =>
      [...document.querySelectorAll('img')].filter((i) => i.getAttribute('src') === 'x' || i.hasAttribute('onerror'))
        .length + [...document.querySelectorAll('b')].filter((b) => b.textContent === 'x').length,
  );
  expect(injected).toBe(0);
  const text = await page.getByTestId(results).innerText();
  expect(text).not.toMatch(/\bNaN\b|\bInfinity\b|\bundefined\b/);
  expect(text).toMatch(/[–—]/);
  return text;
}

describe('result views on adversarial stored results', () => {
  it('segments: HTML names show as text, broken figures as –', async () => {
    const text = await check('nav-segments', 'segment-dataset', 'ecommerce-transactions', 'segment-results');
    expect(text).toContain(EVIL[0]);
  });

  it('propensity: no usable signal, NaN metrics and duplicate columns render', async () => {
    await check('nav-propensity', 'propensity-dataset', 'customers-churn', 'propensity-results');
    await app.page.getByTestId('propensity-no-signal').waitFor();
  });

  it('lifetime value', async () => {
    await check('nav-clv', 'clv-dataset', 'ecommerce-transactions', 'clv-results');
  });

  it('recommendations', async () => {
    await check('nav-recommendations', 'rec-dataset', 'ecommerce-transactions', 'rec-results');
  });

  it('ads: aggregate model, 10,000 effect levels and the marketing-mix panel', async () => {
    await check('nav-ads', 'ads-dataset', 'ads-campaign-log', 'ads-results');
    await app.page.getByTestId('ads-no-signal').waitFor();
  });

  it('ads: impression-level CTR with 10,000 levels', async () => {
    await check('nav-ads', 'ads-dataset', 'customers-churn', 'ads-results');
    await app.page.getByTestId('ads-ctr').waitFor();
    expect(dialogs).toEqual([]);
  });
});
