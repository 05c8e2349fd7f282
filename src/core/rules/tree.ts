// Shallow CART (Gini) trained on segment labels, turned into readable rules: "recency ≤ 30 days AND orders ≥ 8 → …".
// The wording is Msg (rule_* keys, worded by the UI in the reader's language); `text` keeps the English for the CLI.
import { msg, type Msg, type MsgParam } from '../msg.ts';

export interface TreeNode {
  /** Leaf when `feature` is absent. */
  feature?: number;
  threshold?: number;
  left?: TreeNode;
  right?: TreeNode;
  counts: number[];
  size: number;
}

export interface TreeFeature {
  name: string;
  label: string;
  /** The label as a message when it is a word of ours ("recency"), not a column name (data, said as it is). */
  labelMsg?: Msg;
  unit?: string;
  integer: boolean;
  indicator?: boolean;
}

export interface SegmentRule {
  segment: number;
  conditions: string[];
  /** The conditions joined (rule_and), or rule_everyone: the UI adds the segment's current name and the purity. */
  when?: Msg;
  text: string;
  /** Share of the leaf's customers that are in `segment`. */
  purity: number;
  support: number;
  /** Share of the segment's customers that this rule covers. */
  coverage: number;
}

export interface TreeOptions {
  maxDepth?: number;
  minLeaf?: number;
  maxThresholds?: number;
}

function gini(counts: number[], size: number): number {
  if (!size) return 0;
  let s = 1;
  for (const c of counts) s -= (c / size) ** 2;
  return s;
}

/** Fit a CART tree on row-major `x` (n × d, original units) and labels 0..k-1. */
export function fitTree(
  x: Float32Array | Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  options: TreeOptions = {},
): TreeNode {
  const maxDepth = Math.min(3, options.maxDepth ?? 3);
  const minLeaf = options.minLeaf ?? Math.max(5, Math.floor(n * 0.01));
  const maxThresholds = options.maxThresholds ?? 64;
  const countsOf = (rows: Int32Array) => {
    const c = new Array<number>(k).fill(0);
    for (const r of rows) c[labels[r]!]!++;
    return c;
  };
  const grow = (rows: Int32Array, depth: number): TreeNode => {
    const counts = countsOf(rows);
    const node: TreeNode = { counts, size: rows.length };
    const parentImpurity = gini(counts, rows.length);
    if (depth >= maxDepth || rows.length < 2 * minLeaf || parentImpurity === 0) return node;
    let best = { gain: 1e-9, feature: -1, threshold: 0 };
    const vals = new Float64Array(rows.length);
    const order = new Int32Array(rows.length);
    for (let f = 0; f < d; f++) {
      for (let i = 0; i < rows.length; i++) {
        vals[i] = x[rows[i]! * d + f]!;
        order[i] = i;
      }
      order.sort((a, b) => vals[a]! - vals[b]!);
      const left = new Array<number>(k).fill(0);
      const right = counts.slice();
      // Only test splits at up to `maxThresholds` quantile positions: plenty for readable rules, linear cost.
      const step = Math.max(1, Math.floor(rows.length / maxThresholds));
      let nextCheck = minLeaf;
      for (let i = 0; i < rows.length - minLeaf; i++) {
        const lab = labels[rows[order[i]!]!]!;
        left[lab]!++;
        right[lab]!--;
        const nl = i + 1;
        if (nl < nextCheck) continue;
        const v = vals[order[i]!]!,
          vNext = vals[order[i + 1]!]!;
        if (v === vNext) continue;
        nextCheck = nl + step;
        const nr = rows.length - nl;
        const gain = parentImpurity - (nl / rows.length) * gini(left, nl) - (nr / rows.length) * gini(right, nr);
        if (gain > best.gain) best = { gain, feature: f, threshold: (v + vNext) / 2 };
      }
    }
    if (best.feature < 0) return node;
    const l: number[] = [],
      r: number[] = [];
    for (const row of rows) (x[row * d + best.feature]! <= best.threshold ? l : r).push(row);
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.left = grow(Int32Array.from(l), depth + 1);
    node.right = grow(Int32Array.from(r), depth + 1);
    return node;
  };
  return grow(
    Int32Array.from({ length: n }, (_, i) => i),
    0,
  );
}

export function predictTree(tree: TreeNode, row: ArrayLike<number>): number {
  let node = tree;
  while (node.feature !== undefined) node = row[node.feature]! <= node.threshold! ? node.left! : node.right!;
  return argmax(node.counts);
}

function argmax(a: number[]): number {
  let b = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[b]!) b = i;
  return b;
}

export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-GB');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1).replace(/\.0$/, '');
  return (+v.toPrecision(2)).toString();
}

function withUnit(f: TreeFeature, v: number): string {
  const num = formatNumber(v);
  if (f.unit === '£' || f.unit === '$' || f.unit === '€') return `${f.unit}${num}`;
  return f.unit ? `${num} ${f.unit}` : num;
}

/** A rule's comparison: `yes` is the feature itself (an indicator that holds), `not` its negation. */
export type RuleOp = 'yes' | 'not' | 'eq' | 'le' | 'gt' | 'ge' | 'between';

const OP_KEYS: Record<Exclude<RuleOp, 'yes'>, string> = {
  not: 'rule_not',
  eq: 'rule_eq',
  le: 'rule_le',
  gt: 'rule_gt',
  ge: 'rule_ge',
  between: 'rule_between',
};

