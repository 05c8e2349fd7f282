// Offline PWA in a real Chromium: the first visit precaches the app; with the server really stopped a reload serves
// the shell (with its CSP header) from the service worker, the ML backend starts, a new file imports and a job runs,
// and the stored datasets and results are still there; a new service worker brings the update prompt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { CSP } from '../../vite.config.ts';
import { backendReady, closeApp, openApp, pauseServer, resumeServer, type App } from './harness.ts';

let app: App;
const dir = mkdtempSync(join(tmpdir(), 'locallift-offline-'));

/** A small transaction log written here (never fetched): 120 customers, 1–6 orders each over 2025. */
function writeOrders(): string {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) as number;
  const lines = ['customer_id,order_date,revenue'];
  for (let c = 1; c <= 120; c++)
    for (let o = 0, n = 1 + Math.floor(rand() * 6); o < n; o++) {
      const day = new Date(Date.UTC(2025, 0, 1 + Math.floor(rand() * 360))).toISOString().slice(0, 10);
      lines.push(`C${String(c).padStart(4, '0')},${day},${(5 + rand() * (c % 3 === 0 ? 400 : 60)).toFixed(2)}`);
    }
  const path = join(dir, 'offline-orders.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys())
      for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
    return out;
  });
}

async function runSegments(page: Page, dataset: string): Promise<number> {
  await page.getByTestId('nav-segments').click();
  await page.getByTestId('segment-dataset').selectOption({ label: dataset });
  await page.getByTestId('segment-run').click();
  await page.getByTestId('segment-results').waitFor({ timeout: 120_000 });
  return page.getByTestId('segment-card').count();
}

beforeAll(async () => {
  app = await openApp();
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeApp(app);
});

describe('offline PWA', () => {
  let datasetsBefore = 0;
  let segmentsBefore = 0;

  it('precaches the shell, the worker, the three wasm binaries and every sample on the first visit', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('offline-ready').textContent()).resolves.toContain('Available offline');
    const cached = await cachedPaths(page);
    const wasm = cached.filter((p) => p.endsWith('.wasm')).map((p) => p.replace(/^.*\/|-[\w-]{8}\.wasm$/g, ''));
    expect(wasm.sort()).toEqual(['tfjs-backend-wasm', 'tfjs-backend-wasm-simd', 'tfjs-backend-wasm-threaded-simd']);
    expect(cached.some((p) => /\/assets\/ml\.worker-[\w-]+\.js$/.test(p))).toBe(true);
    expect(cached).toContain('/index.html');
    expect(cached).toContain('/manifest.webmanifest');
    const manifest = JSON.parse(readFileSync('dist/samples/manifest.json', 'utf8')) as { files: { name: string }[] };
    expect(manifest.files.length).toBeGreaterThan(2);
    for (const f of ['manifest.json', ...manifest.files.map((f) => f.name)]) expect(cached).toContain(`/samples/${f}`);
    console.log(`[e2e] precache: ${cached.length} entries`);
  });

  it('stores a result while online (segments on a sample)', async () => {
    const { page } = app;
    datasetsBefore = await page.getByTestId('dataset-row').count();
    segmentsBefore = await runSegments(page, 'ecommerce-transactions');
    expect(datasetsBefore).toBeGreaterThan(0);
    expect(segmentsBefore).toBeGreaterThan(1);
  });

  it('with the server stopped, reloads from the service worker with the CSP header and the ML backend', async () => {
    const { page } = app;
    await pauseServer();
    await expect(fetch(app.url)).rejects.toThrow();
    const network: string[] = [];
    const wasm: Response[] = [];
    let worker: Response | undefined;
    page.on('response', (r) => {
      if (!r.fromServiceWorker()) network.push(r.url());
      if (r.url().endsWith('.wasm')) wasm.push(r);
      if (/\/ml\.worker-[\w-]+\.js$/.test(r.url())) worker = r;
    });
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const t0 = Date.now();
    const res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true);
    expect(res?.headers()['content-security-policy']).toBe(CSP);
    const backend = await backendReady(page);
    console.log(`[e2e] offline reload → backend ${backend} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await expect(page.getByTestId('backend-selftest').textContent()).resolves.toMatch(/self-test passed/);
    await page.getByTestId('offline-ready').waitFor();
    // A module worker takes its CSP from its own script response, not from the page: it must come back too.
    expect(worker?.fromServiceWorker()).toBe(true);
    expect((await worker?.allHeaders())?.['content-security-policy']).toBe(CSP);
    if (backend === 'wasm') expect(wasm.length).toBeGreaterThan(0);
    for (const r of wasm) expect(r.fromServiceWorker()).toBe(true);
    // Everything came from Cache Storage: nothing reached (or tried to reach) the network.
    expect(network.filter((u) => u.startsWith(app.origin))).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('offline, keeps the stored datasets and results, imports a new file and runs a job on it', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(datasetsBefore);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-dataset').selectOption({ label: 'ecommerce-transactions' });
    await page.getByTestId('segment-results').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('segment-card').count()).resolves.toBe(segmentsBefore);

    await page.getByTestId('nav-data').click();
    await page.getByTestId('file-input').setInputFiles(writeOrders());
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('import-done').textContent()).resolves.toContain('offline-orders');
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(datasetsBefore + 1);
    expect(await runSegments(page, 'offline-orders')).toBeGreaterThan(1);
  });

  it('says "Offline" while the browser has no network', async () => {
    const { page, context } = app;
    await context.setOffline(true);
    await page.getByTestId('offline-status').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('offline-status').textContent()).resolves.toContain('Offline');
    await context.setOffline(false);
    await page.getByTestId('offline-status').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('shows the update prompt when a new service worker waits, and reloads into it', async () => {
    const { page } = app;
    await resumeServer({ swSuffix: '\n// e2e: a new build\n' });
    expect((await fetch(app.url)).ok).toBe(true);
    await page.reload();
    await backendReady(page);
    expect(await page.getByTestId('update-prompt').count()).toBe(0);
    // The browser checks for a new worker on navigations and periodically; update() is that check, now.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByTestId('update-prompt').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('update-prompt').textContent()).resolves.toContain('Update available');
    const waiting = () => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting);
    expect(await waiting()).toBe(true);
    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.getByTestId('update-reload').click()]);
    await backendReady(page);
    expect(await waiting()).toBe(false);
    expect(await page.getByTestId('update-prompt').count()).toBe(0);
    await page.getByTestId('offline-ready').waitFor();
  });
});
