// Encodings and undo in a real Chromium: a GBK file (what Excel on Chinese Windows writes) is named GB18030 with its
// reason; "Read as" re-reads the same bytes as Windows-1252 and back with one click each (no new file pick); a repair
// in the quality panel is undone with one click.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendReady, closeApp, openApp, type App } from './harness.ts';
import { encodeLegacy } from '../unit/data/encode-helper.ts';

let app: App;

function gbkFile(): string {
  const lines = ['客户编号,城市,会员等级,消费金额,是否流失'];
  const cities = ['北京', '上海', '广州', '深圳', '成都'];
  for (let i = 0; i < 40; i++)
    lines.push(
      `C${1000 + i},${cities[i % 5]},${['普通', '金卡'][i % 2]},${i % 8 === 3 ? '' : 50 + i * 7},${i % 3 ? '否' : '是'}`,
    );
  const path = join(mkdtempSync(join(tmpdir(), 'gbk-')), 'customers-gbk.csv');
  writeFileSync(path, encodeLegacy(lines.join('\r\n') + '\r\n', 'gbk'));
  return path;
}

const column = (name: string) => app.page.locator(`[data-testid="column-row"][data-column="${name}"]`);

beforeAll(async () => {
  app = await openApp();
  await app.page.getByTestId('nav-data').click();
  await app.page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
});

afterAll(() => closeApp(app));

describe('a GBK file', () => {
  it('is detected as GB18030 with its reason, and "Read as" re-reads the same bytes in one click', async () => {
    const { page } = app;
    await page.getByTestId('file-input').setInputFiles(gbkFile());
    await expect.poll(() => page.getByTestId('encoding-name').textContent(), { timeout: 60_000 }).toBe('gb18030');
    expect(await page.getByTestId('encoding-reason').textContent()).toMatch(/GB18030 \(GBK\) decodes every byte/);
    await column('消费金额').waitFor();
    await page.getByTestId('encoding-select').selectOption('windows-1252');
    await expect.poll(() => page.getByTestId('encoding-name').textContent(), { timeout: 30_000 }).toBe('windows-1252');
    expect(await column('消费金额').count()).toBe(0);
    expect(await page.getByTestId('encoding-reason').textContent()).toMatch(/as you chose/);
    await page.getByTestId('encoding-select').selectOption('auto');
    await expect.poll(() => page.getByTestId('encoding-name').textContent(), { timeout: 30_000 }).toBe('gb18030');
    await column('消费金额').waitFor();
  });

  it('a repair is undone with one click', async () => {
    const { page } = app;
    await page.getByTestId('tab-quality').click();
    await page.getByTestId('repair-missing-impute-median').click();
    await page.getByTestId('repair-history').waitFor({ timeout: 30_000 });
    await page.getByTestId('repair-undo').click();
    await expect
      .poll(() => page.getByTestId('repair-done').textContent(), { timeout: 30_000 })
      .toMatch(/^Undone: Filled 5/);
    expect(await page.getByTestId('repair-history').count()).toBe(0);
    expect(await page.getByTestId('repair-undo').count()).toBe(0);
    expect(await page.getByTestId('repair-missing-impute-median').count()).toBe(1);
  });

  it('after a reload the bytes are gone: Read as says so; the import option reads the file as chosen', async () => {
    const { page } = app;
    await page.reload();
    await backendReady(page);
    await page.getByTestId('nav-data').click();
    await page.locator('[data-testid="dataset-select"]', { hasText: 'customers-gbk' }).first().click();
    await expect.poll(() => page.getByTestId('encoding-name').textContent(), { timeout: 30_000 }).toBe('gb18030');
    await page.getByTestId('encoding-select').selectOption('big5');
    await expect
      .poll(() => page.getByTestId('job-error').first().textContent(), { timeout: 30_000 })
      .toMatch(/no longer in memory/);
    expect(await page.getByTestId('encoding-name').textContent()).toBe('gb18030');
    await expect.poll(() => page.getByTestId('encoding-select').inputValue()).toBe('auto');
    await page.locator('details.options summary').click();
    await page.getByTestId('import-encoding').selectOption('big5');
    await page.getByTestId('file-input').setInputFiles(gbkFile());
    await expect.poll(() => page.getByTestId('encoding-name').textContent(), { timeout: 60_000 }).toBe('big5');
    expect(await page.getByTestId('encoding-reason').textContent()).toMatch(/as you chose/);
  });
});
