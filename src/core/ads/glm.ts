// GLM by iteratively reweighted least squares: linear, Poisson (log link, optional offset), binomial (logit,
// trials-weighted).
// TF.js forms XᵀWX and XᵀWz (the n×p² work); the p×p solve runs in typed arrays. Converges in a handful of
// iterations, so it is exact and much faster than a fixed-epoch gradient loop.
import * as tf from '@tensorflow/tfjs';
import type { JobContext } from '../jobs.ts';
import { choleskyInverse, choleskyJittered, choleskySolveCopy } from '../linalg/spd.ts';
import { deviance, invLink, type Target } from './family.ts';
import type { Family, GlmWeights } from './types.ts';

export interface GlmOptions {
  maxIterations?: number;
  tolerance?: number;
  /** Ridge on the non-intercept coefficients, relative to the mean diagonal of XᵀWX. */
  ridge?: number;
}

/** The fit rows as IRLS works on them: [1 x] row-major (q = p + 1 columns), targets, weights and offsets. */
interface IrlsRows {
  family: Family;
  n: number;
  q: number;
  xa: Float32Array;
  y: Float64Array;
  w: Float64Array;
  off: Float64Array;
}

interface IrlsSettings {
  maxIt: number;
  tol: number;
  ridge: number;
}

/** Where IRLS stopped: coefficients, the Cholesky factor of the last XᵀWX, the accepted η, iterations run. */
interface IrlsState {
  coef: Float64Array;
  l: Float64Array;
  eta: Float64Array;
  iterations: number;
}

/**
 * Fit on design rows `x` (n×p row-major, no intercept column) for the target rows `idx`.
 * Returns coefficients [intercept, ...] and their covariance scaled by the dispersion (Pearson χ²/(n−p), ≥ 1 for
 * Poisson/binomial so over-dispersed data get honest, wider intervals).
 */
export async function fitGlm(
  family: Family,
  x: Float32Array,
  p: number,
  t: Target,
  idx: Int32Array,
  ctx: JobContext,
  opts: GlmOptions = {},
): Promise<GlmWeights> {
  const d = gatherRows(family, x, p, t, idx);
  const settings: IrlsSettings = {
    maxIt: family === 'linear' ? 1 : (opts.maxIterations ?? 30),
    tol: opts.tolerance ?? 1e-9,
    ridge: opts.ridge ?? 1e-7,
  };
  const { coef, l, eta, iterations } = await irls(d, settings, ctx);
  const { cov, dispersion } = scaledCovariance(d, eta, l);
  return { kind: 'glm', family, coef, cov, dispersion, iterations };
}

function gatherRows(family: Family, x: Float32Array, p: number, t: Target, idx: Int32Array): IrlsRows {
  const n = idx.length;
  const q = p + 1;
  const xa = new Float32Array(n * q);
  for (let k = 0; k < n; k++) {
    xa[k * q] = 1;
    xa.set(x.subarray(k * p, k * p + p), k * q + 1);
  }
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  const off = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = idx[k]!;
    y[k] = t.y[r]!;
    w[k] = t.w[r]!;
    off[k] = t.offset ? t.offset[r]! : 0;
  }
  return { family, n, q, xa, y, w, off };
}

/** Start from the data (mu = y, nudged off the boundaries) so the first step is a sensible one. */
function initialEta({ family, n, y, w }: IrlsRows): Float64Array {
  const eta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (family === 'linear') eta[k] = y[k]!;
    else if (family === 'poisson') eta[k] = Math.log(y[k]! + 0.5);
    else {
      const pr = (y[k]! * w[k]! + 0.5) / (w[k]! + 1);
      eta[k] = Math.log(pr / (1 - pr));
    }
  }
  return eta;
}

async function irls(d: IrlsRows, s: IrlsSettings, ctx: JobContext): Promise<IrlsState> {
  const { q } = d;
  const X = tf.tensor2d(d.xa, [d.n, q]);
  const eta = initialEta(d);
  let coef: Float64Array = new Float64Array(q);
  let lastDev = Infinity;
  let l: Float64Array = new Float64Array(q * q);
  let iterations = 0;
  try {
    for (let it = 0; it < s.maxIt; it++) {
      ctx.checkCancelled();
      iterations = it + 1;
      ctx.progress(it, s.maxIt, 'fitting GLM');
      const { a, b } = await normalEquations(X, d, eta, s.ridge);
      l = choleskyJittered(a, q);
      const next = choleskySolveCopy(l, q, b);
      const dev = halvedStep(d, next, coef, eta, lastDev);
      coef = next;
      if (Math.abs(lastDev - dev) <= s.tol * (Math.abs(dev) + 1e-3)) {
        lastDev = dev;
        break;
      }
      lastDev = dev;
      if (it % 5 === 4) await ctx.yield();
    }
  } finally {
    X.dispose();
  }
  return { coef, l, eta, iterations };
}

