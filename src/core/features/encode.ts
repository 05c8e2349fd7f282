// Per-column encoders shared by the customer feature pipeline (features/design.ts) and the ads design
// (ads/campaign-design.ts), as plain data with fit/apply: numeric → impute → optional log1p → z-score, and
// categorical → one-hot. Each pipeline keeps its own stored model shape and maps it onto these encoders; the fitting
// policies that differ between them on purpose are options here (median vs no imputation, population vs sample sd,
// the binary exception of the log1p rule, pooled rare levels vs a dropped reference level).

/** Indicator label of the pooled rare/unseen levels. */
export const OTHER = '(other)';
/** Indicator label of missing cells. */
export const MISSING = '(missing)';

// ---------------------------------------------------------------- numeric

/** A fitted numeric column: encode(v) = (log1p?(v ?? impute) − mean) / sd. */
export interface NumericEncoder {
  /** Raw value used where the cell is missing; null = a missing cell encodes to 0 (the fitted mean). */
  impute: number | null;
  log1p: boolean;
  mean: number;
  /** Divisor of the z-score; a column with sd ≤ 0 encodes to 0. */
  sd: number;
}

/** When a numeric column is log1p'd. Only columns with no negative value are ever logged. */
export interface Log1pRule {
  /** 'auto': when the skewness of the present values is above 1; 'all': always; 'none': never. */
  mode: 'auto' | 'all' | 'none';
  /** Whether 0/1 columns may be logged too (for them skewness only means "rare", and log1p is affine). */
  binary: boolean;
}

export interface NumericFitOptions {
  /** Row indices to fit on, in this order; default every row. */
  rows?: ArrayLike<number>;
  /** 'median': missing cells take the median of the present values; 'none': they encode to 0 and are not fitted. */
  impute: 'median' | 'none';
  log1p: Log1pRule;
  /**
   * 'population': ddof-0 std over every (imputed) fitted row, via the running sum of squares;
   * 'sample': ddof-1 sd over the fitted values around their mean, 1 when that is 0; 'none': mean 0, sd 1.
   */
  scale: 'population' | 'sample' | 'none';
}

export interface NumericFit {
  encoder: NumericEncoder;
  /** Fitted rows with a value / without one. */
  present: number;
  missing: number;
}

export function median(values: number[]): number {
  if (!values.length) return 0;
  const s = Float64Array.from(values).sort(); // typed-array sort is numeric, and several times faster
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Population skewness (0 for a constant or empty column). */
function skewness(present: number[]): number {
  const n = present.length;
  let mean = 0;
  for (const v of present) mean += v;
  mean = n ? mean / n : 0;
  let m2 = 0;
  let m3 = 0;
  for (const v of present) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  return m2 > 0 ? m3 / n / Math.pow(m2 / n, 1.5) : 0;
}

/** The log1p rule on the present (non-missing) values of a column. */
export function shouldLog1p(present: number[], rule: Log1pRule): boolean {
  if (rule.mode === 'none') return false;
  let min = Infinity;
  for (const v of present) if (v < min) min = v;
  if (!(min >= 0)) return false;
  if (!rule.binary && present.every((v) => v === 0 || v === 1)) return false;
  return rule.mode === 'all' || skewness(present) > 1;
}

function meanAndSd(t: Float64Array, scale: NumericFitOptions['scale']): { mean: number; sd: number } {
  if (scale === 'none') return { mean: 0, sd: 1 };
  const n = t.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += t[i]!;
  const mean = n ? s / n : 0;
  let ss = 0;
  if (scale === 'population') {
    for (let i = 0; i < n; i++) ss += t[i]! * t[i]!;
    return { mean, sd: Math.sqrt(n ? Math.max(0, ss / n - mean * mean) : 0) };
  }
  for (let i = 0; i < n; i++) {
    const d = t[i]! - mean;
    ss += d * d;
  }
  return { mean, sd: Math.sqrt(ss / Math.max(1, n - 1)) || 1 };
}

export function fitNumericEncoder(values: ArrayLike<number>, opts: NumericFitOptions): NumericFit {
  const rows = opts.rows;
  const n = rows ? rows.length : values.length;
  const at = (k: number): number => values[rows ? rows[k]! : k]!;
  const present: number[] = [];
  for (let k = 0; k < n; k++) {
    const v = at(k);
    if (!Number.isNaN(v)) present.push(v);
  }
  const impute = opts.impute === 'median' ? median(present) : null;
  const log1p = shouldLog1p(present, opts.log1p);
  // The values the moments are taken over, in row order: every row (imputed), or the present ones only.
  let t: Float64Array;
  if (impute === null) t = Float64Array.from(present);
  else {
    t = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const v = at(k);
      t[k] = Number.isNaN(v) ? impute : v;
    }
  }
  if (log1p) for (let i = 0; i < t.length; i++) t[i] = Math.log1p(t[i]!);
  const { mean, sd } = meanAndSd(t, opts.scale);
  return { encoder: { impute, log1p, mean, sd }, present: present.length, missing: n - present.length };
}

