// Per-customer reasons and global drivers from additive logit contributions (logistic w·(x − x̄), TreeSHAP φ).
import type { Table } from '../data/table.ts';

/**
 * Additive explanation of every row's logit, shared by all models: logistic regression (`logisticContributions`)
 * and TreeSHAP (trees/shap.ts: `values`, `expectedValue`). Row i's logit = expectedValue + Σ_j values[i·d + j].
 */
export interface Contributions {
  /** Row-major n × d, on the log-odds scale, one per model feature. */
  values: Float64Array;
  n: number;
  d: number;
  /** Logit of the reference row: the mean logit for logistic regression, φ₀ for TreeSHAP. */
  expectedValue: number;
}

export interface Driver {
  column: string;
  /** Mean over rows of |the column's summed contribution| (log-odds). */
  meanAbs: number;
}

export interface ReasonsResult {
  /** Per row: "Contract=Month-to-month (+0.84), tenure (+0.51)"; '' when nothing pushes the row above average. */
  reasons: string[];
  /** Columns by importance, largest first. */
  drivers: Driver[];
}

/** Model features → source columns: one-hot levels, log1p and bin terms of a column share its index. */
export interface FeatureGrouping {
  featureToColumn: number[];
  /** Source columns in order of their first feature. */
  columnNames: string[];
}

/** The cell text a reason shows next to its column ("Contract=Month-to-month"); undefined shows the name alone. */
export type ValueText = (row: number, column: number) => string | undefined;

/** From the source column of every feature (scoring-model.ts `featureColumns`, in matrix order). */
export function groupFeatures(featureColumns: readonly string[]): FeatureGrouping {
  const index = new Map<string, number>();
  const columnNames: string[] = [];
  const featureToColumn = featureColumns.map((c) => {
    let j = index.get(c);
    if (j === undefined) {
      j = columnNames.length;
      columnNames.push(c);
      index.set(c, j);
    }
    return j;
  });
  return { featureToColumn, columnNames };
}

/**
 * Logistic regression's exact additive split of the logit: w_j·(x_ij − x̄_j) on the standardized design `x`
 * (n × d). `mean` defaults to the column means of `x`; pass the training means to explain new rows against them.
 */
export function logisticContributions(
  x: Float32Array | Float64Array,
  n: number,
  d: number,
  weights: ArrayLike<number>,
  bias: number,
  mean?: ArrayLike<number>,
): Contributions {
  if (x.length !== n * d) throw new Error(`matrix has ${x.length} values, expected ${n} × ${d}`);
  if (weights.length !== d) throw new Error(`${weights.length} weights for ${d} features`);
  let m: ArrayLike<number> | undefined = mean;
  if (!m) {
    const sums = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sums[j]! += x[i * d + j]!;
    m = sums.map((s) => (n ? s / n : 0));
  }
  let expectedValue = bias;
  for (let j = 0; j < d; j++) expectedValue += weights[j]! * m[j]!;
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) values[i * d + j] = weights[j]! * (x[i * d + j]! - m[j]!);
  return { values, n, d, expectedValue };
}

/** Row-major n × (number of columns): each row's contributions summed per source column. */
export function columnContributions(
  contrib: Float64Array,
  n: number,
  d: number,
  featureToColumn: readonly number[],
  columns: number,
): Float64Array {
  if (contrib.length !== n * d) throw new Error(`contributions have ${contrib.length} values, expected ${n} × ${d}`);
  if (featureToColumn.length !== d) throw new Error(`${featureToColumn.length} feature columns for ${d} features`);
  const out = new Float64Array(n * columns);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) out[i * columns + featureToColumn[j]!]! += contrib[i * d + j]!;
  return out;
}

// Smaller pushes would print as "+0.00".
const SHOWN = 0.005;

/**
 * Each row's `top` largest positive column contributions, largest first (ties: column order), as
 * "Contract=Month-to-month (+0.84), tenure (+0.51)". Rows with none above average get ''.
 */
export function formatReasons(
  contrib: Float64Array,
  n: number,
  d: number,
  featureToColumn: readonly number[],
  columnNames: readonly string[],
  top = 3,
  valueText?: ValueText,
): string[] {
  const c = columnNames.length;
  const byColumn = columnContributions(contrib, n, d, featureToColumn, c);
  const reasons = new Array<string>(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    order.length = 0;
    for (let k = 0; k < c; k++) if (byColumn[i * c + k]! >= SHOWN) order.push(k);
    order.sort((a, b) => byColumn[i * c + b]! - byColumn[i * c + a]! || a - b);
    reasons[i] = order
      .slice(0, top)
      .map((k) => {
        const value = valueText?.(i, k);
        const label = value === undefined ? columnNames[k]! : `${columnNames[k]!}=${value}`;
        return `${label} (+${byColumn[i * c + k]!.toFixed(2)})`;
      })
      .join(', ');
  }
  return reasons;
}

/** Columns by mean |summed contribution| over the rows, largest first (ties: column order). */
export function globalDrivers(
  contrib: Float64Array,
  n: number,
  d: number,
  featureToColumn: readonly number[],
  columnNames: readonly string[],
): Driver[] {
  const c = columnNames.length;
  const byColumn = columnContributions(contrib, n, d, featureToColumn, c);
  const sums = new Float64Array(c);
  for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) sums[k]! += Math.abs(byColumn[i * c + k]!);
  return columnNames
    .map((column, k) => ({ column, meanAbs: n ? sums[k]! / n : 0, k }))
    .sort((a, b) => b.meanAbs - a.meanAbs || a.k - b.k)
    .map(({ column, meanAbs }) => ({ column, meanAbs }));
}

/** Reasons and drivers in one call, for any model's contributions. */
export function explainRows(
  contributions: Contributions,
  grouping: FeatureGrouping,
  options: { top?: number; valueText?: ValueText } = {},
): ReasonsResult {
  const { values, n, d } = contributions;
  const { featureToColumn, columnNames } = grouping;
  return {
    reasons: formatReasons(values, n, d, featureToColumn, columnNames, options.top ?? 3, options.valueText),
    drivers: globalDrivers(values, n, d, featureToColumn, columnNames),
  };
}

/**
 * Cell text for reasons on the rows of `table`: categories ("Contract=Month-to-month") and yes/no columns
 * ("Partner=Yes") show their value; numbers show the name alone, since their push depends on the whole scale.
 */
export function tableValueText(table: Table, columnNames: readonly string[]): ValueText {
  const cols = columnNames.map((name) => table.columns.find((c) => c.name === name));
  return (row, k) => {
    const col = cols[k];
    if (!col) return undefined;
    if (col.kind === 'categorical') {
      const code = col.codes[row]!;
      return code < 0 ? '(missing)' : col.dictionary[code];
    }
    if (col.type !== 'boolean') return undefined;
    const v = col.values[row]!;
    if (Number.isNaN(v)) return '(missing)';
    return col.labels && (v === 0 || v === 1) ? col.labels[v] : v ? 'yes' : 'no';
  };
}
