// Constant and near-duplicate features of an encoded matrix: the customer feature pipeline's last fitting step.

export interface PruneResult {
  /** Per feature: false when it is constant or duplicates an earlier kept feature. */
  keep: boolean[];
  dropped: { name: string; reason: string }[];
  /** Set when the duplicate check was skipped. */
  note?: string;
}

/** Above this many features the (quadratic) near-duplicate check is skipped. */
const MAX_PAIRWISE = 200;

/**
 * Flags features with (population) sd ≤ 1e-12 as constant, then — for at most 200 features and more than 2 rows —
 * the later of every pair with |correlation| above `duplicateCorrelation` as a duplicate.
 */
export function pruneFeatures(
  data: Float32Array,
  n: number,
  width: number,
  names: string[],
  duplicateCorrelation: number,
): PruneResult {
  const mean = new Float64Array(width);
  const sd = new Float64Array(width);
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) mean[j]! += data[r * width + j]!;
  for (let j = 0; j < width; j++) mean[j] = n ? mean[j]! / n : 0;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < width; j++) {
      const d = data[r * width + j]! - mean[j]!;
      sd[j]! += d * d;
    }
  }
  for (let j = 0; j < width; j++) sd[j] = Math.sqrt(n ? sd[j]! / n : 0);
  const keep = new Array<boolean>(width).fill(true);
  const dropped: PruneResult['dropped'] = [];
  for (let j = 0; j < width; j++) {
    if (sd[j]! > 1e-12) continue;
    keep[j] = false;
    dropped.push({ name: names[j]!, reason: 'constant' });
  }
  if (width > MAX_PAIRWISE) {
    const note = `${width} features: near-duplicate check skipped (it is quadratic in the feature count).`;
    return { keep, dropped, note };
  }
  if (n <= 2) return { keep, dropped };
  const idx = Array.from({ length: width }, (_, j) => j).filter((j) => keep[j]);
  for (let a = 0; a < idx.length; a++) {
    const i = idx[a]!;
    if (!keep[i]) continue;
    for (let b = a + 1; b < idx.length; b++) {
      const j = idx[b]!;
      if (!keep[j]) continue;
      let cov = 0;
      for (let r = 0; r < n; r++) cov += (data[r * width + i]! - mean[i]!) * (data[r * width + j]! - mean[j]!);
      const corr = cov / n / (sd[i]! * sd[j]!);
      if (Math.abs(corr) > duplicateCorrelation) {
        keep[j] = false;
        dropped.push({ name: names[j]!, reason: `duplicates ${names[i]!} (r = ${corr.toFixed(3)})` });
      }
    }
  }
  return { keep, dropped };
}
