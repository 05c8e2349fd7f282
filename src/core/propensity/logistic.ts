// L2-regularised logistic regression for the propensity job: Newton steps on typed arrays (logistic-newton.ts).
import type { JobContext } from '../jobs.ts';
import { newtonLogistic, sparseRows } from './logistic-newton.ts';

export interface LogisticFit {
  weights: Float32Array;
  bias: number;
  iterations: number;
  loss: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** Penalty λ in  mean weighted BCE + λ/2 ‖w‖²  (scikit-learn's C corresponds to λ = 1 / (C · n)). */
  l2: number;
  maxIter?: number;
  /** Stop when the gradient's max-norm falls below this (default 1e-8: Newton gets there in a step or two more). */
  gradTol?: number;
  /** Per-row weights (class weights); default 1. */
  sampleWeights?: Float32Array;
}

/**
 * Fits on row-major `x` (n × p) and 0/1 labels `y`, in float64. p is the design's width after one-hot coding (tens to
 * a few hundred), so a p × p Hessian is cheap next to the passes over the rows, and a fit takes 5–10 of them.
 */
export async function fitLogistic(
  x: Float32Array,
  y: Float32Array,
  n: number,
  p: number,
  options: LogisticOptions,
  ctx?: JobContext,
): Promise<LogisticFit> {
  if (ctx) await ctx.yield();
  const problem = {
    design: sparseRows(x, n, p),
    rows: Int32Array.from({ length: n }, (_, i) => i),
    y,
    sampleWeights: options.sampleWeights ? Float64Array.from(options.sampleWeights) : null,
  };
  const fit = newtonLogistic(problem, options.l2, null, undefined, {
    maxIter: options.maxIter ?? 100,
    gradTol: options.gradTol ?? 1e-8,
    check: () => ctx?.checkCancelled(),
  });
  return {
    weights: Float32Array.from(fit.theta.subarray(0, p)),
    bias: fit.theta[p]!,
    iterations: fit.iterations,
    loss: fit.loss,
    converged: fit.converged,
  };
}
