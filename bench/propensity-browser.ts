// `npm run bench -- propensity-browser`: the default (Auto) propensity job on the 33k-row stacked online-shoppers
// table, timed in headless Chromium (the built app: click Run → results on screen) and in the CLI on the same file
// (whole `locallift propensity` process, and runPropensity alone), with the ratio the issue asks for (≤ 2×).
// Needs `npm run build` first and the system Chromium (tests/e2e/harness.ts finds it).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendReady, closeApp, openApp } from '../tests/e2e/harness.ts';
import { dataset } from '../tests/datasets.ts';
import { initNodeBackend } from '../src/cli/tf-node.ts';
import { loadCsvFile } from '../src/cli/load-file.ts';
import { runPropensity } from '../src/core/propensity/run.ts';
import { benchArgs } from './args.ts';

const NAME = 'shoppers-stacked';

/** online-shoppers train rows repeated until ≥ 33,000 rows (exact copies, as bench/propensity.ts stacks them). */
function stackedCsv(): { csv: string; rows: number } {
  const [head, ...rows] = readFileSync(dataset('online-shoppers-uci/online_shoppers-train.csv'), 'utf8')
    .trim()
    .split(/\r?\n/);
  const copies = Math.ceil(33_000 / rows.length);
  const all = Array.from({ length: copies }, () => rows).flat();
  return { csv: [head, ...all].join('\n') + '\n', rows: all.length };
}

async function browserSeconds(file: string, rows: number): Promise<{ seconds: number; metrics: string }> {
  const app = await openApp();
  try {
    const { page } = app;
    await backendReady(page);
    await page.getByTestId('nav-data').click();
    await page.getByTestId('samples-loaded').waitFor({ timeout: 180_000 });
    await page.getByTestId('file-input').setInputFiles(file);
    const facts = page.getByTestId('dataset-facts');
    await page.waitForFunction(
      ([n]) => document.querySelector('[data-testid="dataset-facts"]')?.textContent?.includes(n!),
      [`${rows.toLocaleString('en-GB')} rows`],
      { timeout: 120_000 },
    );
    void facts;
    await page.getByTestId('nav-propensity').click();
    await page.getByTestId('propensity-dataset').selectOption({ label: NAME });
    await page.getByTestId('propensity-target').selectOption('Revenue');
    const t0 = Date.now();
    await page.getByTestId('propensity-run').click();
    await page.getByTestId('job-panel').waitFor({ timeout: 30_000 });
    await page.getByTestId('job-panel').waitFor({ state: 'detached', timeout: 300_000 });
    await page.getByTestId('propensity-results').waitFor({ timeout: 30_000 });
    const seconds = (Date.now() - t0) / 1000;
    return { seconds, metrics: ((await page.getByTestId('propensity-metrics').textContent()) ?? '').trim() };
  } finally {
    await closeApp(app);
  }
}

export async function main(args: string[]): Promise<void> {
  benchArgs(args);
  if (!existsSync(dataset('online-shoppers-uci/online_shoppers-train.csv'))) {
    console.log('missing ../shared/datasets/online-shoppers-uci: skipped');
    return;
  }
  if (!existsSync('dist/index.html')) {
    console.log('dist/ is missing: run `npm run build` first');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'locallift-bench-'));
  const file = join(dir, `${NAME}.csv`);
  try {
    const { csv, rows } = stackedCsv();
    writeFileSync(file, csv);
    console.log(`${rows.toLocaleString('en-GB')} rows (online-shoppers train rows stacked), default Auto job`);
    const t0 = Date.now();
    execFileSync('node', ['bin/locallift.mjs', 'propensity', file, '--target', 'Revenue', '--json'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      maxBuffer: 1 << 30,
    });
    const cli = (Date.now() - t0) / 1000;
    await initNodeBackend();
    const loaded = await loadCsvFile(file);
    const t1 = performance.now();
    await runPropensity(loaded.table, loaded.roles, { target: 'Revenue' });
    const job = (performance.now() - t1) / 1000;
    const web = await browserSeconds(file, rows);
    console.log(`  CLI process (load + job + JSON)   ${cli.toFixed(2)} s`);
    console.log(`  runPropensity alone (Node, wasm)  ${job.toFixed(2)} s`);
    console.log(`  Chromium, Run click → results     ${web.seconds.toFixed(2)} s   (${web.metrics.slice(0, 80)})`);
    console.log(
      `  Chromium / CLI process ${(web.seconds / cli).toFixed(2)}×, Chromium / job ${(web.seconds / job).toFixed(2)}×`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
