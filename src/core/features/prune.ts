// Constant and near-duplicate features of an encoded matrix: the customer feature pipeline's last fitting step.
import { msg, type Msg } from '../msg.ts';

export interface PruneResult {
  /** Per feature: false when it is constant or duplicates an earlier kept feature. */
  keep: boolean[];
  dropped: { name: string; reason: string }[];
  /** Set when the duplicate check was skipped. */
  note?: Msg;
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
    const note = msg('feat_note_prune_skipped', { count: width });
    return { keep, dropped, note };
  }
  if (n <= 2) return { keep, dropped };
  const idx = Array.from({ length: width }, (_, j) => j).filter((j) => keep[j]);
  const cov = covariance(data, n, width, idx, mean);
  const k = idx.length;
  for (let a = 0; a < k; a++) {
    const i = idx[a]!;
    if (!keep[i]) continue;
    for (let b = a + 1; b < k; b++) {
      const j = idx[b]!;
      if (!keep[j]) continue;
      const corr = cov[a * k + b]! / n / (sd[i]! * sd[j]!);
      if (Math.abs(corr) > duplicateCorrelation) {
        keep[j] = false;
        dropped.push({ name: names[j]!, reason: `duplicates ${names[i]!} (r = ${corr.toFixed(3)})` });
      }
    }
  }
  return { keep, dropped };
}

/**
 * Σ_r (x_ri − m_i)(x_rj − m_j) for every pair of the `idx` features (upper triangle of a k × k matrix), in one
 * row-major pass. Mostly-zero columns (one-hot levels) are accumulated uncentred over their non-zero rows and
 * corrected by n·m_i·m_j afterwards, so a row costs (non-zeros)² instead of k²; dense columns are centred first,
 * which keeps large-offset columns free of cancellation.
 */
function covariance(data: Float32Array, n: number, width: number, idx: number[], mean: Float64Array): Float64Array {
  const k = idx.length;
  const shift = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    let nz = 0;
    for (let r = 0; r < n; r++) if (data[r * width + idx[a]!] !== 0) nz++;
    shift[a] = nz > n / 2 ? mean[idx[a]!]! : 0;
  }
  const g = new Float64Array(k * k);
  const at = new Int32Array(k);
  const val = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    let m = 0;
    const row = r * width;
    for (let a = 0; a < k; a++) {
      const v = data[row + idx[a]!]! - shift[a]!;
      if (v !== 0) {
        at[m] = a;
        val[m++] = v;
      }
    }
    for (let p = 0; p < m; p++) {
      const base = at[p]! * k;
      const vp = val[p]!;
      for (let q = p + 1; q < m; q++) g[base + at[q]!]! += vp * val[q]!;
    }
  }
  // Σ(x−m_i)(x−m_j) = Σ(x−s_i)(x−s_j) − n·(m_i−s_i)(m_j−s_j), with s the shift used above.
  for (let a = 0; a < k; a++) {
    const da = mean[idx[a]!]! - shift[a]!;
    for (let b = a + 1; b < k; b++) g[a * k + b]! -= n * da * (mean[idx[b]!]! - shift[b]!);
  }
  return g;
}
