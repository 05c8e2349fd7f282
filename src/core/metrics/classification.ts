// Binary-classification and clustering-agreement metrics: AUC, log loss, confusion, ROC, gain/lift, calibration, ARI.

type Nums = ArrayLike<number>;

function checkLengths(y: Nums, p: Nums): void {
  if (y.length !== p.length) throw new Error(`labels (${y.length}) and scores (${p.length}) differ in length`);
}

/** ROC AUC by the rank-sum (Mann–Whitney) formula; ties get average ranks. NaN when a class is absent. */
export function auc(y: Nums, p: Nums): number {
  checkLengths(y, p);
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (p[a] ?? 0) - (p[b] ?? 0));
  let rankSumPos = 0;
  let pos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]!] === p[order[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++)
      if ((y[order[t]!] ?? 0) > 0.5) {
        rankSumPos += avgRank;
        pos++;
      }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean binary cross-entropy, probabilities clipped to [eps, 1 − eps]. */
export function logLoss(y: Nums, p: Nums, eps = 1e-15): number {
  checkLengths(y, p);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i] ?? 0));
    s += (y[i] ?? 0) > 0.5 ? -Math.log(q) : -Math.log(1 - q);
  }
  return y.length ? s / y.length : NaN;
}

export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Confusion matrix and derived rates at a threshold (score ≥ threshold → positive). */
export function confusion(y: Nums, p: Nums, threshold = 0.5): Confusion {
  checkLengths(y, p);
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  for (let i = 0; i < y.length; i++) {
    const pred = (p[i] ?? 0) >= threshold;
    const pos = (y[i] ?? 0) > 0.5;
    if (pred && pos) tp++;
    else if (pred) fp++;
    else if (pos) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, tp, fp, tn, fn, accuracy: y.length ? (tp + tn) / y.length : NaN, precision, recall, f1 };
}

export function accuracy(y: Nums, p: Nums, threshold = 0.5): number {
  return confusion(y, p, threshold).accuracy;
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/** ROC points at every distinct score, thinned to at most `maxPoints` (always keeps (0,0) and (1,1)). */
export function rocCurve(y: Nums, p: Nums, maxPoints = 201): RocCurve {
  checkLengths(y, p);
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (p[b] ?? 0) - (p[a] ?? 0));
  let P = 0;
  for (let i = 0; i < n; i++) if ((y[i] ?? 0) > 0.5) P++;
  const N = n - P;
  const fpr = [0],
    tpr = [0],
    thresholds = [Infinity];
  let tp = 0,
    fp = 0;
  for (let i = 0; i < n; i++) {
    if ((y[order[i]!] ?? 0) > 0.5) tp++;
    else fp++;
    const here = p[order[i]!] ?? 0;
    if (i + 1 < n && p[order[i + 1]!] === here) continue;
    fpr.push(N ? fp / N : 0);
    tpr.push(P ? tp / P : 0);
    thresholds.push(here);
  }
  if (fpr.length <= maxPoints) return { fpr, tpr, thresholds };
  const keep: number[] = [];
  const step = (fpr.length - 1) / (maxPoints - 1);
  for (let i = 0; i < maxPoints; i++) keep.push(Math.round(i * step));
  return { fpr: keep.map((i) => fpr[i]!), tpr: keep.map((i) => tpr[i]!), thresholds: keep.map((i) => thresholds[i]!) };
}

export interface GainRow {
  /** 1 = the top-scored 10 % (for bins = 10). */
  bin: number;
  count: number;
  positives: number;
  /** Positive rate inside the bin. */
  rate: number;
  /** Share of all positives captured by bins 1..bin. */
  cumulativeGain: number;
  /** Positive rate of bins 1..bin over the overall rate. */
  cumulativeLift: number;
}

/** Cumulative gain and lift by score bin (deciles by default), highest scores first. */
export function gainLift(y: Nums, p: Nums, bins = 10): GainRow[] {
  checkLengths(y, p);
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (p[b] ?? 0) - (p[a] ?? 0));
  let P = 0;
  for (let i = 0; i < n; i++) if ((y[i] ?? 0) > 0.5) P++;
  const overall = n ? P / n : 0;
  const rows: GainRow[] = [];
  let cumPos = 0,
    cumCount = 0;
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * n) / bins),
      end = Math.floor(((b + 1) * n) / bins);
    let pos = 0;
    for (let i = start; i < end; i++) if ((y[order[i]!] ?? 0) > 0.5) pos++;
    cumPos += pos;
    cumCount += end - start;
    rows.push({
      bin: b + 1,
      count: end - start,
      positives: pos,
      rate: end > start ? pos / (end - start) : 0,
      cumulativeGain: P ? cumPos / P : 0,
      cumulativeLift: cumCount && overall ? cumPos / cumCount / overall : 0,
    });
  }
  return rows;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Reliability diagram data: equal-width probability bins; empty bins are omitted. */
export function calibration(y: Nums, p: Nums, bins = 10): CalibrationBin[] {
  checkLengths(y, p);
  const cnt = new Array<number>(bins).fill(0),
    sumP = new Array<number>(bins).fill(0),
    sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < y.length; i++) {
    const q = p[i] ?? 0;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(q * bins)));
    cnt[b]!++;
    sumP[b]! += q;
    sumY[b]! += (y[i] ?? 0) > 0.5 ? 1 : 0;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (!cnt[b]) continue;
    out.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      count: cnt[b]!,
      meanPredicted: sumP[b]! / cnt[b]!,
      observedRate: sumY[b]! / cnt[b]!,
    });
  }
  return out;
}

/** Adjusted Rand index between two labelings of the same items (1 = identical partitions up to renaming). */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`labelings differ in length (${a.length} vs ${b.length})`);
  const n = a.length;
  const cells = new Map<string, number>(),
    rowsA = new Map<number, number>(),
    colsB = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = a[i]!,
      y = b[i]!;
    const key = `${x}|${y}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rowsA.set(x, (rowsA.get(x) ?? 0) + 1);
    colsB.set(y, (colsB.get(y) ?? 0) + 1);
  }
  const c2 = (m: number) => (m * (m - 1)) / 2;
  let index = 0,
    sa = 0,
    sb = 0;
  for (const v of cells.values()) index += c2(v);
  for (const v of rowsA.values()) sa += c2(v);
  for (const v of colsB.values()) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