/** IRLS working weights and working response at the current η. */
function workingResponse({ family, n, y, w, off }: IrlsRows, eta: Float64Array) {
  const wk = new Float32Array(n);
  const zk = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const e = eta[k]!;
    if (family === 'linear') {
      wk[k] = w[k]!;
      zk[k] = y[k]!;
      continue;
    }
    const mu = invLink(family, e);
    if (family === 'poisson') {
      const m = Math.max(mu, 1e-10);
      wk[k] = w[k]! * m;
      zk[k] = e - off[k]! + (y[k]! - m) / m;
    } else {
      const v = Math.max(mu * (1 - mu), 1e-10);
      wk[k] = w[k]! * v;
      zk[k] = e + (y[k]! - mu) / v;
    }
  }
  return { wk, zk };
}

/** XᵀWX (ridged on the non-intercept diagonal) and XᵀWz at the current η: TF.js does the n×p² work. */
async function normalEquations(X: tf.Tensor2D, d: IrlsRows, eta: Float64Array, ridge: number) {
  const { n, q } = d;
  const { wk, zk } = workingResponse(d, eta);
  const [xtwx, xtwz] = tf.tidy(() => {
    const W = tf.tensor2d(wk, [n, 1]);
    const XW = tf.mul(X, W);
    return [tf.matMul(XW, X, true, false), tf.matMul(XW, tf.tensor2d(zk, [n, 1]), true, false)];
  });
  const a = Float64Array.from(await xtwx.data());
  const b = Float64Array.from(await xtwz.data());
  tf.dispose([xtwx, xtwz]);
  let meanDiag = 0;
  for (let i = 1; i < q; i++) meanDiag += a[i * q + i]!;
  meanDiag = q > 1 ? meanDiag / (q - 1) : 1;
  for (let i = 1; i < q; i++) a[i * q + i]! += ridge * meanDiag + 1e-12;
  return { a, b };
}

/**
 * Step-halving keeps the deviance from rising (IRLS can overshoot on separated binomial data): halves `next` toward
 * `coef` in place until it does, stores the accepted η in `eta`, and returns its deviance.
 */
function halvedStep(d: IrlsRows, next: Float64Array, coef: Float64Array, eta: Float64Array, lastDev: number): number {
  let dev = Infinity;
  for (let half = 0; half < 8; half++) {
    const etaNew = linearPredictor(d.xa, d.q, next, d.family === 'poisson' ? d.off : null);
    dev = totalDeviance(d.family, d.y, d.w, etaNew);
    if (dev <= lastDev * (1 + 1e-12) || half === 7 || !Number.isFinite(lastDev)) {
      eta.set(etaNew);
      break;
    }
    for (let i = 0; i < d.q; i++) next[i] = (next[i]! + coef[i]!) / 2;
  }
  return dev;
}

/** Dispersion: residual variance for linear; Pearson χ²/(n−p), floored at 1, for Poisson/binomial. */
function scaledCovariance({ family, n, q, y, w }: IrlsRows, eta: Float64Array, l: Float64Array) {
  let pearson = 0;
  for (let k = 0; k < n; k++) {
    const mu = invLink(family, eta[k]!);
    if (family === 'linear') pearson += w[k]! * (y[k]! - mu) ** 2;
    else if (family === 'poisson') pearson += (y[k]! - mu) ** 2 / Math.max(mu, 1e-10);
    else pearson += (w[k]! * (y[k]! - mu) ** 2) / Math.max(mu * (1 - mu), 1e-10);
  }
  const df = Math.max(1, n - q);
  const dispersion = family === 'linear' ? pearson / df : Math.max(1, pearson / df);
  const cov = choleskyInverse(l, q);
  for (let i = 0; i < cov.length; i++) cov[i]! *= dispersion;
  return { cov, dispersion };
}

/** η = [1 x]·coef (+ offset for poisson). */
function linearPredictor(
  xa: Float32Array,
  q: number,
  coef: Float64Array,
  addOffset: Float64Array | null,
): Float64Array {
  const n = xa.length / q;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = addOffset ? addOffset[k]! : 0;
    for (let i = 0; i < q; i++) s += xa[k * q + i]! * coef[i]!;
    out[k] = s;
  }
  return out;
}

function totalDeviance(family: Family, y: Float64Array, w: Float64Array, eta: Float64Array): number {
  let d = 0;
  for (let k = 0; k < y.length; k++) d += deviance(family, y[k]!, invLink(family, eta[k]!), w[k]!);
  return d;
}
