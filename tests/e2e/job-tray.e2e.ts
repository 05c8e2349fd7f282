// Jobs outlive their page, in a real Chromium: a long engine check keeps running (progress, Cancel, Run disabled)
// while two other pages are visited; a segmentation started behind it says "queued behind Engine check"; both are
// cancelled from the header's job tray, which then empties, and the previous results are intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApp, openApp, type App } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await openApp();
  await app.page.getByTestId('nav-data').click();
  await app.page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
});

afterAll(() => closeApp(app));

const tray = () => app.page.getByTestId('job-tray');
const trayItems = () => tray().getByTestId('job-tray-item');

async function openSegments(): Promise<void> {
  await app.page.getByTestId('nav-segments').click();
  await app.page.getByTestId('segment-dataset').selectOption({ label: 'customers-churn' });
}

describe('job tray', () => {
  let segmentSummary = '';
  let demoResult = '';

  it('has previous results: a short engine check and a stored segmentation', async () => {
    const { page } = app;
    await expect(tray().getByTestId('job-tray-status').textContent()).resolves.toBe('No jobs running');
    expect(await tray().getByTestId('job-tray-status').getAttribute('aria-live')).toBe('polite');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('demo-epochs').fill('5');
    await page.getByTestId('demo-run').click();
    await page.getByTestId('demo-result').waitFor({ timeout: 60_000 });
    demoResult = (await page.getByTestId('demo-result').textContent()) ?? '';
    await openSegments();
    await page.getByTestId('segment-k').selectOption('3');
    await page.getByTestId('segment-run').click();
    await expect.poll(() => page.getByTestId('segment-card').count(), { timeout: 120_000 }).toBe(3);
    segmentSummary = (await page.getByTestId('segment-summary').textContent()) ?? '';
    expect(segmentSummary).toMatch(/inertia/);
    await expect.poll(() => trayItems().count()).toBe(0);
  });

  it('keeps a long job running across pages and queues the next one behind it', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    // Deterministically long: 5000 epochs of 128 batches, minutes of work; each epoch still ends well within the
    // cancel grace period, so Cancel stops it cooperatively.
    await page.getByTestId('demo-rows').fill('4096');
    await page.getByTestId('demo-epochs').fill('5000');
    await page.getByTestId('demo-run').click();
    await page.getByTestId('job-progress').waitFor({ timeout: 30_000 });
    await expect.poll(() => trayItems().count()).toBe(1);
    await expect(trayItems().first().textContent()).resolves.toContain('Engine check');

    // Page 1: a segmentation started now waits behind the engine check; the stored result stays on screen.
    await openSegments();
    await page.getByTestId('segment-run').click();
    await expect.poll(() => trayItems().count()).toBe(2);
    const queued = trayItems().nth(1);
    await expect(queued.getAttribute('data-state')).resolves.toBe('queued');
    await expect(queued.getByTestId('job-tray-queued').textContent()).resolves.toMatch(/^queued behind Engine check/);
    await expect(page.getByTestId('job-queued').textContent()).resolves.toMatch(/^queued behind Engine check/);
    expect(await page.getByTestId('segment-run').isDisabled()).toBe(true);
    expect(await page.getByTestId('segment-summary').textContent()).toBe(segmentSummary);

    // Page 2, then back: the engine check is still running, with progress moving and Run disabled.
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-table').waitFor({ timeout: 30_000 });
    const running = trayItems().first();
    await expect(running.getAttribute('data-state')).resolves.toBe('running');
    await expect.poll(async () => running.getByTestId('job-tray-progress').textContent()).toMatch(/^\d+ %/);
    await page.getByTestId('nav-settings').click();
    const progress = page.getByTestId('job-progress');
    await progress.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('demo-run').isDisabled()).toBe(true);
    const before = Number(await progress.getAttribute('value'));
    await expect
      .poll(async () => Number(await progress.getAttribute('value')), { timeout: 20_000 })
      .toBeGreaterThan(before);
    expect(before).toBeGreaterThan(0);
  });

  it('cancels both from the tray; the tray empties and the previous results are intact', async () => {
    const { page } = app;
    // The queued segmentation first: it leaves the queue without ever running.
    await trayItems().nth(1).getByTestId('job-tray-cancel').click();
    await expect.poll(() => trayItems().count()).toBe(1);
    await trayItems().first().getByTestId('job-tray-cancel').click();
    await expect.poll(() => trayItems().count(), { timeout: 15_000 }).toBe(0);
    await expect(tray().getByTestId('job-tray-status').textContent()).resolves.toBe('No jobs running');
    await page.getByTestId('job-cancelled').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('job-panel').count()).toBe(0);
    expect(await page.getByTestId('demo-run').isDisabled()).toBe(false);
    expect(await page.getByTestId('demo-result').textContent()).toBe(demoResult);
    await openSegments();
    await page.getByTestId('segment-results').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('segment-summary').textContent()).toBe(segmentSummary);
    expect(await page.getByTestId('segment-card').count()).toBe(3);
    expect(await page.getByTestId('segment-run').isDisabled()).toBe(false);
    await expect(page.getByTestId('job-cancelled').textContent()).resolves.toMatch(/before it started/);
    // History: the engine check is recorded as cancelled; the segmentation that never started is not recorded.
    await page.getByTestId('nav-history').click();
    const table = page.getByTestId('history-table');
    await expect
      .poll(async () => (await table.locator('tbody tr').first().textContent()) ?? '')
      .toMatch(/Engine check.*cancelled/);
    const segments = await table.locator('tbody tr:has(td[data-kind="segment"])').count();
    expect(segments).toBe(1); // only the first, finished segmentation
  });
});
