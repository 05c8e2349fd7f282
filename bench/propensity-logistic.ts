// `npm run bench -- propensity-logistic [--runs N]`: the default logistic propensity job (CV selection + final fit).
// Tables: telco (train → test file), online-shoppers (train → test file), a 33,000-row stack of the shoppers train rows
// (jittered copies, test = the shoppers test file) and a 6 %-positive shoppers table (positives thinned in both files,
// with and without the automatic class weights). Prints trainSeconds (selection + final fit), wall and CPU, test AUC.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { initNodeBackend } from '../src/cli/tf-node.ts';
import { loadCsvFile } from '../src/cli/load-file.ts';
import { ingestCsv, textSource } from '../src/core/data/ingest.ts';
import type { IngestResult } from '../src/core/data/schema.ts';
import { silentContext } from '../src/core/jobs.ts';
import { normal, rng } from '../src/core/random.ts';
import { runPropensity, type PropensityOptions } from '../src/core/propensity/run.ts';
import { dataset } from '../tests/datasets.ts';
import { benchArgs, intOption } from './args.ts';
import { sayEn } from '../src/cli/say.ts';

const TELCO = dataset('telco-customer-churn/telco-');
const SHOPPERS = dataset('online-shoppers-uci/online_shoppers-');
// References: ../shared/datasets/ANCHORS.md (scikit-learn 1.2.1, 1 thread, another 2-vCPU VM, ±40 %).
const REF_TELCO = 'ANCHORS.md § 3: LogisticRegression(max_iter=1000) test AUC 0.8420, fit 0.03 s';
const REF_SHOPPERS = 'ANCHORS.md "Propensity on three more files": LogisticRegression AUC 0.8875, fit 0.07 s';
/** Columns of the shoppers file with continuous values: these get the jitter in the stacked copies. */
const JITTERED = [
  'Administrative_Duration',
  'Informational_Duration',
  'ProductRelated_Duration',
  'BounceRates',
  'ExitRates',
  'PageValues',
];

interface Case {
  label: string;
  train: IngestResult;
  test: IngestResult;
  target: string;
  options?: PropensityOptions;
  ref?: string;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const csvLines = (path: string): string[] => readFileSync(path, 'utf8').trimEnd().split(/\r?\n/);

/**
 * `rows` data rows: the train file's rows cycled in order; copies after the first have each non-zero continuous value
 * multiplied by (1 + 0.01·N(0, 1)), so the copies are near-duplicates rather than exact ones.
 */
export function stackedCsv(path: string, rows: number, seed: number): string {
  const [header, ...body] = csvLines(path);
  const names = header!.split(',');
  const jitter = new Set(JITTERED.map((c) => names.indexOf(c)));
  const g = normal(rng(seed));
  const out = [header!];
  for (let k = 0; k < rows; k++) {
    const cells = body[k % body.length]!.split(',');
    if (k >= body.length)
      for (const j of jitter) {
        const v = Number(cells[j]);
        if (v !== 0 && Number.isFinite(v)) cells[j] = String(+(v * (1 + 0.01 * g())).toPrecision(8));
      }
    out.push(cells.join(','));
  }
  return out.join('\n');
}

/** The file with its positive rows (last column TRUE) thinned evenly so they are `share` of the rows. */
export function thinnedCsv(path: string, share: number): string {
  const [header, ...body] = csvLines(path);
  const pos = body.filter((l) => l.endsWith(',TRUE'));
  const keep = Math.round((share / (1 - share)) * (body.length - pos.length));
  let j = 0;
  const rows = body.filter((l) => !l.endsWith(',TRUE') || (j++ * keep) % pos.length < keep);
  return [header!, ...rows].join('\n');
}

const ingest = (csv: string) => ingestCsv(textSource(csv), silentContext());

async function cases(): Promise<Case[]> {
  const out: Case[] = [];
  if (existsSync(TELCO + 'train.csv')) {
    const [train, test] = [await loadCsvFile(TELCO + 'train.csv'), await loadCsvFile(TELCO + 'test.csv')];
    out.push({ label: 'telco 5,634 → 1,409', train, test, target: 'Churn', ref: REF_TELCO });
  } else console.log(`telco: skipped (${TELCO}train.csv not found)`);
  if (!existsSync(SHOPPERS + 'train.csv')) {
    console.log(`online-shoppers: skipped (${SHOPPERS}train.csv not found)`);
    return out;
  }
  const [train, test] = [await loadCsvFile(SHOPPERS + 'train.csv'), await loadCsvFile(SHOPPERS + 'test.csv')];
  const t = 'Revenue';
  out.push({ label: 'online-shoppers 9,864 → 2,466', train, test, target: t, ref: REF_SHOPPERS });
  const stacked = await ingest(stackedCsv(SHOPPERS + 'train.csv', 33_000, 1));
  out.push({ label: 'shoppers stacked 33,000 (jittered copies) → 2,466', train: stacked, test, target: t });
  const [thinTrain, thinTest] = [
    await ingest(thinnedCsv(SHOPPERS + 'train.csv', 0.06)),
    await ingest(thinnedCsv(SHOPPERS + 'test.csv', 0.06)),
  ];
  out.push({ label: 'shoppers 6 % positives, weights auto', train: thinTrain, test: thinTest, target: t });
  const none: PropensityOptions = { classWeights: 'none' };
  out.push({
    label: 'shoppers 6 % positives, weights none',
    train: thinTrain,
    test: thinTest,
    target: t,
    options: none,
  });
  return out;
}

async function report(c: Case, runs: number): Promise<void> {
  const wall: number[] = [],
    cpu: number[] = [],
    train: number[] = [];
  let last: Awaited<ReturnType<typeof runPropensity>> | null = null;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage().user;
    const t0 = performance.now();
    last = await runPropensity(c.train.table, c.train.roles, {
      target: c.target,
      model: 'logistic',
      testTable: c.test.table,
      ...c.options,
    });
    wall.push((performance.now() - t0) / 1000);
    cpu.push((process.cpuUsage().user - c0) / 1e6);
    train.push(last.trainSeconds);
  }
  const res = last!;
  const f = (v: number[]) => median(v).toFixed(2);
  console.log(
    `${c.label}: ${res.counts.train.toLocaleString('en-US')} train rows, ${res.model.featureNames.length} features, median of ${runs}`,
  );
  console.log(`  selection + final fit ${f(train)} s  [runs: ${train.map((x) => x.toFixed(2)).join(', ')} s]`);
  console.log(`  whole job ${f(wall)} s wall, ${f(cpu)} s CPU`);
  console.log(
    `  test AUC ${res.test.auc.toFixed(4)}, log loss ${res.test.logLoss.toFixed(4)}; C = ${res.chosenC}, expand ${res.expand}, class weights ${res.classWeights.map((w) => w.toFixed(2)).join(' / ')}`,
  );
  for (const n of res.notes.map((s) => sayEn(s)).filter((s) => /ross-validat|weight/.test(s)))
    console.log(`  note: ${n}`);
  if (c.ref) console.log(`  reference: ${c.ref}`);
}

export async function main(args: string[]): Promise<void> {
  const { options } = benchArgs(args);
  const runs = intOption(options, 'runs', 3);
  await initNodeBackend();
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(`load average ${load.join(' / ')} (1 / 5 / 15 min) — a busy machine slows every figure`);
  for (const c of await cases()) await report(c, runs);
}
