// Per-factor-level click rates with Wilson score intervals: the descriptive side of the CTR analysis.
import type { CtrEncoding, CtrFactorEffect } from './types.ts';

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for `clicks` out of `n`: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n). Always inside
 * [0, 1], and sensible at 0 or n clicks (where the Wald interval collapses to a point). n = 0 → [0, 1].
 */
export function wilson(clicks: number, n: number, z = Z95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = clicks / n,
    z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Impressions, clicks, CTR and Wilson interval of every level seen in the rows (codes [n × fields], labels y). */
export function levelEffects(enc: CtrEncoding, codes: Int32Array, y: ArrayLike<number>): CtrFactorEffect[] {
  const F = enc.fields.length;
  const n = y.length;
  return enc.fields.map((field, f) => {
    const imps = new Float64Array(field.levels.length),
      clicks = new Float64Array(field.levels.length);
    for (let i = 0; i < n; i++) {
      const c = codes[i * F + f]!;
      imps[c]!++;
      clicks[c]! += y[i]! > 0.5 ? 1 : 0;
    }
    const levels = field.levels
      .map((level, c) => ({
        level,
        impressions: imps[c]!,
        clicks: clicks[c]!,
        ctr: clicks[c]! / imps[c]!,
        ...wilson(clicks[c]!, imps[c]!),
      }))
      .filter((l) => l.impressions > 0);
    return { factor: field.name, levels };
  });
}
