// "What is this file?" on the Data page in a real Chromium: each sample gets its shape with reasons and one primary
// button that opens the fitting page on that dataset; changing a role asks again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
});

afterAll(() => closeApp(app));

async function select(name: string): Promise<void> {
  const { page } = app;
  await page.getByTestId('nav-data').click();
  await page.getByTestId('dataset-select').filter({ hasText: name }).first().click();
  await expect.poll(() => page.getByTestId('dataset-title').textContent(), { timeout: 30_000 }).toBe(name);
}

const shape = () => app.page.getByTestId('shape-card').getAttribute('data-shape', { timeout: 30_000 });

describe('what is this file', () => {
  it('names each sample’s shape and opens the fitting page on it with one click', async () => {
    const { page } = app;
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await select('customers-churn');
    await expect.poll(shape).toBe('customers-outcome');
    await expect(page.getByTestId('shape-card').textContent()).resolves.toMatch(/yes\/no outcome.*churned/s);
    await select('ecommerce-transactions');
    await expect.poll(shape).toBe('transactions');
    await expect(page.getByTestId('shape-alt-clv').count()).resolves.toBe(1);
    await page.getByTestId('shape-primary').click();
    await expect.poll(() => page.getByTestId('segment-dataset').inputValue()).not.toBe('');
    const chosen = await page.getByTestId('segment-dataset').locator('option:checked').textContent();
    expect(chosen).toBe('ecommerce-transactions');
  });

  it('a role fixed by hand re-runs the suggestion', async () => {
    const { page } = app;
    await select('customers-churn');
    await expect.poll(shape).toBe('customers-outcome');
    const target = page
      .locator('[data-testid^="role-select-"]')
      .filter({ has: page.locator('option:checked[value="target"]') });
    await target.first().selectOption('categorical');
    await expect.poll(shape, { timeout: 30_000 }).not.toBe('customers-outcome');
  });
});
