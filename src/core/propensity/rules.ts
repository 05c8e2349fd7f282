// "Who is likely" rules: a depth-3 CART (rules/tree.ts) on the raw columns, labelled by the model's top deciles.
import type { Column, Table } from '../data/table.ts';
import { permutation, rng } from '../random.ts';
import { parseBoolWord } from '../data/values.ts';
import { fitTree, type TreeNode } from '../rules/tree.ts';
import { booleanWording, levelCondition, MISSING_LEVEL, numberCondition } from './rule-wording.ts';
import type { Msg } from '../msg.ts';

export interface PropensityRule {
  /**
   * "tenure ≤ 6 months", "Contract is Month-to-month": every condition must hold (the UI joins them with "and");
   * plain strings in results stored before messages moved out of core, which also carry an English `text`.
   */
  conditions: (Msg | string)[];
  text?: string;
  /** Share of the customers the rule covers that are likely (in the model's top deciles). */
  precision: number;
  /** Share of all likely customers that the rule covers. */
  coverage: number;
  /** precision / baseRate. */
  lift: number;
  /** Customers the rule covers. */
  support: number;
}

export interface PropensityRules {
  /** Best first: precision, then coverage. Only leaves with lift ≥ `minLift`. */
  rules: PropensityRule[];
  /** Share of customers labelled likely (≈ topDeciles / 10; ties at the cut move it a little). */
  baseRate: number;
}

export interface RulesOptions {
  /** Likely = in the top `topDeciles` deciles of the model's probability (default 3). */
  topDeciles?: number;
  maxDepth?: number;
  /** Smallest leaf of the tree (default: the tree's max(5, 1 % of the rows fitted)). */
  minLeaf?: number;
  /** Leaves less than this many times richer in likely customers than the base rate are not rules (default 1.5). */
  minLift?: number;
  /** The tree is fitted on a seeded sample of at most this many rows (default 10,000); rules are scored on all. */
  maxRows?: number;
  seed?: number;
  /** Column → unit for the wording: "months", "£". */
  units?: Record<string, string>;
  /** Most frequent levels of a categorical column that get their own split (default 30). */
  maxLevels?: number;
}

/** One split candidate of the tree: a number in the file's units, a yes/no column, or one level of a category. */
type RuleFeature =
  | { kind: 'number'; column: string; values: Float64Array; fill: number; integer: boolean }
  | { kind: 'boolean'; column: string; values: Float64Array; fill: number }
  | { kind: 'level'; column: string; codes: Int32Array; code: number; level: string };

function featureValue(f: RuleFeature, row: number): number {
  if (f.kind === 'level') return f.codes[row] === f.code ? 1 : 0;
  const v = f.values[row]!;
  return Number.isNaN(v) ? f.fill : v;
}

