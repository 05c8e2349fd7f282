// Recommendation benchmark: explicit + implicit pipelines on the ml-latest-small split (every model and baseline,
// quality and training seconds next to the ANCHORS reference figures), the SGD engine choice (typed arrays vs
// TF.js-wasm batched Adam, one epoch each, same process), and online-retail (full file) as implicit, time-ordered.
// Args: --quick (2-point iALS grid), --no-retail, --no-tf.
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { silentContext } from '../src/core/jobs.ts';
import { initNodeBackend } from '../src/cli/tf-node.ts';
import { fitExplicitMF } from '../src/core/recommend/explicit-mf.ts';
import { fitImplicitMF } from '../src/core/recommend/ials.ts';
import {
  aggregate,
  readEvents,
  resolveColumns,
  toMatrix,
  type Events,
  type Matrix,
} from '../src/core/recommend/interactions.ts';
import type { IngestResult } from '../src/core/data/schema.ts';
import { runRecommend, type RecommendResult } from '../src/core/recommend/run.ts';
import { recommendAll, recommendForUser } from '../src/core/recommend/serve.ts';
import type { GridPoint } from '../src/core/recommend/tune.ts';
import {
  haveMovieLens,
  haveRetail,
  load,
  ML_ROLES,
  ML_TEST,
  ML_TRAIN,
  RETAIL_FULL,
} from '../tests/unit/recommend/fixtures.ts';
import { DATASETS } from '../tests/datasets.ts';
import { benchArgs, flag } from './args.ts';
import { sayEn } from '../src/cli/say.ts';

// Every reference figure names its source. ANCHORS = ../shared/datasets/ANCHORS.md, measured on the same split files on
// a 2-vCPU VM (AMD EPYC, Debian 12), single-threaded: quality figures compare directly; times there are another
// machine's, context for the order of magnitude (ANCHORS itself says ±20–40 %, up to 2× for sub-second calls).
const SRC_EXPLICIT =
  'ANCHORS.md §1 (Surprise 1.1.4 built at NicolasHug/Surprise@2381fb1, defaults, fit = median of 3, runs A/B)';
const SRC_IMPLICIT =
  'ANCHORS.md §2 (numpy 1.24.2 / scipy 1.10.1 reference implementations, not a library; same protocol)';
const REF_EXPLICIT: Record<string, string> = {
  'global-mean': 'ANCHORS §1 floor, train mean 3.5015: RMSE 1.0456, MAE 0.8323',
  biases: 'ANCHORS §1 Surprise BaselineOnly: RMSE 0.8715, MAE 0.6734, fit 0.06 / 0.12 s',
  'user-knn': 'ANCHORS §1 Surprise KNNBaseline (MSD, user-user, k 40): RMSE 0.8717, MAE 0.6679, fit 0.11 / 0.18 s',
  mf: 'ANCHORS §1 Surprise SVD: RMSE 0.8803, MAE 0.6764, fit 0.51 / 0.45 s; SVD++: RMSE 0.8636, fit 36.9 / 37.9 s',
};
const REF_IMPLICIT: Record<string, string> = {
  popular: 'ANCHORS §2 most popular: P 0.1618  R 0.0719  NDCG 0.1914',
  'item-knn': 'ANCHORS §2 item-kNN cosine k 100 (sparse scipy): P 0.2184  R 0.1228  NDCG 0.2551, fit 1.9 s',
  ials: 'ANCHORS §2 iALS (numpy exact ALS, 64 f, 15 it, reg 30, α 4): P 0.3007  R 0.1747  NDCG 0.3559, fit 7.9 s',
};
const REF_IALS_FIT =
  'ANCHORS §2: 7.9 s, median of 3 (5.3–8.6 s over 16 fits) for the numpy iALS at 64 factors, 15 iterations, 1 thread, on the 2-vCPU VM';
const QUICK_GRID: GridPoint[] = [
  { factors: 64, reg: 30, alpha: 4, regExponent: 0 },
  { factors: 64, reg: 30, alpha: 4, regExponent: 0.25 },
];

const f4 = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(4));
const cpu = () => process.cpuUsage().user / 1e6;

function table(res: RecommendResult, refs: Record<string, string>): void {
  for (const m of res.models) {
    const q =
      res.mode === 'explicit'
        ? `RMSE ${f4(m.rmse)}  MAE ${f4(m.mae)}`
        : `P@${res.k} ${f4(m.precisionAtK)}  R@${res.k} ${f4(m.recallAtK)}  NDCG@${res.k} ${f4(m.ndcgAtK)}  cov ${f4(m.coverage)}  popBias ${f4(m.popularityBias)}`;
    console.log(
      `  ${m.best ? '★' : ' '} ${sayEn(m.label).padEnd(48)} ${q}  train ${m.trainSeconds.toFixed(2)} s   | ref: ${refs[m.name] ?? '–'}`,
    );
  }
  for (const w of res.warnings) console.log(`  ! ${sayEn(w)}`);
}

