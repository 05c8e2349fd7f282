// A page that cannot render what is stored (a result written by a broken or older build) shows what failed and how to
// recover — never a blank page — and the rest of the app keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendReady, closeApp, openApp, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

/** Writes a segment result that no longer reads (no cards, no customers) for a dataset, straight into IndexedDB. */
async function corruptSegments(name: string): Promise<void> {
  await app.page.evaluate(async (datasetName) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('locallift');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const all = await new Promise<{ id: string; name: string }[]>((ok) => {
      const r = db.transaction('datasets').objectStore('datasets').getAll();
      r.onsuccess = () => ok(r.result as { id: string; name: string }[]);
    });
    const id = all.find((d) => d.name === datasetName)!.id;
    await new Promise<void>((ok, fail) => {
      const tx = db.transaction('results', 'readwrite');
      tx.objectStore('results').put({
        schemaVersion: 1,
        id: `segment:${id}`,
        kind: 'segment',
        datasetId: id,
        createdAt: Date.now(),
        spec: {},
        result: { k: 3, cards: null, customers: null, rules: null },
      });
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, name);
}

describe('page error boundary', () => {
  it('a stored result that cannot be shown gives a recoverable error panel, not a blank page', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await corruptSegments('ecommerce-transactions');
    await page.reload();
    await backendReady(page);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
    await page.getByTestId('page-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('page-error').textContent()).toMatch(/could not be shown.*were not changed/s);
    // The rest of the app works: Data still lists every dataset.
    await page.getByTestId('page-error-data').click();
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBeGreaterThan(0);
  });
});
