// Workspace file between two fresh browser profiles: profile 1 segments the sample shop and exports its workspace;
// profile 2 (its own samples already loaded) imports the file after confirming the replace, and shows the same
// datasets (same ids and names) and the stored segments; a damaged copy is refused and changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, type App } from './harness.ts';

let one: App;
let two: App | undefined;
let file = '';
let exportSeconds = 0;

beforeAll(async () => {
  one = await openApp();
});

afterAll(async () => {
  const thrown = [...one.pageErrors];
  await one.close();
  await closeApp(two);
  if (thrown.length) throw new Error(`uncaught page errors in profile 1: ${thrown.join(' | ')}`);
});

/** Datasets as stored (id and name), read straight from IndexedDB. */
function storedDatasets(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const r = indexedDB.open('locallift');
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const all = r.result.transaction('datasets').objectStore('datasets').getAll();
          all.onsuccess = () => {
            resolve((all.result as { id: string; name: string }[]).map((d) => `${d.id} ${d.name}`).sort());
            r.result.close();
          };
        };
      }),
  );
}

async function samplesLoaded(page: Page): Promise<void> {
  await page.getByTestId('nav-data').click();
  await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
}

async function segmentNames(page: Page): Promise<string[]> {
  await page.getByTestId('nav-segments').click();
  await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
  await page.getByTestId('segment-results').waitFor({ timeout: 60_000 });
  return page.getByTestId('segment-name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
}

describe('workspace file', () => {
  it('profile 1: segments the sample shop and exports one .llw file', async () => {
    const { page } = one;
    await samplesLoaded(page);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
    await page.getByTestId('segment-run').click();
    await page.getByTestId('segment-results').waitFor({ timeout: 120_000 });
    await page.getByTestId('segment-name').first().fill('VIP club');
    await page.getByTestId('segment-save-names').click();
    await expect.poll(() => segmentNames(page), { timeout: 30_000 }).toContain('VIP club');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('workspace-pii').check();
    await page.getByTestId('workspace-pii-warning').waitFor();
    await page.getByTestId('workspace-pii').uncheck();
    const t0 = performance.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByTestId('workspace-export').click(),
    ]);
    exportSeconds = (performance.now() - t0) / 1000;
    expect(download.suggestedFilename()).toMatch(/^locallift-workspace-\d{8}\.llw$/);
    file = join(tmpdir(), `e2e-${Date.now()}-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const msg = (await page.getByTestId('workspace-message').textContent()) ?? '';
    expect(msg).toMatch(/Saved locallift-workspace-\d{8}\.llw: \d+ datasets, [1-9]\d* results/);
    console.log(`[workspace] export: ${msg.trim()} (click → download ${exportSeconds.toFixed(2)} s)`);
  });

  it('profile 2: refuses a damaged copy and changes nothing, then imports the file after confirming', async () => {
    two = await openApp();
    const { page } = two;
    await samplesLoaded(page);
    const own = await storedDatasets(page);
    const bytes = readFileSync(file);
    const damaged = Buffer.from(bytes);
    for (let i = 0; i < 64; i++) damaged[Math.floor(bytes.length / 2) + i]! ^= 0x5a;
    const bad = file.replace(/\.llw$/, '-damaged.llw');
    writeFileSync(bad, damaged);

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('workspace-import').setInputFiles(bad);
    const refusal = page.getByTestId('workspace-message');
    await expect.poll(async () => refusal.textContent(), { timeout: 60_000 }).toMatch(/damaged.*Nothing was changed/);
    expect(await storedDatasets(page)).toStrictEqual(own);

    const t0 = performance.now();
    await page.getByTestId('workspace-import').setInputFiles(file);
    // This profile already holds its own samples: the import asks before replacing them.
    await page.getByTestId('workspace-replace').click({ timeout: 60_000 });
    await expect
      .poll(async () => page.getByTestId('workspace-message').textContent(), { timeout: 120_000 })
      .toMatch(/^\s*Imported the workspace/);
    const importSeconds = (performance.now() - t0) / 1000;
    console.log(
      `[workspace] import: ${(await refusal.textContent())?.trim()} (file ${bytes.length} bytes, ` +
        `pick → done ${importSeconds.toFixed(2)} s)`,
    );
    expect(await storedDatasets(page)).toStrictEqual(await storedDatasets(one.page));
  });

  it('profile 2 shows the same datasets and the stored segments', async () => {
    const page = two!.page;
    const names = async (p: Page) => {
      await p.getByTestId('nav-data').click();
      await p.getByTestId('dataset-select').first().waitFor();
      return (await p.getByTestId('dataset-select').allTextContents()).sort();
    };
    const expected = await names(one.page);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => names(page), { timeout: 30_000 }).toStrictEqual(expected);
    const segments = await segmentNames(page);
    expect(segments).toContain('VIP club');
    expect(segments).toStrictEqual(await segmentNames(one.page));
    // History came along: profile 2 never segmented anything itself, yet lists profile 1's segment run.
    await page.getByTestId('nav-history').click();
    // The Job column words the kind in the reader's language; data-kind keeps the recorded kind.
    const kinds = page.getByTestId('history-table').locator('tbody tr td[data-kind]');
    await expect
      .poll(async () => kinds.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-kind'))), { timeout: 30_000 })
      .toContain('segment');
  });
});
