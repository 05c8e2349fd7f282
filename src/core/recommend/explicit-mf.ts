// Biased matrix factorisation for explicit ratings, r̂ = μ + b_u + b_i + q_u·p_i, trained by SGD over typed arrays.
// Why typed arrays and not TF.js: one SGD epoch over 100k ratings is ~0.03 s as a Float32Array loop versus
// ~0.4 s as batched Adam in TF.js-wasm (~2 s on tfjs-cpu); per-rating updates are all per-op overhead for TF.js.
import type { JobContext } from '../jobs.ts';
import { gaussianFactors, normal, permutation, rng } from '../random.ts';
import type { Matrix } from './interactions.ts';
import { holdOutPerUser } from './split.ts';

export interface ExplicitMFParams {
  factors: number;
  /** Upper bound on epochs; early stopping usually ends sooner. */
  maxEpochs: number;
  lr: number;
  /** lr_t = lr / (1 + lrDecay·t): big steps first, then fine ones. */
  lrDecay: number;
  /** lr is also multiplied by this after every epoch that does not improve the validation RMSE (1 = off). */
  plateauFactor: number;
  regFactors: number;
  regBias: number;
  initStd: number;
  /** Share of each user's train ratings held out to pick the epoch count. */
  validFraction: number;
  /** Stop after this many epochs without a better validation RMSE. */
  patience: number;
  /** Refit on all train ratings for the chosen epoch count (better, twice the time). */
  refit: boolean;
  seed: number;
}

export const EXPLICIT_MF_DEFAULTS: ExplicitMFParams = {
  factors: 50,
  maxEpochs: 60,
  lr: 0.05,
  lrDecay: 0.2,
  plateauFactor: 0.5,
  regFactors: 0.05,
  regBias: 0.01,
  initStd: 0.03,
  validFraction: 0.1,
  patience: 2,
  refit: true,
  seed: 0,
};

/** The trained model as plain data (typed arrays + id lists), reloadable as is. */
export interface ExplicitMFModel {
  kind: 'explicit-mf';
  users: string[];
  items: string[];
  factors: number;
  mu: number;
  userBias: Float32Array;
  itemBias: Float32Array;
  /** users × factors, row-major. */
  userFactors: Float32Array;
  /** items × factors, row-major. */
  itemFactors: Float32Array;
  ratingMin: number;
  ratingMax: number;
  params: ExplicitMFParams;
  epochs: number;
}

/** Predicted rating; unknown user or item (index −1) falls back to the biases that exist. */
export function predictMF(m: ExplicitMFModel, u: number, i: number): number {
  let r = m.mu;
  if (u >= 0) r += m.userBias[u]!;
  if (i >= 0) r += m.itemBias[i]!;
  if (u >= 0 && i >= 0) {
    const f = m.factors;
    const qo = u * f;
    const po = i * f;
    let dot = 0;
    for (let k = 0; k < f; k++) dot += m.userFactors[qo + k]! * m.itemFactors[po + k]!;
    r += dot;
  }
  return r < m.ratingMin ? m.ratingMin : r > m.ratingMax ? m.ratingMax : r;
}

export function predictMFPairs(m: ExplicitMFModel, users: Int32Array, items: Int32Array): Float64Array {
  const out = new Float64Array(users.length);
  for (let k = 0; k < users.length; k++) out[k] = predictMF(m, users[k]!, items[k]!);
  return out;
}

function rmseOn(m: ExplicitMFModel, valid: Matrix): number {
  let s = 0;
  const n = valid.indices.length;
  for (let u = 0; u < valid.users.length; u++) {
    for (let p = valid.indptr[u]!; p < valid.indptr[u + 1]!; p++) {
      const d = valid.values[p]! - predictMF(m, u, valid.indices[p]!);
      s += d * d;
    }
  }
  return n ? Math.sqrt(s / n) : NaN;
}

function init(train: Matrix, params: ExplicitMFParams): ExplicitMFModel {
  const f = params.factors;
  const gauss = normal(rng(params.seed));
  const nu = train.users.length;
  const ni = train.items.length;
  const userFactors = gaussianFactors(nu, f, params.initStd, gauss);
  const itemFactors = gaussianFactors(ni, f, params.initStd, gauss);
  let mu = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of train.values) {
    mu += v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  mu /= Math.max(1, train.values.length);
  return {
    kind: 'explicit-mf',
    users: train.users,
    items: train.items,
    factors: f,
    mu,
    userBias: new Float32Array(nu),
    itemBias: new Float32Array(ni),
    userFactors,
    itemFactors,
    ratingMin: lo,
    ratingMax: hi,
    params,
    epochs: 0,
  };
}

/** One SGD pass in a seeded shuffled order; returns the train RMSE seen during the pass. */
function epoch(m: ExplicitMFModel, rowOf: Int32Array, train: Matrix, order: Int32Array, lr: number): number {
  const { regFactors: rf, regBias: rb } = m.params;
  const f = m.factors;
  const P = m.itemFactors;
  const Q = m.userFactors;
  const bu = m.userBias;
  const bi = m.itemBias;
  const mu = m.mu;
  let sse = 0;
  for (let t = 0; t < order.length; t++) {
    const p = order[t]!;
    const u = rowOf[p]!;
    const i = train.indices[p]!;
    const qo = u * f;
    const po = i * f;
    let dot = 0;
    for (let k = 0; k < f; k++) dot += Q[qo + k]! * P[po + k]!;
    const e = train.values[p]! - (mu + bu[u]! + bi[i]! + dot);
    sse += e * e;
    bu[u] = bu[u]! + lr * (e - rb * bu[u]!);
    bi[i] = bi[i]! + lr * (e - rb * bi[i]!);
    for (let k = 0; k < f; k++) {
      const q = Q[qo + k]!;
      const pk = P[po + k]!;
      Q[qo + k] = q + lr * (e * pk - rf * q);
      P[po + k] = pk + lr * (e * q - rf * pk);
    }
  }
  return Math.sqrt(sse / Math.max(1, order.length));
}

