// Gamma-Gamma spend model (Fader, Hardie & Lee 2005b; Hardie's note 025): per-customer mean repeat spend, fitted by
// maximum likelihood over log (p, q, v) with lifetimes' penalizer, and the conditional expected order value.
import { intervalsFromHessian, newtonPolish, numericHessian } from './hessian.ts';
import { minimise, type ValueGrad } from './optimise.ts';
import { digamma, lgamma } from './special.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  intervals: Record<keyof GammaGammaParams, [number, number] | null>;
  se: Record<keyof GammaGammaParams, number> | null;
  logLik: number;
  customers: number;
  iterations: number;
  converged: boolean;
}

/** Σ log-likelihood of mean spends m over x repeat purchases (x > 0, m > 0); gradient in (p, q, v) added into g. */
export function gammaGammaLogLik(
  prm: GammaGammaParams,
  x: Float64Array,
  m: Float64Array,
  g: Float64Array = new Float64Array(3),
): number {
  const { p, q, v } = prm;
  const lgq = lgamma(q);
  const dq = digamma(q);
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const mi = m[i]!;
    const px = p * xi;
    const lxm = Math.log(xi * mi + v);
    ll +=
      lgamma(px + q) -
      lgamma(px) -
      lgq +
      q * Math.log(v) +
      (px - 1) * Math.log(mi) +
      px * Math.log(xi) -
      (px + q) * lxm;
    const dpq = digamma(px + q);
    g[0] = g[0]! + xi * (dpq - digamma(px) + Math.log(mi) + Math.log(xi) - lxm);
    g[1] = g[1]! + dpq - dq + Math.log(v) - lxm;
    g[2] = g[2]! + q / v - (px + q) / (xi * mi + v);
  }
  return ll;
}

function objective(x: Float64Array, m: Float64Array, penalty: number): ValueGrad {
  const n = x.length;
  return (lx) => {
    const theta = [Math.exp(lx[0]!), Math.exp(lx[1]!), Math.exp(lx[2]!)];
    const g = new Float64Array(3);
    const ll = gammaGammaLogLik({ p: theta[0]!, q: theta[1]!, v: theta[2]! }, x, m, g);
    let pen = 0;
    for (let i = 0; i < 3; i++) {
      pen += theta[i]! * theta[i]!;
      g[i] = theta[i]! * (-g[i]! / n + 2 * penalty * theta[i]!);
    }
    return { f: -ll / n + penalty * pen, g };
  };
}

/** Fits p, q, v on the customers with at least one repeat purchase and a positive mean spend. */
export function fitGammaGamma(
  frequency: Float64Array,
  monetary: Float64Array,
  opts: { penalty?: number; onIter?: (i: number) => void } = {},
): GammaGammaFit {
  const keep: number[] = [];
  for (let i = 0; i < frequency.length; i++) if (frequency[i]! > 0 && monetary[i]! > 0) keep.push(i);
  const x = Float64Array.from(keep, (i) => frequency[i]!);
  const m = Float64Array.from(keep, (i) => monetary[i]!);
  const fg = objective(x, m, opts.penalty ?? 0);
  // Start with v near the mean spend's scale, so exp(q·log v) terms start in range whatever the currency.
  const meanM = m.reduce((s, v) => s + v, 0) / Math.max(1, m.length);
  let best = minimise(fg, [0.1, 0.1, Math.log(Math.max(meanM, 1e-6))], { onIter: opts.onIter });
  if (!best.converged) {
    const next = minimise(fg, [0.1, 0.1, 0.1], { onIter: opts.onIter });
    if (next.f < best.f) best = next;
  }
  const polished = newtonPolish(fg, best.x);
  const theta = Array.from(polished.x, Math.exp);
  const { se, intervals } = intervalsFromHessian(numericHessian(fg, polished.x), theta, x.length);
  const names = ['p', 'q', 'v'] as const;
  const prm = { p: theta[0]!, q: theta[1]!, v: theta[2]! };
  return {
    ...prm,
    intervals: Object.fromEntries(names.map((k, i) => [k, intervals[i]])) as GammaGammaFit['intervals'],
    se: se ? (Object.fromEntries(names.map((k, i) => [k, se[i]!])) as Record<keyof GammaGammaParams, number>) : null,
    logLik: gammaGammaLogLik(prm, x, m),
    customers: x.length,
    iterations: best.iterations,
    converged: best.converged,
  };
}

/**
 * E[mean order value | x, m̄] = (1 − w)·v·p/(q − 1) + w·m̄ with w = p·x/(p·x + q − 1) (note 025, eq. 5);
 * customers without a repeat purchase get the population mean.
 */
export function expectedOrderValue(prm: GammaGammaParams, x: number, m: number): number {
  const w = (prm.p * x) / (prm.p * x + prm.q - 1);
  const population = (prm.v * prm.p) / (prm.q - 1);
  return x > 0 ? (1 - w) * population + w * m : population;
}
