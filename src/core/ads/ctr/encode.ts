// Columns → hashed one-hot indices: categorical levels and quantile bins fitted on the training rows, then hashed.
import { JobError } from '../../jobs.ts';
import { getColumn, type Column, type Table } from '../../data/table.ts';
import { bitsFor, bucketOf, countCollisions } from './hash.ts';
import type { CtrEncoding, CtrField } from './types.ts';

export const OTHER = '(other)';
export const MISSING = '(missing)';
/** Categorical levels seen fewer times in train are pooled into OTHER (with levels unseen in train). */
export const MIN_LEVEL_COUNT = 5;
/** Numeric columns with at most this many distinct training values keep each value as a level. */
export const MAX_EXACT = 10;
/** Quantile bins per numeric column: min(MAX_BINS, ⌊train rows / 50⌋), at least 2. */
export const MAX_BINS = 10;

const fmt = (v: number) => String(Number(v.toPrecision(4)));

function categoricalField(col: Column & { kind: 'categorical' }, rows: Int32Array): Omit<CtrField, 'buckets'> {
  const counts = new Int32Array(col.dictionary.length);
  for (let i = 0; i < rows.length; i++) {
    const c = col.codes[rows[i]!]!;
    if (c >= 0) counts[c]!++;
  }
  const kept = col.dictionary
    .map((name, c) => ({ name, n: counts[c]! }))
    .filter((l) => l.n >= MIN_LEVEL_COUNT)
    .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name));
  return {
    name: col.name,
    kind: 'categorical',
    levels: [...kept.map((l) => l.name), OTHER, MISSING],
    cuts: [],
    exact: false,
  };
}

/**
 * Numeric rule: ≤ MAX_EXACT distinct training values → one level per value; otherwise bins = min(10, ⌊n/50⌋) with
 * cut points at the training quantiles j/bins (sorted value at ⌊j·n/bins⌋, duplicates merged), bins left-closed.
 */
function numericField(col: Column & { kind: 'numeric' }, rows: Int32Array): Omit<CtrField, 'buckets'> {
  const vals: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = col.values[rows[i]!]!;
    if (!Number.isNaN(v)) vals.push(v);
  }
  const sorted = Float64Array.from(vals).sort();
  const distinct = [...new Set(sorted)];
  if (distinct.length <= MAX_EXACT) {
    const label = (v: number) => (col.labels && (v === 0 || v === 1) ? col.labels[v] : fmt(v));
    return {
      name: col.name,
      kind: 'numeric',
      levels: [...distinct.map(label), OTHER, MISSING],
      cuts: distinct,
      exact: true,
    };
  }
  const bins = Math.min(MAX_BINS, Math.max(2, Math.floor(sorted.length / 50)));
  const cuts = [
    ...new Set(Array.from({ length: bins - 1 }, (_, j) => sorted[Math.floor(((j + 1) * sorted.length) / bins)]!)),
  ].filter((c) => c > sorted[0]!);
  const levels = [`< ${fmt(cuts[0]!)}`];
  for (let j = 0; j + 1 < cuts.length; j++) levels.push(`[${fmt(cuts[j]!)}, ${fmt(cuts[j + 1]!)})`);
  levels.push(`≥ ${fmt(cuts[cuts.length - 1]!)}`);
  return { name: col.name, kind: 'numeric', levels: [...levels, OTHER, MISSING], cuts, exact: false };
}

/** Fits every field on `trainRows`, then hashes each "column=level" into 2^bits buckets (bits from `bitsFor`). */
export function fitEncoding(
  table: Table,
  features: string[],
  trainRows: Int32Array,
  seed: number,
  dropped: { column: string; reason: string }[] = [],
): CtrEncoding {
  if (features.length === 0)
    throw new JobError('no-features', 'No usable feature columns: name the columns that describe each impression.');
  const bare = features.map((name) => {
    const col = getColumn(table, name);
    return col.kind === 'categorical' ? categoricalField(col, trainRows) : numericField(col, trainRows);
  });
  const bits = bitsFor(bare.reduce((a, f) => a + f.levels.length, 0));
  const fields: CtrField[] = bare.map((f) => ({
    ...f,
    buckets: Int32Array.from(f.levels, (l) => bucketOf(f.name, l, bits, seed)),
  }));
  const collisions = countCollisions(fields.flatMap((f) => Array.from(f.buckets)));
  return { fields, bits, buckets: 1 << bits, seed, collisions, dropped };
}

/** Number of cut points ≤ v (binary search). */
function upperBound(cuts: number[], v: number): number {
  let lo = 0,
    hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Level index of every row of `table` for one field (OTHER for unseen values, MISSING for blanks). */
function fieldCodes(field: CtrField, table: Table, rows: Int32Array): Int32Array {
  const col = getColumn(table, field.name);
  const other = field.levels.length - 2,
    missing = field.levels.length - 1;
  const out = new Int32Array(rows.length);
  if (col.kind === 'categorical') {
    const index = new Map(field.levels.slice(0, other).map((l, i) => [l, i]));
    const lookup = Int32Array.from(col.dictionary, (d) => index.get(d) ?? other);
    rows.forEach((r, i) => (out[i] = col.codes[r]! < 0 ? missing : lookup[col.codes[r]!]!));
    return out;
  }
  if (field.kind === 'categorical')
    throw new JobError('bad-column', `Column \`${field.name}\` is numeric here but was categorical in training.`);
  const exact = field.exact ? new Map(field.cuts.map((c, i) => [c, i])) : null;
  rows.forEach((r, i) => {
    const v = col.values[r]!;
    out[i] = Number.isNaN(v) ? missing : exact ? (exact.get(v) ?? other) : upperBound(field.cuts, v);
  });
  return out;
}

/** Level codes of `rows`, row-major [rows × fields]. */
export function encodeRows(enc: CtrEncoding, table: Table, rows: Int32Array): Int32Array {
  const F = enc.fields.length;
  const out = new Int32Array(rows.length * F);
  enc.fields.forEach((field, f) => {
    const codes = fieldCodes(field, table, rows);
    for (let i = 0; i < rows.length; i++) out[i * F + f] = codes[i]!;
  });
  return out;
}

/** Bucket indices [n × (fields + 1)] of level codes [n × fields]; the last index of each row is the bias row. */
export function bucketRows(enc: CtrEncoding, codes: Int32Array): Int32Array {
  const F = enc.fields.length;
  const n = codes.length / F;
  const out = new Int32Array(n * (F + 1));
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) out[i * (F + 1) + f] = enc.fields[f]!.buckets[codes[i * F + f]!]!;
    out[i * (F + 1) + F] = enc.buckets;
  }
  return out;
}
