// Saturation of (adstocked, max-scaled) spend: PyMC-Marketing's logistic (1−e^(−λx))/(1+e^(−λx)) and the Hill
// curve xⁿ/(xⁿ+Kⁿ), values and derivatives. Both are 0 at 0 and tend to 1, so β is the channel's ceiling.

export type SaturationKind = 'logistic' | 'hill';

/** (1−e^(−λx))/(1+e^(−λx)) = tanh(λx/2); concave for x ≥ 0, slope λ/2 at 0. */
export function logisticSaturation(x: number, lam: number): number {
  if (!(x > 0)) return 0;
  return Math.tanh((lam * x) / 2);
}

/** d/dx of the logistic saturation: (λ/2)·(1 − tanh²(λx/2)). */
export function logisticSlope(x: number, lam: number): number {
  const t = Math.tanh((lam * Math.max(0, x)) / 2);
  return (lam / 2) * (1 - t * t);
}

/** xⁿ/(xⁿ+Kⁿ): half the ceiling at x = K, S-shaped when n > 1. */
export function hillSaturation(x: number, k: number, n: number): number {
  if (!(x > 0)) return 0;
  const u = Math.pow(x / k, n);
  return Number.isFinite(u) ? u / (1 + u) : 1;
}

/** Saturation of a whole series into `out`. Params: logistic [λ], hill [K, n]. */
export function saturateSeries(
  kind: SaturationKind,
  a: Float64Array,
  p: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  if (kind === 'logistic') {
    const h = p[0]! / 2;
    for (let t = 0; t < a.length; t++) out[t] = a[t]! > 0 ? Math.tanh(h * a[t]!) : 0;
  } else {
    for (let t = 0; t < a.length; t++) out[t] = hillSaturation(a[t]!, p[0]!, p[1]!);
  }
  return out;
}
