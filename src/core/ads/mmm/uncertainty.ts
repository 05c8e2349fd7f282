// Uncertainty of the MMM by a moving-block residual bootstrap that refits the nonlinear parameters.
// Why a bootstrap and not Laplace: the quantities reported (contribution share, ROAS) are nonlinear in the
// parameters, β ≥ 0 and decay ∈ (0, 1) are bounded, and β trades off against the saturation λ along a curved
// ridge, so a Gaussian at the optimum misstates the intervals; refitting on resampled series follows the ridge and
// the bounds. Residuals are resampled in blocks (length ≈ n^(1/3)) so their autocorrelation over weeks survives,
// and each refit starts from the full fit with Levenberg–Marquardt on the profiled residuals (a few milliseconds).
import type { JobContext } from '../../jobs.ts';
import { rng } from '../../random.ts';
import { fitNonlinear, type MmmProblem, type Solved } from './fit.ts';

export interface Draw {
  theta: Float64Array;
  coef: Float64Array;
  feats: Float64Array[];
}

export interface BootstrapSettings {
  draws: number;
  seed: number;
  /** Block length in periods (default round(n^(1/3)), at least 2). */
  block?: number;
}

/** Centred residuals resampled as circular blocks of `block` consecutive periods. */
export function blockResample(res: Float64Array, block: number, rand: () => number, out: Float64Array): Float64Array {
  const n = res.length;
  let t = 0;
  while (t < n) {
    const start = Math.floor(rand() * n);
    for (let k = 0; k < block && t < n; k++, t++) out[t] = res[(start + k) % n]!;
  }
  return out;
}

/** B refits on ŷ + resampled residuals, each from the full fit's θ. */
export async function blockBootstrap(
  pr: MmmProblem,
  bg: Float64Array,
  fit: { theta: Float64Array; solved: Solved },
  set: BootstrapSettings,
  ctx: JobContext,
): Promise<Draw[]> {
  const n = pr.y.length;
  const res = Float64Array.from(pr.y, (v, t) => v - fit.solved.fitted[t]!);
  const mean = res.reduce((a, v) => a + v, 0) / n;
  for (let t = 0; t < n; t++) res[t] = res[t]! - mean;
  const block = set.block ?? Math.max(2, Math.round(Math.cbrt(n)));
  const rand = rng(set.seed);
  const e = new Float64Array(n);
  const yb = new Float64Array(n);
  const draws: Draw[] = [];
  for (let b = 0; b < set.draws; b++) {
    blockResample(res, block, rand, e);
    for (let t = 0; t < n; t++) yb[t] = fit.solved.fitted[t]! + e[t]!;
    const r = fitNonlinear(pr, bg, yb, { start: fit.theta, maxEval: 30 });
    draws.push({ theta: r.theta, coef: r.solved.coef, feats: r.solved.feats });
    if (b % 10 === 9) {
      ctx.checkCancelled();
      ctx.progress(b + 1, set.draws, 'marketing mix: bootstrap');
      await ctx.yield();
    }
  }
  return draws;
}