function median(values: Float64Array): number {
  const s = values.filter((v) => !Number.isNaN(v)).sort();
  if (!s.length) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Missing numbers take the median and missing booleans the commoner value, as the model's own imputation does. */
function numericFeature(col: Column & { kind: 'numeric' }): RuleFeature {
  let ones = 0,
    zeros = 0,
    integer = true;
  for (const v of col.values) {
    if (Number.isNaN(v)) continue;
    if (v === 1) ones++;
    else if (v === 0) zeros++;
    if (!Number.isInteger(v)) integer = false;
  }
  const present = col.values.length - col.values.filter(Number.isNaN).length;
  // Any column holding only 0 and 1 is a yes/no to the reader: it must never read "≤ 0.5".
  if (col.type === 'boolean' || (present > 0 && ones + zeros === present))
    return { kind: 'boolean', column: col.name, values: col.values, fill: ones > zeros ? 1 : 0 };
  return { kind: 'number', column: col.name, values: col.values, fill: median(col.values), integer };
}

/** Indicators for the `maxLevels` commonest levels (and missing cells, when any); all present levels, for wording. */
function levelFeatures(col: Column & { kind: 'categorical' }, maxLevels: number): [RuleFeature[], string[]] {
  const counts = new Array<number>(col.dictionary.length).fill(0);
  let missing = 0;
  for (const c of col.codes)
    if (c < 0) missing++;
    else counts[c]!++;
  const present = counts.map((c, code) => [c, code] as const).filter(([c]) => c > 0);
  present.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const mk = (code: number): RuleFeature => ({
    kind: 'level',
    column: col.name,
    codes: col.codes,
    code,
    level: code < 0 ? MISSING_LEVEL : col.dictionary[code]!,
  });
  const features = present.slice(0, maxLevels).map(([, code]) => mk(code));
  if (missing > 0) features.push(mk(-1));
  const all = present.map(([, code]) => col.dictionary[code]!);
  return [features, missing > 0 ? [...all, MISSING_LEVEL] : all];
}

/** A text column of yes/no words (`Yes`/`No`, `TRUE`/`FALSE`) as 1/0, so it is worded as a yes/no. */
function yesNoValues(col: Column & { kind: 'categorical' }): { values: Float64Array; fill: number } | null {
  const meaning = col.dictionary.map((w) => parseBoolWord(w.trim()));
  const used = new Set<number>();
  for (const c of col.codes) if (c >= 0) used.add(meaning[c]!);
  if (used.size !== 2 || used.has(NaN)) return null;
  const values = Float64Array.from(col.codes, (c) => (c < 0 ? NaN : meaning[c]!));
  let ones = 0,
    present = 0;
  for (const v of values)
    if (!Number.isNaN(v)) {
      present++;
      ones += v;
    }
  return { values, fill: ones * 2 > present ? 1 : 0 };
}

function buildFeatures(table: Table, columns: string[], maxLevels: number) {
  const features: RuleFeature[] = [];
  const levels = new Map<string, string[]>();
  for (const name of columns) {
    const col = table.columns.find((c) => c.name === name);
    if (!col) throw new Error(`column \`${name}\` is not in the table`);
    if (col.kind === 'numeric') {
      if (col.type !== 'date') features.push(numericFeature(col));
      continue;
    }
    const yesNo = yesNoValues(col);
    if (yesNo) {
      features.push({ kind: 'boolean', column: name, values: yesNo.values, fill: yesNo.fill });
      continue;
    }
    const [fs, all] = levelFeatures(col, maxLevels);
    features.push(...fs);
    levels.set(name, all);
  }
  return { features, levels };
}

/**
 * 1 for the rows in the top `share` of `scores` (NaN scores never). Rows tied at the cut go in or out together,
 * whichever lands nearer the target count: a tie split by row order would make the rules describe noise.
 */
export function likelyLabels(scores: ArrayLike<number>, share: number): Int32Array {
  const n = scores.length;
  const s = (i: number) => (Number.isNaN(scores[i]!) ? -Infinity : scores[i]!);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s(b) - s(a) || a - b);
  const k = Math.ceil(share * n - 1e-9);
  const labels = new Int32Array(n);
  if (k <= 0 || n === 0) return labels;
  const cut = s(order[k - 1]!);
  let above = 0,
    atOrAbove = 0;
  for (let i = 0; i < n; i++) {
    if (s(i) > cut) above++;
    if (s(i) >= cut) atOrAbove++;
  }
  const includeTies = cut > -Infinity && (above === 0 || atOrAbove - k <= k - above);
  for (let i = 0; i < n; i++) labels[i] = s(i) > cut || (includeTies && s(i) === cut) ? 1 : 0;
  return labels;
}

interface Leaf {
  bounds: Map<number, [number, number]>;
}

function collectLeaves(tree: TreeNode): { leaves: Leaf[]; index: Map<TreeNode, number> } {
  const leaves: Leaf[] = [];
  const index = new Map<TreeNode, number>();
  const walk = (node: TreeNode, bounds: Map<number, [number, number]>) => {
    if (node.feature === undefined) {
      index.set(node, leaves.length);
      leaves.push({ bounds });
      return;
    }
    const [lo, hi] = bounds.get(node.feature) ?? [-Infinity, Infinity];
    walk(node.left!, new Map(bounds).set(node.feature, [lo, Math.min(hi, node.threshold!)]));
    walk(node.right!, new Map(bounds).set(node.feature, [Math.max(lo, node.threshold!), hi]));
  };
  walk(tree, new Map());
  return { leaves, index };
}

