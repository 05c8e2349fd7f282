// Observed information for the CLV fits: Hessian of the mean negative log-likelihood over log-parameters by central
// differences of the analytic gradient, Newton polishing of the optimum, and 95 % intervals by the delta method.
import { cholesky, choleskyInverse, choleskySolve } from '../linalg/spd.ts';
import type { ValueGrad } from './optimise.ts';

/** Symmetrised Hessian (row-major n×n) of the objective at x, from gradients at x ± h·e_j. */
export function numericHessian(fg: ValueGrad, x: Float64Array, h = 1e-5): Float64Array {
  const n = x.length;
  const H = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const up = x.slice();
    const down = x.slice();
    up[j] = up[j]! + h;
    down[j] = down[j]! - h;
    const gu = fg(up).g;
    const gd = fg(down).g;
    for (let i = 0; i < n; i++) H[i * n + j] = (gu[i]! - gd[i]!) / (2 * h);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const m = 0.5 * (H[i * n + j]! + H[j * n + i]!);
      H[i * n + j] = m;
      H[j * n + i] = m;
    }
  return H;
}

/** Up to `steps` Newton steps x ← x − H⁻¹g, each kept only when it lowers the objective (BFGS stops a bit short). */
export function newtonPolish(fg: ValueGrad, x0: Float64Array, steps = 4): { x: Float64Array; f: number } {
  let x = x0;
  let { f, g } = fg(x);
  for (let k = 0; k < steps; k++) {
    const L = numericHessian(fg, x);
    if (!cholesky(L, x.length)) break;
    const d = g.slice();
    choleskySolve(L, x.length, d);
    const xn = x.map((v, i) => v - d[i]!);
    const next = fg(xn);
    if (!(Number.isFinite(next.f) && next.f <= f)) break;
    x = xn;
    f = next.f;
    g = next.g;
  }
  return { x, f };
}

export interface ParamIntervals {
  /** Standard errors of the natural parameters; null when the information matrix is not positive definite. */
  se: Float64Array | null;
  /** [lower, upper] 95 % bounds per parameter (lifetimes' θ ± 1.96·se). */
  intervals: ([number, number] | null)[];
}

/**
 * Delta method from log-parameters: Var(log θ) = H⁻¹ / n (H: Hessian of the mean objective over n customers),
 * se(θ) = θ·√Var(log θ) — what lifetimes computes for its confidence intervals.
 */
export function intervalsFromHessian(H: Float64Array, theta: ArrayLike<number>, n: number): ParamIntervals {
  const k = theta.length;
  const L = H.slice();
  if (!cholesky(L, k)) return { se: null, intervals: Array.from({ length: k }, () => null) };
  const inv = choleskyInverse(L, k);
  const se = Float64Array.from({ length: k }, (_, i) => theta[i]! * Math.sqrt(inv[i * k + i]! / n));
  const intervals = Array.from(se, (s, i): [number, number] => [theta[i]! - 1.96 * s, theta[i]! + 1.96 * s]);
  return { se, intervals };
}
