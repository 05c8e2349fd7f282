// Reference logistic fit: full-batch L-BFGS with loss and gradient as TF.js matmuls (the fit before logistic-newton.ts;
// kept so tests can check that the typed-array solver reaches the same optimum).
import * as tf from '@tensorflow/tfjs';
import type { JobContext } from '../jobs.ts';
import type { LogisticFit, LogisticOptions } from './logistic.ts';

/**
 * Fits on row-major `x` (n × p) and 0/1 labels `y`. The data lives in tensors for the whole fit; only the
 * p + 1 parameters cross to JS each step, where the L-BFGS two-loop recursion and line search run in float64.
 */
export async function fitLogisticTf(
  x: Float32Array,
  y: Float32Array,
  n: number,
  p: number,
  options: LogisticOptions,
  ctx?: JobContext,
): Promise<LogisticFit> {
  const maxIter = options.maxIter ?? 200;
  const gradTol = options.gradTol ?? 1e-5;
  const lambda = options.l2;
  const X = tf.tensor2d(x, [n, p]);
  const Y = tf.tensor2d(y, [n, 1]);
  const sw = options.sampleWeights ?? new Float32Array(n).fill(1);
  let wsum = 0;
  for (const v of sw) wsum += v;
  const W = tf.tensor2d(
    sw.map((v) => v / wsum),
    [n, 1],
  );
  // Loss and gradient at θ = [w (p), b].
  const evaluate = (theta: Float64Array): { f: number; g: Float64Array } => {
    const wt = tf.tensor2d(Float32Array.from(theta.subarray(0, p)), [p, 1]);
    try {
      const [fT, gT] = tf.tidy(() => {
        const z = tf.add(tf.matMul(X, wt), theta[p]!);
        // Stable BCE from logits: max(z,0) − z·y + log(1 + e^{−|z|}).
        const bce = tf.add(tf.sub(tf.relu(z), tf.mul(z, Y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
        const f = tf.sum(tf.mul(bce, W));
        const r = tf.mul(tf.sub(tf.sigmoid(z), Y), W);
        const g = tf.concat([tf.matMul(X, r, true, false), tf.reshape(tf.sum(r), [1, 1])], 0);
        return [f, g];
      });
      const f = fT!.dataSync()[0]!;
      const gd = gT!.dataSync();
      tf.dispose([fT!, gT!]);
      let penalty = 0;
      const g = new Float64Array(p + 1);
      for (let j = 0; j < p; j++) {
        penalty += theta[j]! * theta[j]!;
        g[j] = gd[j]! + lambda * theta[j]!;
      }
      g[p] = gd[p]!;
      return { f: f + 0.5 * lambda * penalty, g };
    } finally {
      wt.dispose();
    }
  };
  try {
    return await lbfgs(evaluate, p + 1, maxIter, gradTol, ctx, p);
  } finally {
    tf.dispose([X, Y, W]);
  }
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

interface LbfgsMemory {
  S: Float64Array[];
  Yv: Float64Array[];
  rho: number[];
}

/** Curvature pairs kept. */
const HISTORY = 10;

/** Two-loop recursion: d = −H·g, or steepest descent (forgetting the history) when that is not downhill. */
function searchDirection(g: Float64Array, mem: LbfgsMemory): { dir: Float64Array; slope: number } {
  const { S, Yv, rho } = mem;
  const dim = g.length;
  const q = Float64Array.from(g);
  const alpha: number[] = [];
  for (let i = S.length - 1; i >= 0; i--) {
    const a = rho[i]! * dot(S[i]!, q);
    alpha[i] = a;
    for (let j = 0; j < dim; j++) q[j]! -= a * Yv[i]![j]!;
  }
  const gamma = S.length
    ? dot(S[S.length - 1]!, Yv[Yv.length - 1]!) / dot(Yv[Yv.length - 1]!, Yv[Yv.length - 1]!)
    : 1 / Math.max(1, Math.sqrt(dot(g, g)));
  for (let j = 0; j < dim; j++) q[j]! *= gamma;
  for (let i = 0; i < S.length; i++) {
    const b = rho[i]! * dot(Yv[i]!, q);
    for (let j = 0; j < dim; j++) q[j]! += S[i]![j]! * (alpha[i]! - b);
  }
  const dir = q.map((v) => -v);
  let slope = dot(dir, g);
  if (slope >= 0) {
    for (let j = 0; j < dim; j++) dir[j] = -g[j]!;
    slope = dot(dir, g);
    S.length = 0;
    Yv.length = 0;
    rho.length = 0;
  }
  return { dir, slope };
}

/** Backtracking Armijo line search along `dir`; null when no step (up to 30 halvings) decreases f enough. */
function lineSearch(
  evaluate: (t: Float64Array) => { f: number; g: Float64Array },
  theta: Float64Array,
  f: number,
  dir: Float64Array,
  slope: number,
): { next: Float64Array; fn: number; gn: Float64Array } | null {
  let step = 1;
  for (let ls = 0; ls < 30; ls++) {
    const next = theta.map((v, j) => v + step * dir[j]!);
    const { f: fn, g: gn } = evaluate(next);
    if (fn <= f + 1e-4 * step * slope) return { next, fn, gn };
    step *= 0.5;
  }
  return null;
}

/** Adds the pair (s, y) when its curvature sᵀy is positive, dropping the oldest beyond HISTORY. */
function remember(mem: LbfgsMemory, s: Float64Array, yv: Float64Array): void {
  const sy = dot(s, yv);
  if (sy > 1e-12) {
    mem.S.push(s);
    mem.Yv.push(yv);
    mem.rho.push(1 / sy);
    if (mem.S.length > HISTORY) {
      mem.S.shift();
      mem.Yv.shift();
      mem.rho.shift();
    }
  }
}

async function lbfgs(
  evaluate: (t: Float64Array) => { f: number; g: Float64Array },
  dim: number,
  maxIter: number,
  gradTol: number,
  ctx: JobContext | undefined,
  p: number,
): Promise<LogisticFit> {
  let theta: Float64Array = new Float64Array(dim);
  let { f, g } = evaluate(theta);
  const mem: LbfgsMemory = { S: [], Yv: [], rho: [] };
  let it = 0,
    converged = false;
  for (; it < maxIter; it++) {
    if (Math.max(...Array.from(g, Math.abs)) < gradTol) {
      converged = true;
      break;
    }
    if (ctx) {
      ctx.checkCancelled();
      if (it % 20 === 19) await ctx.yield();
    }
    const { dir, slope } = searchDirection(g, mem);
    const found = lineSearch(evaluate, theta, f, dir, slope);
    // No decrease possible at float32 precision: we are at the optimum when the gradient is already tiny.
    if (!found) {
      converged = Math.max(...Array.from(g, Math.abs)) < 1e-3;
      break;
    }
    const { next, fn, gn } = found;
    remember(
      mem,
      next.map((v, j) => v - theta[j]!),
      gn.map((v, j) => v - g[j]!),
    );
    const df = Math.abs(f - fn);
    theta = next;
    f = fn;
    g = gn;
    if (df < 1e-12 * Math.max(1, Math.abs(f))) {
      converged = true;
      it++;
      break;
    }
  }
  return { weights: Float32Array.from(theta.subarray(0, p)), bias: theta[p]!, iterations: it, loss: f, converged };
}
