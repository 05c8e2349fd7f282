// Sample workspaces in a real Chromium: a fresh profile imports only the default workspace; "Load finance sample"
// imports the finance files (and only those) with progress, they are listed in the library and survive a reload.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendReady, closeApp, openApp, type App } from './harness.ts';

interface Manifest {
  files: { name: string; workspace?: string }[];
}

let app: App;
const manifest = JSON.parse(readFileSync('dist/samples/manifest.json', 'utf8')) as Manifest;
const datasetName = (f: { name: string }) => f.name.replace(/\.csv$/, '');
const inWorkspace = (ws: string) => manifest.files.filter((f) => (f.workspace ?? 'ecommerce') === ws).map(datasetName);

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

async function libraryNames(): Promise<string[]> {
  return app.page.getByTestId('dataset-select').allTextContents();
}

describe('sample workspaces', () => {
  it('a fresh profile imports the default workspace only, then finance on a click; both survive a reload', async () => {
    const { page } = app;
    const defaults = inWorkspace('ecommerce');
    const finance = inWorkspace('finance');
    expect(defaults.length).toBeGreaterThan(0);
    expect(finance).toEqual(['finance-card-customers', 'finance-card-purchases']);
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(defaults.length);
    expect((await libraryNames()).sort()).toEqual([...defaults].sort());

    const button = page.getByTestId('load-workspace-finance');
    await expect(button.textContent()).resolves.toBe('Load finance sample');
    if (manifest.files.some((f) => f.workspace === 'education'))
      expect(await page.getByTestId('load-workspace-education').count()).toBe(1);
    await button.click();
    await page.getByTestId('samples-progress').waitFor({ timeout: 30_000 });
    await expect.poll(() => button.textContent(), { timeout: 180_000 }).toBe('finance sample loaded');
    expect(await button.isDisabled()).toBe(true);
    const all = [...defaults, ...finance].sort();
    await expect.poll(async () => (await libraryNames()).sort()).toEqual(all);

    await page.reload();
    await backendReady(page);
    await page.getByTestId('nav-data').click();
    await expect.poll(async () => (await libraryNames()).sort(), { timeout: 30_000 }).toEqual(all);
    await expect(page.getByTestId('load-workspace-finance').isDisabled()).resolves.toBe(true);
    // Loading the default workspace again imports nothing twice.
    await page.getByTestId('load-samples').click();
    await page.waitForTimeout(1500);
    expect((await libraryNames()).sort()).toEqual(all);
  });
});
