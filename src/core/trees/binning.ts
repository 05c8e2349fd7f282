// Feature binning for histogram trees: numeric quantile thresholds, categorical code → bin maps, the Uint8 bin matrix.
import { permutation, rng } from '../random.ts';

/** Categorical codes above this are refused: a split's left-set bitset is sized by the largest code in it. */
export const MAX_CATEGORY_CODE = (1 << 20) - 1;
// sklearn clips thresholds to ALMOST_INF so that only the split on missingness has an infinite threshold.
const ALMOST_INF = 1e300;

/**
 * Per feature f: non-missing values fall in bins 0 … nBins[f] − 1 and missing values in bin nBins[f] (≤ 255).
 * Numeric: bin = number of thresholds < x, so "bin ≤ b" is exactly "x ≤ thresholds[b]" for raw-value prediction.
 * Categorical: codeToBin maps a code to its bin (−1 = not seen in training); binCodes lists the codes of each bin.
 */
export interface BinMapper {
  d: number;
  categorical: boolean[];
  nBins: Int32Array;
  thresholds: Float64Array[];
  codeToBin: Int32Array[];
  binCodes: number[][][];
}

/** Fits the bins on the rows `rows` of the row-major n × d matrix X. */
export function fitBinMapper(
  X: Float64Array,
  d: number,
  rows: Int32Array,
  categorical: readonly boolean[],
  maxBins: number,
  subsample: number,
  seed: number,
): BinMapper {
  // sklearn fits numeric thresholds on a random subsample (without replacement) of large tables.
  const sample = rows.length > subsample ? pickRows(rows, subsample, seed) : rows;
  const m: BinMapper = { d, categorical: [], nBins: new Int32Array(d), thresholds: [], codeToBin: [], binCodes: [] };
  for (let f = 0; f < d; f++) {
    const isCat = categorical[f] === true;
    m.categorical.push(isCat);
    if (isCat) {
      const { codeToBin, binCodes } = fitCategories(X, d, f, rows, maxBins);
      m.codeToBin.push(codeToBin);
      m.binCodes.push(binCodes);
      m.thresholds.push(new Float64Array(0));
      m.nBins[f] = Math.max(1, binCodes.length);
    } else {
      const t = numericThresholds(X, d, f, sample, maxBins);
      m.thresholds.push(t);
      m.codeToBin.push(new Int32Array(0));
      m.binCodes.push([]);
      m.nBins[f] = t.length + 1;
    }
  }
  return m;
}

function pickRows(rows: Int32Array, k: number, seed: number): Int32Array {
  const p = permutation(rows.length, rng(seed ^ 0x5bd1e995));
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[i] = rows[p[i]!]!;
  return out.sort();
}

/** sklearn's `_find_binning_thresholds`: midpoints of distinct values, or of the (maxBins)-quantiles when more. */
export function numericThresholds(
  X: Float64Array,
  d: number,
  f: number,
  rows: Int32Array,
  maxBins: number,
): Float64Array {
  const vals = new Float64Array(rows.length);
  let m = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = X[rows[i]! * d + f]!;
    if (v === v) vals[m++] = v;
  }
  const sorted = vals.subarray(0, m).sort();
  let distinct = m > 0 ? 1 : 0;
  for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const out: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) out.push((sorted[i - 1]! + sorted[i]!) / 2);
  } else {
    // numpy percentile, method 'midpoint', at 100·k/maxBins for k = 1 … maxBins − 1.
    for (let k = 1; k < maxBins; k++) {
      const pos = (k / maxBins) * (m - 1);
      out.push((sorted[Math.floor(pos)]! + sorted[Math.ceil(pos)]!) / 2);
    }
  }
  const t: number[] = [];
  for (const raw of out) {
    const v = Math.min(ALMOST_INF, Math.max(-ALMOST_INF, raw));
    if (t.length === 0 || v > t[t.length - 1]!) t.push(v);
  }
  return Float64Array.from(t);
}

/** A category code, or −1 for missing (NaN or negative). Throws on non-integer or too-large codes. */
export function categoryCode(v: number, f: number): number {
  if (!(v >= 0)) return -1;
  if (!Number.isInteger(v) || v > MAX_CATEGORY_CODE)
    throw new Error(`feature ${f} is categorical but holds ${v}: expected integer codes 0…${MAX_CATEGORY_CODE}`);
  return v;
}

/** One bin per code; beyond maxBins levels the most frequent maxBins − 1 keep a bin and the rest share the last. */
function fitCategories(
  X: Float64Array,
  d: number,
  f: number,
  rows: Int32Array,
  maxBins: number,
): { codeToBin: Int32Array; binCodes: number[][] } {
  const counts = new Map<number, number>();
  let maxCode = -1;
  for (let i = 0; i < rows.length; i++) {
    const c = categoryCode(X[rows[i]! * d + f]!, f);
    if (c < 0) continue;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    if (c > maxCode) maxCode = c;
  }
  const codes = [...counts.keys()].sort((a, b) => a - b);
  const codeToBin = new Int32Array(maxCode + 1).fill(-1);
  const binCodes: number[][] = [];
  if (codes.length <= maxBins) {
    for (const c of codes) {
      codeToBin[c] = binCodes.length;
      binCodes.push([c]);
    }
    return { codeToBin, binCodes };
  }
  const byCount = [...codes].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  const kept = byCount.slice(0, maxBins - 1).sort((a, b) => a - b);
  for (const c of kept) {
    codeToBin[c] = binCodes.length;
    binCodes.push([c]);
  }
  const pooled = byCount.slice(maxBins - 1).sort((a, b) => a - b);
  for (const c of pooled) codeToBin[c] = binCodes.length;
  binCodes.push(pooled);
  return { codeToBin, binCodes };
}

/** Bins rows `rows` of X into a column-major Uint8Array: bins[f · rows.length + i]. */
export function binRows(m: BinMapper, X: Float64Array, rows: Int32Array): Uint8Array {
  const n = rows.length;
  const d = m.d;
  const out = new Uint8Array(n * d);
  for (let f = 0; f < d; f++) {
    const missing = m.nBins[f]!;
    const col = out.subarray(f * n, (f + 1) * n);
    if (m.categorical[f]) {
      const map = m.codeToBin[f]!;
      for (let i = 0; i < n; i++) {
        const c = categoryCode(X[rows[i]! * d + f]!, f);
        // A code unseen at fit time cannot occur here (the mapper saw every training row); treat it as missing.
        const b = c >= 0 && c < map.length ? map[c]! : -1;
        col[i] = b >= 0 ? b : missing;
      }
      continue;
    }
    const t = m.thresholds[f]!;
    const nt = t.length;
    for (let i = 0; i < n; i++) {
      const v = X[rows[i]! * d + f]!;
      if (v !== v) {
        col[i] = missing;
        continue;
      }
      // First index with v ≤ t[idx] = count of thresholds < v.
      let lo = 0;
      let hi = nt;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v <= t[mid]!) hi = mid;
        else lo = mid + 1;
      }
      col[i] = lo;
    }
  }
  return out;
}
