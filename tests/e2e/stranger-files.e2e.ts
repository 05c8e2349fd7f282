// A stranger's files in a real Chromium: the file input takes any extension (the reader judges the content), a
// header-less space-aligned log with CRLF comes in as columns with its roles and shape, and binary content is
// refused with the reader's message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeApp, openApp, type App } from './harness.ts';

let app: App;
const dir = mkdtempSync(join(tmpdir(), 'locallift-stranger-'));

beforeAll(async () => {
  app = await openApp();
  await app.page.getByTestId('nav-data').click();
  await app.page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
});

afterAll(() => closeApp(app));

async function importText(name: string, content: string | Uint8Array): Promise<void> {
  const path = join(dir, name);
  writeFileSync(path, content);
  await app.page.getByTestId('file-input').setInputFiles(path);
}

describe('files of any extension', () => {
  it('a header-less space-aligned purchase log named .log: columns, roles and a transactions shape', async () => {
    const { page } = app;
    const lines: string[] = [];
    for (let c = 0; c < 80; c++)
      for (let k = 0; k < 5; k++)
        lines.push(
          ` ${String(c).padStart(5, '0')} 199701${10 + 3 * k}  ${[1, 1, 1, 2, 3][k]}   ${(9.5 + c + k).toFixed(2)}`,
        );
    await importText('purchases.log', lines.join('\r\n') + '\r\n');
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('dataset-title').textContent(), { timeout: 30_000 }).toBe('purchases');
    const shape = () => page.getByTestId('shape-card').getAttribute('data-shape', { timeout: 30_000 });
    await expect.poll(shape, { timeout: 30_000 }).toBe('transactions');
    await expect(page.getByTestId('dataset-view').textContent()).resolves.toContain('runs of spaces');
  });

  it('binary content under a .data name is refused with a clear message', async () => {
    const { page } = app;
    await importText('photo.data', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49]));
    await expect
      .poll(() => page.getByTestId('job-error').first().textContent(), { timeout: 30_000 })
      .toMatch(/not a text CSV/);
  });
});
