// Foundation in a real Chromium: app loads, a backend is chosen and shown, a worker job reports progress and
// can be cancelled, the backend choice survives a reload, and no request leaves the app's origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, backendReady, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

describe('app shell', () => {
  it('loads, shows every page in the navigation and chooses a backend that passed its self-test', async () => {
    const { page } = app;
    for (const p of ['data', 'segments', 'propensity', 'recommendations', 'ads', 'history', 'settings']) {
      await expect(page.getByTestId(`nav-${p}`).isVisible()).resolves.toBe(true);
    }
    const name = await backendReady(page);
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(name);
    await expect(page.getByTestId('backend-selftest').textContent()).resolves.toMatch(/self-test passed/);
    console.log(`[e2e] backend chosen in headless Chromium: ${name}`);
  });

  it('serves the page with a CSP that forbids other origins', async () => {
    const res = await app.page.request.get(app.url);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(await res.text()).toContain('Content-Security-Policy');
  });
});

describe('built app', () => {
  it('references no other origin except known non-fetched strings (doc links in error texts, XML namespaces)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    // Hosts that appear only inside error messages, comments and namespace URIs of bundled libraries.
    const inert = new Set([
      'svelte.dev',
      'github.com',
      'www.w3.org',
      'emscripten.org',
      'en.wikipedia.org',
      'arxiv.org',
      'www.shadertoy.com',
      // paraglide-js runtime: a docs link in an error text, and base URLs for parsing paths when there is no window
      // (`new URL(path, 'http://example.com')`, the server-side origin fallback) — parsed, never requested.
      'paraglidejs.com',
      'example.com',
      'fallback.com',
      // messages/en.json's "$schema" (the worker words CSV exports in English from it): a string, never fetched.
      'inlang.com',
    ]);
    const files = [
      'dist/index.html',
      ...readdirSync('dist/assets')
        .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
        .map((f) => `dist/assets/${f}`),
    ];
    const hosts = new Set<string>();
    for (const f of files)
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:https?:)?\/\/([a-z0-9.-]+\.[a-z]{2,})[/"'`]/gi))
        hosts.add(m[1]!.toLowerCase());
    expect([...hosts].filter((h) => !inert.has(h))).toEqual([]);
  });
});

describe('sample workspace', () => {
  it('is imported on first run, listed in the library, and survives a reload and a browser restart', async () => {
    const { readFileSync } = await import('node:fs');
    const manifest = JSON.parse(readFileSync('dist/samples/manifest.json', 'utf8')) as {
      files: { name: string; workspace?: string }[];
    };
    // The first visit imports the default (e-commerce) workspace; the others load from their own buttons.
    manifest.files = manifest.files.filter((f) => (f.workspace ?? 'ecommerce') === 'ecommerce');
    expect(manifest.files.length).toBeGreaterThan(0);
    let page = app.page;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    const rows = page.getByTestId('dataset-row');
    await expect.poll(() => rows.count()).toBe(manifest.files.length);
    const names = (await page.getByTestId('dataset-library').textContent()) ?? '';
    for (const f of manifest.files) expect(names).toContain(f.name.replace(/\.csv$/, ''));
    await page.reload();
    await backendReady(page);
    await page.getByTestId('nav-data').click();
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(manifest.files.length);
    await app.restart();
    page = app.page;
    await backendReady(page);
    await page.getByTestId('nav-data').click();
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(manifest.files.length);
    // Not imported twice: the first-run import happens once per profile.
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('dataset-row').count()).toBe(manifest.files.length);
  });
});