/** One epoch of batched MF in TF.js (dot products, Adam, batch 4096): the alternative engine the issue measured. */
async function tfEpochSeconds(m: Matrix, f: number): Promise<number> {
  const nnz = m.indices.length;
  const users = new Int32Array(nnz);
  for (let u = 0; u < m.users.length; u++) users.fill(u, m.indptr[u]!, m.indptr[u + 1]!);
  const P = tf.tidy(() => tf.variable(tf.randomNormal([m.users.length, f], 0, 0.03, 'float32', 1)));
  const Q = tf.tidy(() => tf.variable(tf.randomNormal([m.items.length, f], 0, 0.03, 'float32', 2)));
  const opt = tf.train.adam(0.01);
  // tf.gather under a gradient needs a scatterND gradient on wasm (no UnsortedSegmentSum kernel)
  const gather = (x: tf.Tensor, idx: tf.Tensor1D): tf.Tensor =>
    tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const xx = inputs[0] as tf.Tensor;
      return {
        value: tf.gather(xx, idx),
        gradFunc: (dy: tf.Tensor) => tf.scatterND(idx.expandDims(1), dy, xx.shape),
      };
    })(x);
  const batch = 4096;
  const step = async (a: number) => {
    const b = Math.min(nnz, a + batch);
    const u = tf.tensor1d(users.subarray(a, b), 'int32');
    const i = tf.tensor1d(m.indices.subarray(a, b), 'int32');
    const r = tf.tensor1d(m.values.subarray(a, b));
    const loss = opt.minimize(() => tf.losses.meanSquaredError(r, tf.sum(tf.mul(gather(P, u), gather(Q, i)), 1)), true);
    await loss!.data();
    tf.dispose([u, i, r, loss!]);
  };
  await step(0); // warm-up (kernel set-up)
  const t0 = performance.now();
  for (let a = 0; a < nnz; a += batch) await step(a);
  const s = (performance.now() - t0) / 1000;
  tf.dispose([P, Q]);
  opt.dispose();
  return s;
}

/** Serving figures of the bundle the comparison chose: one customer's top-10 (every customer timed) and the export. */
function serving(res: RecommendResult): void {
  const b = res.bundle;
  const ms: number[] = [];
  for (const id of b.history.users) {
    const t = performance.now();
    recommendForUser(b, id, 10);
    ms.push(performance.now() - t);
  }
  ms.sort((x, y) => x - y);
  const q = (f: number) => ms[Math.min(ms.length - 1, Math.floor(f * ms.length))]!.toFixed(1);
  const t0 = performance.now();
  const rows = recommendAll(b, 10).length;
  console.log(
    `  serving ${res.served} (${b.model.kind}, best: ${res.best}): top-10 for one customer p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${ms.at(-1)!.toFixed(1)} ms; top-10 for all ${b.history.users.length} customers (${rows} rows) ${((performance.now() - t0) / 1000).toFixed(2)} s`,
  );
}

/** The MovieLens train/test split, as the app's CSV loader reads it with the roles pinned. */
interface MovieLensSplit {
  train: IngestResult;
  test: IngestResult;
}

async function loadMovieLens(): Promise<MovieLensSplit> {
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (2-core machine; timings scale with contention)`,
  );
  const t0 = performance.now();
  const [train, test] = await Promise.all([load(ML_TRAIN, ML_ROLES), load(ML_TEST, ML_ROLES)]);
  console.log(`loaded train + test CSVs in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return { train, test };
}

async function benchExplicit({ train, test }: MovieLensSplit): Promise<void> {
  console.log('\nExplicit ratings, ratings-train → ratings-test (RMSE/MAE; cold test items predicted from biases)');
  const ex = await runRecommend(train.table, train.roles, { mode: 'explicit', testTable: test.table }, silentContext());
  console.log(`  references: ${SRC_EXPLICIT}`);
  table(ex, REF_EXPLICIT);
  console.log(
    `  MF epochs chosen on validation: ${ex.explicitTraining!.bestEpoch} (val RMSE ${f4(ex.explicitTraining!.validRmse)})`,
  );
  serving(ex);
}

/** Every train rating as one event, aggregated into a user × item matrix (`explicit` ratings or `binary` implicit). */
function trainMatrix(ev: Events, mode: 'explicit' | 'binary'): Matrix {
  const rows = Int32Array.from({ length: ev.user.length }, (_, r) => r);
  return toMatrix(
    ev,
    mode === 'explicit' ? aggregate(ev, rows, 'explicit') : aggregate(ev, rows, 'implicit', 'binary'),
  );
}

