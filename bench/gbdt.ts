// `npm run bench -- gbdt [--runs N]`: gradient-boosted trees fit time and TreeSHAP time per row, with references.
// Fit time (total, and per iteration after the first) and test AUC on the online-shoppers train split (9,864 × 17,
// against ANCHORS.md's HistGradientBoosting figures) and on a synthetic 33,000 × 20 table, both at max_iter 100 without
// early stopping; also what yielding every iteration costs. Machine load is printed: on a shared machine, compare CPU
// seconds more than wall.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadCsvFile } from '../src/cli/load-file.ts';
import { silentContext } from '../src/core/jobs.ts';
import { auc } from '../src/core/metrics/classification.ts';
import { normal, rng } from '../src/core/random.ts';
import { fitGbdt, type GbdtContext } from '../src/core/trees/boost.ts';
import { predictProba } from '../src/core/trees/predict.ts';
import { treeShap } from '../src/core/trees/shap.ts';
import type { GbdtData, GbdtOptions } from '../src/core/trees/types.ts';
import { encode, fitSpec } from '../tests/unit/trees/table-matrix.ts';
import { dataset } from '../tests/datasets.ts';
import { benchArgs, intOption } from './args.ts';

const TRAIN = dataset('online-shoppers-uci/online_shoppers-train.csv');
const TEST = dataset('online-shoppers-uci/online_shoppers-test.csv');
// Every reference figure names its source. ANCHORS = ../shared/datasets/ANCHORS.md: scikit-learn 1.2.1, 1 thread, on
// a 2-vCPU VM (AMD EPYC), ±40 % there; another machine, so a time ratio is only an order-of-magnitude check.
const REF_SHOPPERS =
  'ANCHORS.md § "Propensity on three more files": HistGradientBoostingClassifier(random_state=42) on ' +
  'online_shoppers 9,864 rows (one-hot text/bool columns; 100 iterations, as there is no early stopping below ' +
  '10,000 rows): test AUC 0.9278, fit 0.8 s';
const REF_SYNTHETIC =
  'no reference timing in ANCHORS.md for a 33,000 × 20 table (nearest: § 3 telco, HistGradientBoosting on ' +
  '5,634 × 45, 100 iterations: fit 0.91 / 1.23 s, runs A / B)';

const FIXED: GbdtOptions = { maxIter: 100, earlyStopping: false, seed: 0 };