export function encodeNumber(enc: NumericEncoder, v: number): number {
  if (Number.isNaN(v)) {
    if (enc.impute === null) return 0;
    v = enc.impute;
  }
  if (enc.log1p) v = Math.log1p(Math.max(v, 0));
  return enc.sd > 0 ? (v - enc.mean) / enc.sd : 0;
}

// ---------------------------------------------------------------- categorical

/** A fitted categorical column: one indicator per level (less the reference), then `other`, then `missing`. */
export interface CategoricalEncoder {
  /** Fitted levels, in output order. */
  levels: string[];
  /** Index in `levels` of the level that gets no indicator (the baseline), or -1. */
  reference: number;
  /** One indicator shared by pooled rare levels and levels unseen when fitting; without it they encode to zeros. */
  other: boolean;
  /** One indicator for missing cells; without it they encode to zeros. */
  missing: boolean;
}

/**
 * How levels are chosen. 'pool': levels seen at least `minCount` times, most frequent first (at most `maxLevels`),
 * the rest pooled into `other`, and a `missing` level when any cell was missing. 'reference': every dictionary level
 * in dictionary order (so codes address levels directly), with the most frequent one as the dropped reference.
 */
export type LevelPolicy = { kind: 'pool'; minCount: number; maxLevels: number } | { kind: 'reference' };

export interface CategoricalFit {
  encoder: CategoricalEncoder;
  /** Levels seen when fitting that were pooled into `other`. */
  pooled: string[];
  /** Fitted rows with a missing cell. */
  missing: number;
}

/** Level counts over `rows` (default every row) of dictionary codes (-1 = missing). */
export function countLevels(codes: Int32Array, size: number, rows?: ArrayLike<number>) {
  const counts = new Array<number>(size).fill(0);
  let missing = 0;
  const n = rows ? rows.length : codes.length;
  for (let k = 0; k < n; k++) {
    const c = codes[rows ? rows[k]! : k]!;
    if (c < 0) missing++;
    else counts[c]!++;
  }
  return { counts, missing };
}

/** Codes of the levels that occur, most frequent first, ties by code. */
export function rankLevels(counts: number[]): number[] {
  const seen = counts.map((_, i) => i).filter((i) => counts[i]! > 0);
  return seen.sort((a, b) => counts[b]! - counts[a]! || a - b);
}

export function fitCategoricalEncoder(
  codes: Int32Array,
  dictionary: string[],
  policy: LevelPolicy,
  rows?: ArrayLike<number>,
): CategoricalFit {
  const { counts, missing } = countLevels(codes, dictionary.length, rows);
  const order = rankLevels(counts);
  if (policy.kind === 'reference') {
    const encoder = { levels: dictionary.slice(), reference: order[0] ?? 0, other: false, missing: false };
    return { encoder, pooled: [], missing };
  }
  const levels: string[] = [];
  const pooled: string[] = [];
  for (const i of order) {
    if (counts[i]! >= policy.minCount && levels.length < policy.maxLevels) levels.push(dictionary[i]!);
    else pooled.push(dictionary[i]!);
  }
  return { encoder: { levels, reference: -1, other: pooled.length > 0, missing: missing > 0 }, pooled, missing };
}

/** Labels of the encoder's indicators, in output order. */
export function indicatorLabels(enc: CategoricalEncoder): string[] {
  const kept = enc.levels.filter((_, i) => i !== enc.reference);
  return [...kept, ...(enc.other ? [OTHER] : []), ...(enc.missing ? [MISSING] : [])];
}

/** Indicator names `column=label`, in output order. */
export function indicatorNames(column: string, enc: CategoricalEncoder): string[] {
  return indicatorLabels(enc).map((l) => `${column}=${l}`);
}

export function categoricalWidth(enc: CategoricalEncoder): number {
  const kept = enc.levels.length - (enc.reference >= 0 ? 1 : 0);
  return kept + (enc.other ? 1 : 0) + (enc.missing ? 1 : 0);
}

/**
 * Indicator (0-based within the encoder's block) switched on by level index `level` — negative or NaN = missing,
 * anything but an index of `levels` = a level not fitted — or -1 when the row encodes to all zeros.
 */
export function levelSlot(enc: CategoricalEncoder, level: number): number {
  const kept = enc.levels.length - (enc.reference >= 0 ? 1 : 0);
  if (!(level >= 0)) return enc.missing ? kept + (enc.other ? 1 : 0) : -1;
  if (!Number.isInteger(level) || level >= enc.levels.length) return enc.other ? kept : -1;
  if (level === enc.reference) return -1;
  return enc.reference >= 0 && level > enc.reference ? level - 1 : level;
}

/** Level index of a cell's text (`levels.length` when it is not a fitted level). */
export function levelIndex(enc: CategoricalEncoder): (label: string) => number {
  const index = new Map<string, number>();
  enc.levels.forEach((l, i) => index.set(l, i));
  return (label) => index.get(label) ?? enc.levels.length;
}

/** Indicator of each code of another table's `dictionary`, matched to the fitted levels by text. */
export function dictionarySlots(enc: CategoricalEncoder, dictionary: string[]): Int32Array {
  const index = levelIndex(enc);
  return Int32Array.from(dictionary, (l) => levelSlot(enc, index(l)));
}
