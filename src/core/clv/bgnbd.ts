// BG/NBD (Fader, Hardie & Lee 2005) for repeat purchases: the closed-form log-likelihood with its analytic gradient,
// the maximum-likelihood fit over log-parameters (lifetimes' penalizer semantics), P(alive) and expected purchases.
import { newtonPolish, numericHessian, intervalsFromHessian } from './hessian.ts';
import { minimise, type ValueGrad } from './optimise.ts';
import { digamma, hyp2f1, lgamma } from './special.ts';

/** Per-customer sufficient statistics: repeat purchases x, recency t_x and age T, in periods. */
export interface RfmData {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
}

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgnbdFit extends BgnbdParams {
  intervals: Record<keyof BgnbdParams, [number, number] | null>;
  se: Record<keyof BgnbdParams, number> | null;
  /** Σ log-likelihood at the optimum (original time units, without the penalty). */
  logLik: number;
  iterations: number;
  converged: boolean;
}

/** One customer's log-likelihood and its gradient in (r, α, a, b), added into g. */
function customerLL(p: BgnbdParams, x: number, t: number, T: number, g: Float64Array): number {
  const { r, alpha, a, b } = p;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  let w3 = 1;
  let w4 = 0;
  let lse = a3;
  if (x > 0) {
    const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + t);
    const m = Math.max(a3, a4);
    lse = m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
    w3 = Math.exp(a3 - lse);
    w4 = Math.exp(a4 - lse);
  }
  const dAB = digamma(a + b) - digamma(a + b + x);
  g[0] = g[0]! + digamma(r + x) - digamma(r) + Math.log(alpha) - w3 * Math.log(alpha + T) - w4 * Math.log(alpha + t);
  g[1] = g[1]! + r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t));
  g[2] = g[2]! + dAB + (x > 0 ? w4 / a : 0);
  g[3] = g[3]! + dAB + digamma(b + x) - digamma(b) - (x > 0 ? w4 / (b + x - 1) : 0);
  return a1 + a2 + lse;
}

export function bgnbdLogLik(p: BgnbdParams, d: RfmData, grad?: Float64Array): number {
  const g = grad ?? new Float64Array(4);
  let ll = 0;
  for (let i = 0; i < d.frequency.length; i++) ll += customerLL(p, d.frequency[i]!, d.recency[i]!, d.T[i]!, g);
  return ll;
}

const fromLog = (x: Float64Array): BgnbdParams => ({
  r: Math.exp(x[0]!),
  alpha: Math.exp(x[1]!),
  a: Math.exp(x[2]!),
  b: Math.exp(x[3]!),
});

/** lifetimes' objective: −mean log-likelihood + penalty·Σθ², over log θ (gradient by the chain rule). */
export function bgnbdObjective(d: RfmData, penalty: number): ValueGrad {
  const n = d.frequency.length;
  return (x) => {
    const p = fromLog(x);
    const theta = [p.r, p.alpha, p.a, p.b];
    const g = new Float64Array(4);
    const ll = bgnbdLogLik(p, d, g);
    let pen = 0;
    for (let i = 0; i < 4; i++) {
      pen += theta[i]! * theta[i]!;
      g[i] = theta[i]! * (-g[i]! / n + 2 * penalty * theta[i]!);
    }
    return { f: -ll / n + penalty * pen, g };
  };
}

/** Maximum likelihood on time scaled so the oldest customer has T = 1 (as lifetimes does; α is scaled back). */
export function fitBgnbd(d: RfmData, opts: { penalty?: number; onIter?: (i: number) => void } = {}): BgnbdFit {
  const penalty = opts.penalty ?? 0;
  const n = d.frequency.length;
  const scale = 1 / d.T.reduce((m, v) => Math.max(m, v), 0);
  const scaled: RfmData = {
    frequency: d.frequency,
    recency: d.recency.map((v) => v * scale),
    T: d.T.map((v) => v * scale),
  };
  const fg = bgnbdObjective(scaled, penalty);
  let best = minimise(fg, [0.1, 0.1, 0.1, 0.1], { onIter: opts.onIter });
  for (const start of [
    [0, Math.log(0.5), 0, 0],
    [-1, -2, -0.5, 0.5],
  ]) {
    if (best.converged) break;
    const next = minimise(fg, start, { onIter: opts.onIter });
    if (next.f < best.f) best = next;
  }
  const polished = newtonPolish(fg, best.x);
  const H = numericHessian(fg, polished.x);
  const p = fromLog(polished.x);
  p.alpha /= scale;
  const { se, intervals } = intervalsFromHessian(H, [p.r, p.alpha, p.a, p.b], n);
  const names = ['r', 'alpha', 'a', 'b'] as const;
  return {
    ...p,
    intervals: Object.fromEntries(names.map((k, i) => [k, intervals[i]])) as BgnbdFit['intervals'],
    se: se ? (Object.fromEntries(names.map((k, i) => [k, se[i]!])) as Record<keyof BgnbdParams, number>) : null,
    logLik: bgnbdLogLik(p, d),
    iterations: best.iterations,
    converged: best.converged,
  };
}

/** P(alive | x, t_x, T) (Fader, Hardie & Lee, note 021): 1 for customers without a repeat purchase. */
export function probabilityAlive(p: BgnbdParams, x: number, t: number, T: number): number {
  if (x <= 0) return 1;
  const logDiv = (p.r + x) * Math.log((p.alpha + T) / (p.alpha + t)) + Math.log(p.a / (p.b + x - 1));
  return 1 / (1 + Math.exp(logDiv));
}

/**
 * E[purchases in (T, T + t] | x, t_x, T] (FHL 2005 eq. 10). ₂F₁(r+x, b+x; a+b+x−1; z) is taken through Euler's
 * transformation, (1−z)^(c−a−b)·₂F₁(c−a, c−b; c; z), whose series converges fast however large x is.
 */
export function expectedPurchases(p: BgnbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  const log1mz = Math.log((alpha + T) / (alpha + T + t));
  // (1−z)^(r+x)·₂F₁(r+x, b+x; c; z) = (1−z)^(a−1)·₂F₁(c−r−x, a−1; c; z). With c < 0 (a + b < 1, no repeat
  // purchase yet) the series can be negative, so the log form (expm1, exact near 1) is used only when it is positive.
  const f = hyp2f1(c - r - x, a - 1, c, z);
  const bracket = f > 0 ? -Math.expm1((a - 1) * log1mz + Math.log(f)) : 1 - Math.exp((a - 1) * log1mz) * f;
  const numerator = ((a + b + x - 1) / (a - 1)) * bracket;
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
  return numerator / denominator;
}