interface Timing {
  wall: number;
  cpu: number;
  firstIter: number;
  perIter: number;
  auc: number;
  iters: number;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One fit; iteration end times come from the progress callback (its yield is the real setTimeout one). */
async function timeFit(train: GbdtData, test: GbdtData, o: GbdtOptions): Promise<Timing> {
  const stamps: number[] = [];
  const ctx: GbdtContext = { ...silentContext(), progress: () => void stamps.push(performance.now()) };
  const c0 = process.cpuUsage().user;
  const t0 = performance.now();
  const fit = await fitGbdt(train, o, ctx);
  const wall = (performance.now() - t0) / 1000;
  const cpu = (process.cpuUsage().user - c0) / 1e6;
  const steps = stamps.slice(1).map((t, i) => t - stamps[i]!);
  const p = predictProba(fit.model, test.X, test.n, test.d);
  return { wall, cpu, firstIter: stamps[0]! - t0, perIter: median(steps), auc: auc(test.y, p), iters: fit.nIter };
}

async function report(label: string, train: GbdtData, test: GbdtData, runs: number, ref: string): Promise<void> {
  await timeFit(train, test, { ...FIXED, maxIter: 10 }); // warm-up: JIT the hot loops before timing
  const t: Timing[] = [];
  for (let r = 0; r < runs; r++) t.push(await timeFit(train, test, FIXED));
  const f = (k: keyof Timing, digits: number) => median(t.map((x) => x[k])).toFixed(digits);
  console.log(
    `${label}: ${train.n.toLocaleString('en-US')} × ${train.d}, ${t[0]!.iters} iterations, median of ${runs}`,
  );
  console.log(
    `  fit ${f('wall', 2)} s wall, ${f('cpu', 2)} s CPU  [runs: ${t.map((x) => x.wall.toFixed(2)).join(', ')} s]`,
  );
  console.log(`  first iteration (binning included) ${f('firstIter', 1)} ms, then ${f('perIter', 2)} ms / iteration`);
  console.log(`  test AUC ${f('auc', 4)}`);
  console.log(`  reference: ${ref}`);
  const every = await timeFit(train, test, { ...FIXED, yieldEveryMs: 0 });
  console.log(`  yielding every iteration instead (setTimeout 0 each): fit ${every.wall.toFixed(2)} s wall`);
  const rows = Math.min(500, test.n);
  const t0 = performance.now();
  const model = (await fitGbdt(train, FIXED)).model;
  const t1 = performance.now();
  treeShap(model, test.X.subarray(0, rows * test.d), rows, test.d);
  const shapMs = performance.now() - t1;
  const perRow = (shapMs / rows).toFixed(2);
  console.log(`  TreeSHAP (exact, 100 trees): ${perRow} ms / row over ${rows} rows (fit ${(t1 - t0).toFixed(0)} ms)`);
}

/** 33,000 × 20: 14 numeric (2 with 15 % missing), 2 uniform, 4 categorical; a non-linear planted logit. */
export function synthetic(n: number, seed: number): GbdtData & { y: Float64Array } {
  const d = 20;
  const rand = rng(seed);
  const g = normal(rand);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const categorical = Array.from({ length: d }, (_, f) => f >= 16);
  for (let i = 0; i < n; i++) {
    const r = X.subarray(i * d, i * d + d);
    for (let f = 0; f < 14; f++) r[f] = g();
    r[14] = rand();
    r[15] = rand();
    r[16] = Math.floor(rand() * 5);
    r[17] = Math.floor(rand() * 12);
    r[18] = Math.floor(rand() * 40);
    r[19] = rand() < 0.5 ? 0 : 1;
    const z =
      1.2 * Math.sin(2 * r[0]!) +
      (r[1]! > 0.5 !== r[2]! > 0 ? 1 : -1) +
      0.5 * r[3]! * r[4]! +
      (r[17]! % 3 === 0 ? 0.8 : 0);
    if (rand() < 0.15) r[5] = NaN;
    if (rand() < 0.15) r[6] = NaN;
    const zz = z + (r[5] !== r[5] ? 0.7 : 0.3 * r[5]!) + 0.4 * r[14]! - 0.5;
    y[i] = rand() < 1 / (1 + Math.exp(-zz)) ? 1 : 0;
  }
  return { X, n, d, y, categorical };
}

export async function main(args: string[]): Promise<void> {
  const { options } = benchArgs(args);
  const runs = intOption(options, 'runs', 3);
  const cpus = loadavg().map((l) => l.toFixed(1));
  console.log(
    `load average ${cpus.join(' / ')} (1 / 5 / 15 min) — single-threaded JS; a busy machine slows every figure`,
  );
  if (existsSync(TRAIN) && existsSync(TEST)) {
    const [tr, te] = [await loadCsvFile(TRAIN), await loadCsvFile(TEST)];
    const spec = fitSpec(tr.table, tr.roles, 'Revenue');
    const a = { ...encode(tr.table, spec), categorical: spec.categorical };
    await report('online-shoppers (train split → test split)', a, encode(te.table, spec), runs, REF_SHOPPERS);
  } else console.log(`online-shoppers: skipped (${TRAIN} not found)`);
  const all = synthetic(40_000, 1);
  const cut = 33_000;
  const part = (from: number, to: number): GbdtData => ({
    ...all,
    X: all.X.slice(from * all.d, to * all.d),
    y: all.y.slice(from, to),
    n: to - from,
  });
  await report('synthetic (33,000 train → 7,000 test)', part(0, cut), part(cut, all.n), runs, REF_SYNTHETIC);
}