function copyModel(m: ExplicitMFModel): ExplicitMFModel {
  return {
    ...m,
    userBias: m.userBias.slice(),
    itemBias: m.itemBias.slice(),
    userFactors: m.userFactors.slice(),
    itemFactors: m.itemFactors.slice(),
  };
}

function rowIndex(m: Matrix): Int32Array {
  const r = new Int32Array(m.indices.length);
  for (let u = 0; u < m.users.length; u++) r.fill(u, m.indptr[u]!, m.indptr[u + 1]!);
  return r;
}

/**
 * Runs SGD epochs. With `valid`, lr follows the decay × plateau schedule and the lrs used are recorded;
 * without, `replay` (the recorded lrs) is followed so the refit on all ratings repeats the chosen schedule.
 */
async function run(
  train: Matrix,
  valid: Matrix | null,
  params: ExplicitMFParams,
  epochs: number,
  ctx: JobContext,
  phase: string,
  offset: number,
  total: number,
  replay?: number[],
) {
  const m = init(train, params);
  const rowOf = rowIndex(train);
  const rand = rng(params.seed + 1);
  let best = { rmse: Infinity, epoch: 0, snapshot: null as null | ExplicitMFModel };
  const keep = valid !== null && !params.refit; // the hold-out model itself is the result: remember its best epoch
  let since = 0;
  let plateau = 1;
  const lrs: number[] = [];
  for (let t = 0; t < epochs; t++) {
    ctx.checkCancelled();
    const order = permutation(train.indices.length, rand);
    const lr = replay?.[t] ?? (params.lr / (1 + params.lrDecay * t)) * plateau;
    lrs.push(lr);
    const trainRmse = epoch(m, rowOf, train, order, lr);
    m.epochs = t + 1;
    // the refit on all ratings is its own series (it restarts from scratch; no validation)
    // fit_epoch: the epoch within this fit (the event's epoch continues after the selection run)
    const logs: Record<string, number> = valid
      ? { train_rmse: trainRmse }
      : { final_train_rmse: trainRmse, fit_epoch: t + 1 };
    if (valid) {
      const v = rmseOn(m, valid);
      logs.val_rmse = v;
      if (v < best.rmse - 1e-5) {
        best = { rmse: v, epoch: t + 1, snapshot: keep ? copyModel(m) : null };
        since = 0;
      } else {
        plateau *= params.plateauFactor;
        if (++since >= params.patience) {
          ctx.epoch(offset + t + 1, logs);
          break;
        }
      }
    }
    ctx.epoch(offset + t + 1, logs);
    ctx.progress(offset + t + 1, total, phase);
    if (t % 5 === 4) await ctx.yield();
  }
  return { model: best.snapshot ?? m, bestEpoch: best.epoch, bestRmse: best.rmse, lrs };
}

/**
 * Fits biased MF: picks the epoch count by early stopping on a per-user validation hold-out cut from `train`,
 * then (if `refit`) retrains on all of `train` for that many epochs. Same seed + data → same model.
 */
export async function fitExplicitMF(
  train: Matrix,
  opts: Partial<ExplicitMFParams>,
  ctx: JobContext,
): Promise<{ model: ExplicitMFModel; validRmse: number; bestEpoch: number; schedule: number[] }> {
  const params = { ...EXPLICIT_MF_DEFAULTS, ...opts };
  const { train: tr, valid } = holdOutPerUser(train, params.validFraction, params.seed + 7);
  const total = params.maxEpochs * (params.refit ? 2 : 1);
  const first = await run(tr, valid, params, params.maxEpochs, ctx, 'matrix factorisation: choosing epochs', 0, total);
  const bestEpoch = Math.max(1, first.bestEpoch);
  const schedule = first.lrs.slice(0, bestEpoch);
  if (!params.refit) return { model: first.model, validRmse: first.bestRmse, bestEpoch, schedule };
  const final = await run(
    train,
    null,
    params,
    bestEpoch,
    ctx,
    'matrix factorisation: final fit',
    first.model.epochs,
    first.model.epochs + bestEpoch,
    schedule,
  );
  return { model: final.model, validRmse: first.bestRmse, bestEpoch, schedule };
}

/**
 * Trains for a fixed number of epochs with no hold-out (e.g. the serving refit on all ratings once the epochs are
 * known).
 */
export async function trainExplicitMF(
  train: Matrix,
  opts: Partial<ExplicitMFParams>,
  schedule: number[],
  ctx: JobContext,
): Promise<ExplicitMFModel> {
  const params = { ...EXPLICIT_MF_DEFAULTS, ...opts };
  return (
    await run(
      train,
      null,
      params,
      schedule.length,
      ctx,
      'matrix factorisation: serving fit',
      0,
      schedule.length,
      schedule,
    )
  ).model;
}
