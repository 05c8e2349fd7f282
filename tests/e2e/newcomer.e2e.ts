// The first minute, end to end in a real Chromium: drop a file LocalLift has never seen, click the "What is this
// file?" card's primary button once, and the fitting result appears — no form filled, no Run button pressed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../src/core/random.ts';
import { closeApp, openApp, type App } from './harness.ts';

let app: App;
const dir = mkdtempSync(join(tmpdir(), 'locallift-newcomer-'));

beforeAll(async () => {
  app = await openApp();
  await app.page.getByTestId('nav-data').click();
  // The sample workspace imports on a first visit: let it finish so the drop is not queued behind it.
  await app.page.getByTestId('samples-loaded').waitFor({ timeout: 120_000 });
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeApp(app);
});

/** Customers with a yes/no outcome planted from a logistic model of visits and plan (so the AUC is well above 0.5). */
function customersCsv(n: number): string {
  const r = rng(7);
  const plans = ['basic', 'plus', 'pro'];
  const lines = ['customer,age,visits_last_month,plan,monthly_fee,renewed'];
  for (let i = 0; i < n; i++) {
    const visits = Math.floor(r() * 20);
    const p = Math.floor(r() * 3);
    const logit = -2 + 0.25 * visits + 0.8 * p;
    const yes = r() < 1 / (1 + Math.exp(-logit));
    lines.push(
      `K${1000 + i},${18 + Math.floor(r() * 60)},${visits},${plans[p]},${(9.99 + p * 10).toFixed(2)},${yes ? 'yes' : 'no'}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A ratings log: users in two taste groups rate items of their group high and the others low. */
function ratingsCsv(users: number, items: number, perUser: number): string {
  const r = rng(11);
  const lines = ['user,item,rating,timestamp'];
  for (let u = 0; u < users; u++) {
    const seen = new Set<number>();
    while (seen.size < perUser) seen.add(Math.floor(r() * items));
    for (const i of seen) {
      const liked = i % 2 === u % 2;
      const rating = Math.min(5, Math.max(1, Math.round((liked ? 4.2 : 2.2) + (r() - 0.5) * 2)));
      lines.push(`${u + 1},${500 + i},${rating},${1600000000 + u * 3600 + i}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A weekly outcome series with two unnamed drivers: no column says it is spend. */
function seriesCsv(weeks: number): string {
  const r = rng(3);
  const lines = ['week,y,x1,x2'];
  for (let i = 0; i < weeks; i++) {
    const [x1, x2] = [r() * 10, r() * 5];
    const day = new Date(Date.UTC(2023, 0, 2) + i * 7 * 864e5).toISOString().slice(0, 10);
    lines.push(`${day},${(500 + 40 * x1 + 25 * x2 + r() * 30).toFixed(1)},${x1.toFixed(2)},${x2.toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Gives a file to the import (picked in the file input, or dropped on the drop zone as a real drag-and-drop event) and
 * waits until the Data page shows it with its "What is this file?" card in view.
 */
async function drop(name: string, csv: string, how: 'pick' | 'drop' = 'pick'): Promise<string | null> {
  const { page } = app;
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, csv);
  await page.getByTestId('nav-data').click();
  if (how === 'pick') await page.getByTestId('file-input').setInputFiles(file);
  else {
    const dataTransfer = await page.evaluateHandle(
      ([text, fileName]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], fileName, { type: 'text/csv' }));
        return dt;
      },
      [csv, `${name}.csv`] as const,
    );
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
  }
  await expect.poll(() => page.getByTestId('dataset-title').textContent(), { timeout: 30_000 }).toBe(name);
  const card = page.getByTestId('shape-card');
  const shape = await card.getAttribute('data-shape', { timeout: 30_000 });
  // The new dataset's card is brought into view: the next click needs no scrolling.
  const inView = () =>
    card.evaluate((e) => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().bottom <= innerHeight);
  await expect.poll(inView).toBe(true);
  return shape;
}

describe('drop → one click → first result', () => {
  it('a customer table with an outcome: one click trains the propensity model and shows its test AUC', async () => {
    const { page } = app;
    expect(await drop('newcomer-customers', customersCsv(1200))).toBe('customers-outcome');
    await expect(page.getByTestId('shape-primary').textContent()).resolves.toContain('renewed');
    await page.getByTestId('shape-primary').click();
    await expect
      .poll(() => page.getByTestId('propensity-dataset').locator('option:checked').textContent())
      .toBe('newcomer-customers');
    const metrics = page.getByTestId('propensity-metrics');
    await metrics.waitFor({ timeout: 60_000 });
    const auc = Number(/test AUC (\d\.\d{3})/.exec((await metrics.textContent()) ?? '')?.[1]);
    expect(auc).toBeGreaterThan(0.7);
  });

  it('a ratings log dropped on the page: one click trains the recommenders and shows the comparison', async () => {
    const { page } = app;
    expect(await drop('newcomer-ratings', ratingsCsv(120, 60, 20), 'drop')).toBe('ratings');
    await page.getByTestId('shape-primary').click();
    await expect
      .poll(() => page.getByTestId('rec-dataset').locator('option:checked').textContent())
      .toBe('newcomer-ratings');
    await page.getByTestId('rec-results').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('rec-results').textContent()).resolves.toMatch(/RMSE|NDCG/);
  });

  it('a series the page cannot fully use: one click runs its outcome and marks the missing spend choice', async () => {
    const { page } = app;
    expect(await drop('newcomer-series', seriesCsv(80))).toBe('spend-sales');
    await page.getByTestId('shape-primary').click();
    await page.getByTestId('ads-results').waitFor({ timeout: 60_000 });
    const marked = page.locator('[data-needs-choice]');
    await expect.poll(() => marked.getAttribute('data-testid')).toBe('ads-dataset-fix-spend');
    await expect(marked.getAttribute('title')).resolves.toMatch(/\w{10}/);
    // Choosing clears the mark.
    await marked.selectOption('x1');
    await expect.poll(() => page.locator('[data-needs-choice]').count()).toBe(0);
  });
});
