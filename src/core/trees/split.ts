// Best split of a node from its histogram: numeric bins scanned both ways, categorical bins sorted by G/H.
import type { HistLayout } from './histogram.ts';

export interface SplitParams {
  l2: number;
  minSamplesLeaf: number;
  minHessianToSplit: number;
}

export interface SplitInfo {
  gain: number;
  feature: number;
  /** Numeric: left = bins ≤ bin; −1 for categorical. */
  bin: number;
  missingLeft: boolean;
  /** Categorical: 1 for each bin (the missing bin included) that goes left; null for numeric. */
  leftBins: Uint8Array | null;
  gL: number;
  hL: number;
  cL: number;
}

// sklearn's MIN_CAT_SUPPORT (LightGBM's cat_smooth): categories with less hessian-scaled support always go right,
// and it smooths the G/(H + 10) sort key.
const MIN_CAT_SUPPORT = 10;

function emptySplit(): SplitInfo {
  return { gain: 0, feature: -1, bin: -1, missingLeft: false, leftBins: null, gL: 0, hL: 0, cL: 0 };
}

/**
 * The best split over all features, or null when none has positive gain under the constraints. Gain is
 * G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ). Numeric bins are scanned left to right with missing values on the
 * right and, when the node has any, right to left with them on the left, so each split learns their side (XGBoost's
 * Algorithm 3, as in sklearn and LightGBM). Categorical bins (missing = one more category) are sorted by G/(H + 10)
 * and scanned as if ordered from both ends to the middle (Fisher 1958; LightGBM's and sklearn's approach).
 */
export function findBestSplit(
  hist: Float64Array,
  layout: HistLayout,
  nBins: Int32Array,
  categorical: readonly boolean[],
  G: number,
  H: number,
  C: number,
  p: SplitParams,
): SplitInfo | null {
  const best = emptySplit();
  const parent = (G * G) / (H + p.l2);
  for (let f = 0; f < layout.d; f++) {
    const base = 3 * layout.offset[f]!;
    if (categorical[f]) scanCategorical(hist, base, nBins[f]!, f, G, H, C, parent, p, best);
    else scanNumeric(hist, base, nBins[f]!, f, G, H, C, parent, p, best);
  }
  return best.feature >= 0 ? best : null;
}

function record(
  best: SplitInfo,
  gain: number,
  f: number,
  bin: number,
  ml: boolean,
  gL: number,
  hL: number,
  cL: number,
) {
  best.gain = gain;
  best.feature = f;
  best.bin = bin;
  best.missingLeft = ml;
  best.leftBins = null;
  best.gL = gL;
  best.hL = hL;
  best.cL = cL;
}

function scanNumeric(
  hist: Float64Array,
  base: number,
  nb: number,
  f: number,
  G: number,
  H: number,
  C: number,
  parent: number,
  p: SplitParams,
  best: SplitInfo,
): void {
  const { l2, minSamplesLeaf: msl, minHessianToSplit: minH } = p;
  const hasMissing = hist[base + 3 * nb + 2]! > 0;
  // Left to right, missing values right. With missing values the last bin may go left too: the split on missingness.
  const end = nb - 1 + (hasMissing ? 1 : 0);
  let gl = 0;
  let hl = 0;
  let cl = 0;
  for (let b = 0; b < end; b++) {
    const j = base + 3 * b;
    gl += hist[j]!;
    hl += hist[j + 1]!;
    cl += hist[j + 2]!;
    if (cl < msl) continue;
    if (C - cl < msl) break;
    const hr = H - hl;
    if (hl < minH) continue;
    if (hr < minH) break;
    const gr = G - gl;
    const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent;
    // Without missing values in this node, a later missing value follows the larger child (sklearn's rule).
    if (gain > best.gain) record(best, gain, f, b, !hasMissing && cl >= C - cl, gl, hl, cl);
  }
  if (!hasMissing) return;
  // Right to left, missing values left.
  let gr = 0;
  let hr = 0;
  let cr = 0;
  for (let b = nb - 2; b >= 0; b--) {
    const j = base + 3 * (b + 1);
    gr += hist[j]!;
    hr += hist[j + 1]!;
    cr += hist[j + 2]!;
    if (cr < msl) continue;
    if (C - cr < msl) break;
    const hl2 = H - hr;
    if (hr < minH) continue;
    if (hl2 < minH) break;
    const gl2 = G - gr;
    const gain = (gl2 * gl2) / (hl2 + l2) + (gr * gr) / (hr + l2) - parent;
    if (gain > best.gain) record(best, gain, f, b, true, gl2, hl2, C - cr);
  }
}

// Reused scratch for the categorical sort (bins ≤ 256 per feature).
const catBin = new Int32Array(256);
const catKey = new Float64Array(256);
const catOrder: number[] = [];

function scanCategorical(
  hist: Float64Array,
  base: number,
  nb: number,
  f: number,
  G: number,
  H: number,
  C: number,
  parent: number,
  p: SplitParams,
  best: SplitInfo,
): void {
  const { l2, minSamplesLeaf: msl, minHessianToSplit: minH } = p;
  const support = H > 0 ? C / H : 0;
  let used = 0;
  // Bins 0 … nb − 1 and the missing bin nb: missing values are one more category here.
  for (let b = 0; b <= nb; b++) {
    const j = base + 3 * b;
    if (hist[j + 2]! > 0 && hist[j + 1]! * support >= MIN_CAT_SUPPORT) {
      catBin[used] = b;
      catKey[used] = hist[j]! / (hist[j + 1]! + MIN_CAT_SUPPORT);
      used++;
    }
  }
  if (used <= 1) return;
  catOrder.length = used;
  for (let i = 0; i < used; i++) catOrder[i] = i;
  catOrder.sort((a, b) => catKey[a]! - catKey[b]! || catBin[a]! - catBin[b]!);
  const missingCount = hist[base + 3 * nb + 2]!;
  for (const dir of [1, -1]) {
    // Scan to the middle from each end: the low-support categories stay with the larger (right) side.
    const middle = dir === 1 ? (used + 1) >> 1 : ((used + 1) >> 1) - 1;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let i = 0; i < middle; i++) {
      const j = base + 3 * catBin[catOrder[dir === 1 ? i : used - 1 - i]!]!;
      gl += hist[j]!;
      hl += hist[j + 1]!;
      cl += hist[j + 2]!;
      if (cl < msl || hl < minH) continue;
      if (C - cl < msl || H - hl < minH) break;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + l2) + (gr * gr) / (H - hl + l2) - parent;
      if (gain <= best.gain) continue;
      const leftBins = new Uint8Array(nb + 1);
      for (let k = 0; k <= i; k++) leftBins[catBin[catOrder[dir === 1 ? k : used - 1 - k]!]!] = 1;
      const ml = missingCount > 0 ? leftBins[nb] === 1 : cl >= C - cl;
      record(best, gain, f, -1, ml, gl, hl, cl);
      best.leftBins = leftBins;
    }
  }
}