/** The explicit MF fit alone (wall, CPU per epoch), then the same epoch in TF.js unless `--no-tf`. */
async function benchMfEngines(ev: Events, withTf: boolean): Promise<void> {
  const m = trainMatrix(ev, 'explicit');
  const c0 = cpu();
  const t0 = performance.now();
  const fit = await fitExplicitMF(m, {}, silentContext());
  const mfWall = (performance.now() - t0) / 1000;
  const mfCpu = cpu() - c0;
  const epochs = fit.bestEpoch * 2 + fit.model.params.patience;
  console.log(
    `  MF fit alone: ${mfWall.toFixed(2)} s wall, ${mfCpu.toFixed(2)} s CPU for ~${epochs} epochs of ${fit.model.factors} factors → ${((mfCpu / epochs) * 1000).toFixed(1)} ms CPU per epoch over ${m.indices.length} ratings`,
  );
  if (!withTf) return;
  const info = await initNodeBackend();
  const before = tf.memory().numTensors;
  const s = await tfEpochSeconds(m, fit.model.factors);
  console.log(
    `  same epoch as TF.js-${info.name} batched Adam (batch 4096): ${s.toFixed(2)} s → typed-array SGD is ${(s / (mfCpu / epochs)).toFixed(0)}× faster per epoch (tensors leaked: ${tf.memory().numTensors - before})`,
  );
}

/** The implicit comparison with its iALS grid, then the final iALS fit alone at the chosen grid point. */
async function benchImplicit({ train, test }: MovieLensSplit, ev: Events, quick: boolean): Promise<void> {
  console.log(
    `\nImplicit top-10 (ANCHORS §2 protocol: binary, ${quick ? 'quick 2-point' : 'default 7-point'} iALS grid chosen on a 20 % per-user validation split of train)`,
  );
  const im = await runRecommend(
    train.table,
    train.roles,
    { mode: 'implicit', testTable: test.table, ...(quick ? { grid: QUICK_GRID } : {}) },
    silentContext(),
  );
  console.log(`  references: ${SRC_IMPLICIT}`);
  table(im, REF_IMPLICIT);
  for (const g of im.grid!)
    console.log(
      `    grid ${g.chosen ? '→' : ' '} factors ${g.factors} reg ${g.reg} α ${g.alpha} ν ${g.regExponent}: val NDCG@10 ${f4(g.validNdcg)} (fit on validation-train ${g.seconds.toFixed(1)} s)`,
    );
  const chosen = im.grid!.find((g) => g.chosen)!;
  const bin = trainMatrix(ev, 'binary');
  const c0 = cpu();
  const t0 = performance.now();
  await fitImplicitMF(bin, chosen, silentContext(), false);
  console.log(
    `  iALS final fit alone (15 iterations, 64 factors): ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${(cpu() - c0).toFixed(2)} s CPU   | ref: ${REF_IALS_FIT}`,
  );
}

async function benchRetail(quick: boolean): Promise<void> {
  console.log(
    '\nOnline retail (full file) as implicit: customer × StockCode, log(1 + quantity), last 20 % of each customer’s baskets as test',
  );
  const t0 = performance.now();
  const retail = await load(RETAIL_FULL);
  console.log(`  loaded ${retail.table.rowCount} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rr = await runRecommend(
    retail.table,
    retail.roles,
    {
      mode: 'implicit',
      split: { kind: 'time', testFraction: 0.2 },
      refitForServing: false,
      ...(quick ? { grid: [{ factors: 64, reg: 15, alpha: 2, regExponent: 0.25 }] } : {}),
    },
    silentContext(),
  );
  console.log(
    `  ${rr.split.users} customers, ${rr.split.items} items, ${rr.split.trainInteractions} train pairs, ${rr.split.evaluated} customers evaluated`,
  );
  table(rr, {});
}

export async function main(args: string[]): Promise<void> {
  const { options } = benchArgs(args);
  const quick = flag(options, 'quick');
  if (!haveMovieLens) {
    console.log(`MovieLens split not found under ${DATASETS}: skipped`);
    return;
  }
  const split = await loadMovieLens();
  await benchExplicit(split);
  const ev = readEvents(
    split.train.table,
    resolveColumns(split.train.table, split.train.roles, 'explicit'),
    'explicit',
  );
  await benchMfEngines(ev, !flag(options, 'no-tf'));
  await benchImplicit(split, ev, quick);
  if (!flag(options, 'no-retail') && haveRetail) await benchRetail(quick);
}
