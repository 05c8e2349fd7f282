// Gradient boosting for binary log-loss: validation split, binning, one leaf-wise tree per iteration, early stopping.
import type { JobContext } from '../jobs.ts';
import { permutation, rng } from '../random.ts';
import { binRows, fitBinMapper } from './binning.ts';
import { growState, growTree, type GrowParams } from './grow.ts';
import { histLayout } from './histogram.ts';
import { addTree } from './predict.ts';
import {
  resolveOptions,
  type GbdtData,
  type GbdtFit,
  type GbdtOptions,
  type ResolvedOptions,
  type Tree,
} from './types.ts';

/** What the fit needs from a JobContext; `epoch`, when given, receives the losses of each iteration. */
export type GbdtContext = Pick<JobContext, 'progress' | 'checkCancelled' | 'yield'> &
  Partial<Pick<JobContext, 'epoch'>>;

/** sklearn turns early stopping on by itself above this many rows. */
const AUTO_EARLY_STOPPING_ROWS = 10_000;

/** Fits a binary classifier; see GbdtOptions for the parameters and their sklearn defaults. */
export async function fitGbdt(data: GbdtData, options: GbdtOptions = {}, ctx?: GbdtContext): Promise<GbdtFit> {
  const o = resolveOptions(options);
  const { X, n, d } = data;
  const y = checkData(data);
  const w = rowWeights(data, y, o);
  const early = o.earlyStopping === 'auto' ? n > AUTO_EARLY_STOPPING_ROWS : o.earlyStopping;
  const [trainRows, valRows] = early
    ? stratifiedSplit(y, o.validationFraction, o.seed)
    : [allRows(n), new Int32Array(0)];
  const categorical = Array.from({ length: d }, (_, f) => data.categorical?.[f] === true);
  const mapper = fitBinMapper(X, d, trainRows, categorical, o.maxBins, o.binSubsample, o.seed);
  const bins = binRows(mapper, X, trainRows);
  const nt = trainRows.length;
  const yt = gather(y, trainRows);
  const wt = w ? gather(w, trainRows) : null;
  const baseScore = logOdds(yt, wt);
  const raw = new Float64Array(nt).fill(baseScore);
  const g = new Float64Array(nt);
  const h = new Float64Array(nt);
  const val = validationSet(X, d, y, w, valRows, baseScore);
  const state = growState(mapper, histLayout(mapper.nBins), bins, nt);
  const p: GrowParams = o;
  const trees: Tree[] = [];
  const trainLoss: number[] = [];
  const validationLoss: number[] = early ? [meanLogLoss(val.y, val.raw, val.w)] : [];
  let stoppedEarly = false;
  let lastYield = performance.now();
  for (let it = 0; it < o.maxIter; it++) {
    ctx?.checkCancelled();
    trainLoss.push(gradients(yt, wt, raw, g, h));
    ctx?.epoch?.(it, lossLogs(trainLoss, validationLoss, it));
    const tree = growTree(state, g, h, wt, raw, p);
    trees.push(tree);
    if (early) {
      addTree(tree, val.X, val.y.length, d, val.raw);
      validationLoss.push(meanLogLoss(val.y, val.raw, val.w));
      stoppedEarly = shouldStop(validationLoss, o.nIterNoChange, o.tol);
    }
    ctx?.progress(it + 1, o.maxIter, 'boosting');
    if (stoppedEarly) break;
    if (ctx && performance.now() - lastYield >= o.yieldEveryMs) {
      await ctx.yield();
      lastYield = performance.now();
    }
  }
  trainLoss.push(meanLogLoss(yt, raw, wt));
  ctx?.epoch?.(trees.length, lossLogs(trainLoss, validationLoss, trees.length));
  const featureNames = Array.from({ length: d }, (_, f) => data.featureNames?.[f] ?? `x${f}`);
  const model = { kind: 'gbdt-binary', version: 1, nFeatures: d, categorical, featureNames, baseScore, trees } as const;
  return {
    model,
    nIter: trees.length,
    stoppedEarly,
    trainLoss,
    validationLoss,
    nTrain: nt,
    nValidation: valRows.length,
  };
}

/** Epoch k's logs: the training (and validation) log-loss after k trees. */
function lossLogs(train: number[], val: number[], k: number): Record<string, number> {
  return val.length > k ? { loss: train[k]!, val_loss: val[k]! } : { loss: train[k]! };
}

function checkData(data: GbdtData): Float64Array {
  const { X, n, d } = data;
  if (!(n >= 1 && d >= 1) || X.length !== n * d)
    throw new Error(`X has ${X.length} values for n = ${n}, d = ${d} (expected n · d)`);
  if (data.y.length !== n) throw new Error(`y has ${data.y.length} labels for ${n} rows`);
  const y = new Float64Array(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const v = data.y[i]!;
    if (v !== 0 && v !== 1) throw new Error(`labels must be 0 or 1; row ${i} has ${v}`);
    y[i] = v;
    pos += v;
  }
  if (pos === 0 || pos === n) throw new Error('both classes must occur in the training rows');
  if (data.sampleWeight && data.sampleWeight.length !== n)
    throw new Error(`sampleWeight has ${data.sampleWeight.length} values for ${n} rows`);
  return y;
}