/** The path's conditions, one per column, in the order the columns were given. */
function conditionsOf(leaf: Leaf, features: RuleFeature[], levels: Map<string, string[]>, opts: RulesOptions): Msg[] {
  const byColumn = new Map<string, { is?: string; not: string[]; text?: Msg }>();
  const entries = [...leaf.bounds.entries()].sort((a, b) => a[0] - b[0]);
  for (const [j, [lo, hi]] of entries) {
    const f = features[j]!;
    const c = byColumn.get(f.column) ?? { not: [] };
    byColumn.set(f.column, c);
    if (f.kind === 'level') {
      if (lo > -Infinity) c.is = f.level;
      else c.not.push(f.level);
    } else if (f.kind === 'boolean') {
      const w = booleanWording(f.column);
      c.text = lo > -Infinity ? w.yes : w.no;
    } else c.text = numberCondition(f.column, lo, hi, f.integer, opts.units?.[f.column]);
  }
  return [...byColumn.entries()].map(([col, c]) => c.text ?? levelCondition(col, c.is, c.not, levels.get(col) ?? []));
}

function fitRows(n: number, opts: RulesOptions): Int32Array {
  const max = opts.maxRows ?? 10_000;
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  return permutation(n, rng((opts.seed ?? 0) ^ 0x5eed))
    .slice(0, max)
    .sort();
}

/**
 * Rules for "who is likely": rows of `table` (the raw training table, original units) with the model's
 * `probability` per row; `columns` are the model's feature columns (dates are skipped).
 */
export function propensityRules(
  table: Table,
  columns: string[],
  probability: ArrayLike<number>,
  opts: RulesOptions = {},
): PropensityRules {
  const n = table.rowCount;
  if (probability.length !== n) throw new Error(`${probability.length} probabilities for ${n} rows`);
  const labels = likelyLabels(probability, (opts.topDeciles ?? 3) / 10);
  const { features, levels } = buildFeatures(table, columns, opts.maxLevels ?? 30);
  const d = features.length;
  const rows = fitRows(n, opts);
  const x = new Float64Array(rows.length * d);
  const fitLabels = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) x[i * d + j] = featureValue(features[j]!, r);
    fitLabels[i] = labels[r]!;
  });
  const tree = fitTree(x, rows.length, d, fitLabels, 2, {
    maxDepth: opts.maxDepth ?? 3,
    ...(opts.minLeaf !== undefined ? { minLeaf: opts.minLeaf } : {}),
  });
  const { leaves, index } = collectLeaves(tree);
  // Score every leaf on all rows, not only the fitted sample.
  const size = new Float64Array(leaves.length),
    hits = new Float64Array(leaves.length);
  let likely = 0;
  for (let r = 0; r < n; r++) {
    let node = tree;
    while (node.feature !== undefined)
      node = featureValue(features[node.feature]!, r) <= node.threshold! ? node.left! : node.right!;
    const l = index.get(node)!;
    size[l]!++;
    hits[l]! += labels[r]!;
    likely += labels[r]!;
  }
  const baseRate = n ? likely / n : 0;
  const rules: PropensityRule[] = [];
  leaves.forEach((leaf, l) => {
    const precision = size[l]! ? hits[l]! / size[l]! : 0;
    const lift = baseRate ? precision / baseRate : 0;
    if (!size[l] || lift < (opts.minLift ?? 1.5)) return;
    const coverage = likely ? hits[l]! / likely : 0;
    const conditions = conditionsOf(leaf, features, levels, opts);
    rules.push({ conditions, precision, coverage, lift, support: size[l]! });
  });
  // Ties in order of their conditions (key and parameters), so equal rules list the same way every run.
  const order = (r: PropensityRule) => JSON.stringify(r.conditions);
  rules.sort((a, b) => b.precision - a.precision || b.coverage - a.coverage || (order(a) < order(b) ? -1 : 1));
  return { rules, baseRate };
}
