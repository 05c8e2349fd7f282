// Saturating spend-response curves: Hill β·xⁿ/(xⁿ+Kⁿ) and negative-exponential β·(1−e^(−x/K)), values and slopes.
import type { CurveKind, CurveParams } from './types.ts';

export function curveValue(c: CurveParams, x: number): number {
  if (!(x > 0)) return 0;
  if (c.kind === 'negexp') return c.beta * (1 - Math.exp(-x / c.k));
  if (c.kind === 'logistic') return c.beta * Math.tanh(x / (2 * c.k));
  const u = Math.pow(x / c.k, c.n);
  return c.beta * (u / (1 + u));
}

/** d outcome / d spend. */
export function curveSlope(c: CurveParams, x: number): number {
  if (c.kind === 'negexp') return (c.beta / c.k) * Math.exp(-Math.max(0, x) / c.k);
  if (c.kind === 'logistic') return (c.beta / (2 * c.k)) * (1 - Math.tanh(Math.max(0, x) / (2 * c.k)) ** 2);
  // At zero spend a Hill curve with n < 1 is vertical; report the slope just above 0 so it stays finite.
  const xs = c.n < 1 ? Math.max(x, c.k * 1e-6) : x;
  if (!(xs > 0)) return c.n === 1 ? c.beta / c.k : 0;
  const u = Math.pow(xs / c.k, c.n);
  return (c.beta * c.n * u) / (xs * (1 + u) * (1 + u));
}

/** Parameter vector (log scale, so the fit stays in the valid region) ⇄ params. */
export function nParams(kind: CurveKind): number {
  return kind === 'hill' ? 3 : 2;
}

export function toParams(kind: CurveKind, theta: ArrayLike<number>, o: number): CurveParams {
  return {
    kind,
    beta: Math.exp(theta[o]!),
    k: Math.exp(theta[o + 1]!),
    n: kind === 'hill' ? Math.exp(theta[o + 2]!) : 1,
  };
}

/** Value and gradient wrt the log-parameters at x, written into g[o..]. */
export function valueAndGrad(
  kind: CurveKind,
  theta: ArrayLike<number>,
  o: number,
  x: number,
  g: Float64Array,
  go: number,
): number {
  const beta = Math.exp(theta[o]!);
  const k = Math.exp(theta[o + 1]!);
  if (kind === 'negexp') {
    if (!(x > 0)) {
      g[go] = 0;
      g[go + 1] = 0;
      return 0;
    }
    const e = Math.exp(-x / k);
    const f = beta * (1 - e);
    g[go] = f;
    g[go + 1] = -beta * e * (x / k);
    return f;
  }
  const n = Math.exp(theta[o + 2]!);
  if (!(x > 0)) {
    g[go] = 0;
    g[go + 1] = 0;
    g[go + 2] = 0;
    return 0;
  }
  const lr = Math.log(x / k);
  const u = Math.exp(n * lr);
  const s = Number.isFinite(u) ? u / (1 + u) : 1;
  const f = beta * s;
  const ds = s * (1 - s);
  g[go] = f;
  g[go + 1] = -n * beta * ds;
  g[go + 2] = n * beta * ds * lr;
  return f;
}

/** Long-run (steady-state) curve in per-period spend for a geometric adstock θ: the same shape with K·(1−θ). */
export function steadyState(c: CurveParams, adstock: number): CurveParams {
  return { ...c, k: c.k * (1 - adstock) };
}

/** Geometric adstock over an ordered series: a_t = x_t + θ·a_(t−1). */
export function adstockSeries(x: ArrayLike<number>, theta: number): Float64Array {
  const out = new Float64Array(x.length);
  let a = 0;
  for (let i = 0; i < x.length; i++) {
    a = x[i]! + theta * a;
    out[i] = a;
  }
  return out;
}