/** Sample weights times class weights; null when every weight is 1 (the common, faster case). */
function rowWeights(data: GbdtData, y: Float64Array, o: ResolvedOptions): Float64Array | null {
  const n = y.length;
  if (!data.sampleWeight && !o.classWeight) return null;
  const w = new Float64Array(n).fill(1);
  if (data.sampleWeight) for (let i = 0; i < n; i++) w[i] = data.sampleWeight[i]!;
  if (o.classWeight) {
    let pos = 0;
    for (let i = 0; i < n; i++) pos += y[i]!;
    const cw = o.classWeight === 'balanced' ? [n / (2 * (n - pos)), n / (2 * pos)] : o.classWeight;
    for (let i = 0; i < n; i++) w[i]! *= cw[y[i]!]!;
  }
  for (let i = 0; i < n; i++)
    if (!(w[i]! >= 0 && Number.isFinite(w[i]!))) throw new Error(`row ${i} has weight ${w[i]}; weights must be ≥ 0`);
  return w;
}

const allRows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

function gather(v: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = v[rows[i]!]!;
  return out;
}

/**
 * Stratified hold-out (sklearn's train_test_split(stratify=y)): ceil(fraction · n) rows, shared between the classes in
 * proportion (largest remainders), each class's rows drawn by a seeded permutation. Both index sets come back sorted.
 */
export function stratifiedSplit(y: Float64Array, fraction: number, seed: number): [Int32Array, Int32Array] {
  const n = y.length;
  const byClass: number[][] = [[], []];
  for (let i = 0; i < n; i++) byClass[y[i]!]!.push(i);
  const total = Math.ceil(fraction * n);
  const exact = byClass.map((c) => (total * c.length) / n);
  const take = exact.map(Math.floor);
  if (take[0]! + take[1]! < total) take[exact[0]! - take[0]! >= exact[1]! - take[1]! ? 0 : 1]!++;
  const rand = rng(seed);
  const isVal = new Uint8Array(n);
  byClass.forEach((rows, c) => {
    const p = permutation(rows.length, rand);
    for (let k = 0; k < Math.min(take[c]!, rows.length - 1); k++) isVal[rows[p[k]!]!] = 1;
  });
  const train: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) (isVal[i] ? val : train).push(i);
  return [Int32Array.from(train), Int32Array.from(val)];
}

function validationSet(
  X: Float64Array,
  d: number,
  y: Float64Array,
  w: Float64Array | null,
  rows: Int32Array,
  base: number,
) {
  const Xv = new Float64Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) Xv.set(X.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  return { X: Xv, y: gather(y, rows), w: w ? gather(w, rows) : null, raw: new Float64Array(rows.length).fill(base) };
}

/** Log-odds of the weighted positive rate (sklearn's baseline prediction, clipped away from 0 and 1). */
function logOdds(y: Float64Array, w: Float64Array | null): number {
  let sy = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i]! : 1;
    sy += wi * y[i]!;
    sw += wi;
  }
  const p = Math.min(1 - 1e-15, Math.max(1e-15, sy / sw));
  return Math.log(p / (1 - p));
}

/** Log-loss of one row from its logit z, without overflow. */
const rowLoss = (y: number, z: number): number => Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));

export function meanLogLoss(y: Float64Array, raw: Float64Array, w: Float64Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i]! : 1;
    s += wi * rowLoss(y[i]!, raw[i]!);
    sw += wi;
  }
  return s / sw;
}

/** Writes g = w(p − y), h = w·p(1 − p) at the current raw scores; returns the current (weighted) mean log-loss. */
function gradients(y: Float64Array, w: Float64Array | null, raw: Float64Array, g: Float64Array, h: Float64Array) {
  let loss = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const z = raw[i]!;
    const e = Math.exp(-Math.abs(z));
    const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    const wi = w ? w[i]! : 1;
    const yi = y[i]!;
    g[i] = wi * (p - yi);
    h[i] = wi * p * (1 - p);
    loss += wi * (Math.max(z, 0) - yi * z + Math.log1p(e));
    sw += wi;
  }
  return loss / sw;
}

/** sklearn's rule: stop when none of the last k losses is below the loss k + 1 iterations back by more than tol. */
export function shouldStop(losses: readonly number[], k: number, tol: number): boolean {
  if (losses.length <= k) return false;
  const ref = losses[losses.length - k - 1]!;
  for (let i = losses.length - k; i < losses.length; i++) if (losses[i]! < ref - tol) return false;
  return true;
}