/** One condition as a Msg: `feature` is a column name (data) or a Msg; `value`/`high` from ruleValue. */
export function ruleCondition(op: RuleOp, feature: MsgParam, value?: MsgParam, high?: MsgParam): Msg {
  if (op === 'yes') return isParamMsg(feature) ? feature : msg('rule_feature', { feature });
  if (op === 'not') return msg(OP_KEYS.not, { feature });
  if (op === 'between') return msg(OP_KEYS.between, { feature, low: value ?? '', high: high ?? '' });
  return msg(OP_KEYS[op], { feature, value: value ?? '' });
}

function isParamMsg(x: MsgParam): x is Msg {
  return typeof x === 'object';
}

/** Rounds a rule's number as formatNumber does, kept a number so the UI groups it in the reader's locale. */
export function roundForText(v: number): number {
  const a = Math.abs(v);
  if (a >= 100) return Math.round(v);
  if (a >= 10) return Math.round(v * 10) / 10;
  return +v.toPrecision(2);
}

/** A value in its unit: a currency symbol before the number, days worded, any other unit after it. */
export function ruleValue(v: number, unit?: string): MsgParam {
  const n = roundForText(v);
  if (!unit) return n;
  if (/^[£$€¥]$/.test(unit)) return msg('rule_value_money', { unit, n });
  if (unit === 'days') return msg('rule_value_days', { n });
  return msg('rule_value_unit', { n, unit });
}

/** Conditions joined with AND; "everyone" for a rule without conditions (the root is a leaf). */
export function ruleConditions(conditions: Msg[]): Msg {
  if (!conditions.length) return msg('rule_everyone');
  return conditions.slice(1).reduce((a, b) => msg('rule_and', { a, b }), conditions[0]!);
}

/** The feature as said in a rule: our own word's message, else its label (a column name). */
export function featureTerm(f: TreeFeature): MsgParam {
  return f.labelMsg ?? f.label;
}

/** conditionText as a Msg. */
function conditionMsg(f: TreeFeature, lo: number, hi: number): Msg {
  const term = featureTerm(f);
  if (f.indicator) return ruleCondition(lo > -Infinity ? 'yes' : 'not', term);
  if (lo > -Infinity && hi < Infinity)
    return f.integer
      ? ruleCondition('between', term, roundForText(Math.floor(lo) + 1), ruleValue(Math.floor(hi), f.unit))
      : ruleCondition('between', term, ruleValue(lo, f.unit), ruleValue(hi, f.unit));
  if (lo > -Infinity)
    return f.integer
      ? ruleCondition('ge', term, ruleValue(Math.floor(lo) + 1, f.unit))
      : ruleCondition('gt', term, ruleValue(lo, f.unit));
  return ruleCondition('le', term, ruleValue(f.integer ? Math.floor(hi) : hi, f.unit));
}

/** One condition per feature on a path: the tightest lower and upper bound. */
function conditionText(f: TreeFeature, lo: number, hi: number): string {
  if (f.indicator) return lo > -Infinity ? f.label : `not ${f.label}`;
  // For integer features "> 7.5" reads better as "≥ 8".
  const low = f.integer ? `≥ ${withUnit(f, Math.floor(lo) + 1)}` : `> ${withUnit(f, lo)}`;
  const high = `≤ ${withUnit(f, f.integer ? Math.floor(hi) : hi)}`;
  if (lo > -Infinity && hi < Infinity)
    return `${f.label} ${f.integer ? `${Math.floor(lo) + 1}–${withUnit(f, Math.floor(hi))}` : `${withUnit(f, lo)}–${withUnit(f, hi)}`}`;
  return `${f.label} ${lo > -Infinity ? low : high}`;
}

/** Every leaf becomes a rule for its majority segment; rules are sorted by segment, then support. */
export function treeRules(
  tree: TreeNode,
  features: TreeFeature[],
  names: string[],
  segmentSizes: number[],
): SegmentRule[] {
  const rules: SegmentRule[] = [];
  const walk = (node: TreeNode, bounds: Map<number, [number, number]>) => {
    if (node.feature === undefined) {
      const seg = argmax(node.counts);
      const path = [...bounds.entries()].sort((a, b) => a[0] - b[0]);
      const conditions = path.map(([f, [lo, hi]]) => conditionText(features[f]!, lo, hi));
      const when = ruleConditions(path.map(([f, [lo, hi]]) => conditionMsg(features[f]!, lo, hi)));
      const purity = node.size ? node.counts[seg]! / node.size : 0;
      const label = conditions.length ? conditions.join(' AND ') : 'everyone';
      rules.push({
        segment: seg,
        conditions,
        when,
        purity,
        support: node.size,
        coverage: segmentSizes[seg] ? node.counts[seg]! / segmentSizes[seg]! : 0,
        text: `${label} → ${names[seg] ?? `segment ${seg + 1}`}, ${Math.round(purity * 100)} % pure`,
      });
      return;
    }
    const [lo, hi] = bounds.get(node.feature) ?? [-Infinity, Infinity];
    const l = new Map(bounds);
    l.set(node.feature, [lo, Math.min(hi, node.threshold!)]);
    const r = new Map(bounds);
    r.set(node.feature, [Math.max(lo, node.threshold!), hi]);
    walk(node.left!, l);
    walk(node.right!, r);
  };
  walk(tree, new Map());
  return rules.sort((a, b) => a.segment - b.segment || b.support - a.support);
}

/** Share of rows whose tree prediction equals their segment. */
export function treeAccuracy(
  tree: TreeNode,
  x: Float32Array | Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (predictTree(tree, x.subarray(i * d, i * d + d)) === labels[i]) ok++;
  return n ? ok / n : 0;
}