describe('worker jobs', () => {
  it('runs a TF.js fit with monotone progress and a result', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('demo-epochs').fill('150');
    await page.getByTestId('demo-run').click();
    await page.getByTestId('demo-result').waitFor({ timeout: 120_000 });
    const text = (await page.getByTestId('demo-result').textContent()) ?? '';
    const slope = Number(/y = ([\d.-]+)/.exec(text)?.[1]);
    expect(slope).toBeGreaterThan(1.2); // learning towards the planted slope 2
  });

  it('cancels a long job and the engine keeps working afterwards', async () => {
    const { page } = app;
    await page.getByTestId('demo-epochs').fill('5000');
    await page.getByTestId('demo-run').click();
    const progress = page.getByTestId('job-progress');
    await progress.waitFor();
    // Progress moves forward and never back.
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      seen.push(Number(await progress.getAttribute('value')));
      await page.waitForTimeout(250);
    }
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1]!)).toBe(true);
    expect(seen[seen.length - 1]!).toBeGreaterThan(0);
    await page.getByTestId('job-cancel').click();
    await page.getByTestId('job-cancelled').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('job-panel').count()).resolves.toBe(0);
    await page.getByTestId('demo-epochs').fill('5');
    await page.getByTestId('demo-run').click();
    await page.getByTestId('demo-result').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('demo-result').textContent()).resolves.toMatch(/on (webgpu|webgl|wasm|cpu)/);
  });

  it('terminates and respawns the worker when a job does not stop in time', async () => {
    const { page } = app;
    await page.getByTestId('demo-rows').fill('3000000'); // one epoch takes far longer than the cancel grace period
    await page.getByTestId('demo-epochs').fill('1');
    await page.getByTestId('demo-run').click();
    await page.getByTestId('job-progress').waitFor();
    await page.waitForTimeout(500);
    const t0 = Date.now();
    await page.getByTestId('job-cancel').click();
    await page.getByTestId('job-cancelled').waitFor({ timeout: 15_000 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    await expect(page.getByTestId('job-cancelled').textContent()).resolves.toMatch(/restarted/);
    await page.getByTestId('demo-rows').fill('256');
    await page.getByTestId('demo-epochs').fill('5');
    await page.getByTestId('demo-run').click();
    await page.getByTestId('demo-result').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('backend-name').isVisible()).resolves.toBe(true);
  });

  it('records runs in History, including the cancelled one', async () => {
    const { page } = app;
    await page.getByTestId('nav-history').click();
    const table = page.getByTestId('history-table');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    // The Job column words the kind; data-kind keeps the recorded one.
    expect(await table.locator('td[data-kind="demo-fit"]').count()).toBeGreaterThan(0);
    expect(text).toContain('cancelled');
    expect(text).toContain('done');
    // The run whose worker was terminated is closed too, not left "running" forever.
    expect(text).toMatch(/cancelled: .*restarted/);
    expect(text).not.toMatch(/\brunning\b/);
  });
});

describe('every backend', () => {
  for (const name of ['webgpu', 'webgl', 'wasm', 'cpu']) {
    it(`${name}: forced, self-tested and able to train`, async () => {
      const { page } = app;
      await page.getByTestId('nav-settings').click();
      await page.getByTestId(`backend-${name}`).check();
      await expect.poll(async () => page.getByTestId('settings-backend').textContent(), { timeout: 90_000 }).toBe(name);
      await page.getByTestId('demo-epochs').fill('3');
      await page.getByTestId('demo-run').click();
      await expect
        .poll(async () => page.getByTestId('demo-result').textContent(), { timeout: 90_000 })
        .toContain(`on ${name}`);
    });
  }
});

describe('settings persist', () => {
  it('a forced backend is used and remembered across a reload; automatic skips software GPUs with a reason', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('backend-wasm').check();
    await expect
      .poll(async () => page.getByTestId('backend-name').getAttribute('data-backend'), { timeout: 60_000 })
      .toBe('wasm');
    await page.reload();
    expect(await backendReady(page)).toBe('wasm');
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('backend-wasm').isChecked()).resolves.toBe(true);
    await page.getByTestId('backend-auto').check();
    await expect.poll(async () => page.getByTestId('backend-auto').isChecked()).toBe(true);
    const chosen = await backendReady(page);
    const skipped =
      (await page
        .getByTestId('backend-skipped')
        .textContent()
        .catch(() => '')) ?? '';
    // On a machine without a GPU the emulated GPU backends are skipped with the reason shown.
    if (chosen === 'wasm') expect(skipped).toMatch(/webgpu: .+/i);
  });
});
