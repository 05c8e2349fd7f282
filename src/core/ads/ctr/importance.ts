// Permutation importance of each factor for a fitted CTR model: the drop of test AUC when its column is shuffled.
import { auc } from '../../metrics/classification.ts';
import { rng } from '../../random.ts';
import type { CtrImportance } from './types.ts';

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos),
    hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * `score` maps rows of `idx` (n × `width`: the factors' columns first) to scores; hashed models take bucket rows
 * (width = factors + 1, the bias last), the trees level codes (width = factors).
 * For each repeat: a bootstrap resample of the test rows, its AUC, and for each factor the AUC after shuffling that
 * factor's bucket across the resampled rows. Drop = AUC − permuted AUC; reported as mean ± sd over the repeats and
 * the 2.5 %–97.5 % percentiles, so both shuffle noise and which rows were in the test split show in the interval.
 */
export function permutationImportance(
  score: (rows: Int32Array) => ArrayLike<number>,
  names: string[],
  idx: Int32Array,
  y: Float32Array,
  repeats: number,
  seed: number,
  width = names.length + 1,
): CtrImportance[] {
  const F = names.length,
    f1 = width;
  const n = y.length;
  const rand = rng(seed);
  const drops: number[][] = names.map(() => []);
  for (let r = 0; r < repeats; r++) {
    const rows = Int32Array.from({ length: n }, () => Math.floor(rand() * n));
    const sample = new Int32Array(n * f1);
    const ys = Float32Array.from(rows, (i) => y[i]!);
    rows.forEach((i, k) => sample.set(idx.subarray(i * f1, i * f1 + f1), k * f1));
    const base = auc(ys, score(sample));
    for (let f = 0; f < F; f++) {
      const shuffled = sample.slice();
      for (let k = n - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        const t = shuffled[k * f1 + f]!;
        shuffled[k * f1 + f] = shuffled[j * f1 + f]!;
        shuffled[j * f1 + f] = t;
      }
      drops[f]!.push(base - auc(ys, score(shuffled)));
    }
  }
  return names
    .map((factor, f) => {
      const d = drops[f]!;
      const mean = d.reduce((a, v) => a + v, 0) / d.length;
      const sd = Math.sqrt(d.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, d.length - 1));
      const sorted = d.slice().sort((a, b) => a - b);
      return { factor, drop: mean, sd, low: percentile(sorted, 0.025), high: percentile(sorted, 0.975) };
    })
    .sort((a, b) => b.drop - a.drop);
}
