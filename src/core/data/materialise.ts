// Turns a streamed RawColumn into its final typed Column: one lookup table per distinct value, then one pass over rows.
import type { Column, ColumnType } from './table.ts';
import type { RawColumn } from './raw-column.ts';
import { dateValue, K_BOOL, K_MISSING, K_NUMBER, type ColumnProfile, type TypeDecision } from './infer-types.ts';

/** Distinct numeric values (ascending) with their row counts: summaries and quantiles come from this, not from rows. */
export interface ValueCounts {
  values: Float64Array;
  counts: Float64Array;
}

export interface Materialised {
  column: Column;
  /** Rows that ended up missing. */
  missing: number;
  /** Numeric/date columns only. */
  valueCounts?: ValueCounts;
  /** Categorical/text/id columns: rows per dictionary code (saves a pass over the rows in the summary). */
  codeCounts?: Int32Array;
  /** Non-missing raw values that did not fit the type (now missing): count, first row (0-based), first value. */
  offending?: { count: number; firstRow: number; firstValue: string };
}

/** `17850.0` → `17850`: ids exported from spreadsheets often carry a float suffix. */
export function normaliseId(s: string): string {
  const t = s.trim();
  const m = /^(-?\d+)\.0+$/.exec(t);
  return m ? m[1]! : t;
}

export function materialise(raw: RawColumn, p: ColumnProfile, d: TypeDecision, type: ColumnType): Materialised {
  if (type === 'categorical' || type === 'text' || type === 'id') return materialiseStrings(raw, p, type);
  return materialiseNumbers(raw, p, d, type);
}

function materialiseNumbers(
  raw: RawColumn,
  p: ColumnProfile,
  d: TypeDecision,
  type: 'integer' | 'decimal' | 'boolean' | 'date',
): Materialised {
  const n = raw.dict.length;
  const lut = new Float64Array(n);
  const bad = new Uint8Array(n);
  let badCount = 0;
  let labels: [string, string] | undefined;
  const words: [string | undefined, string | undefined] = [undefined, undefined];
  for (let i = 0; i < n; i++) {
    const k = p.kind[i]!;
    let v = NaN;
    if (k === K_MISSING) v = NaN;
    else if (type === 'date') v = dateValue(p, i, d);
    else if (type === 'boolean') {
      if (k === K_BOOL || k === K_NUMBER) {
        v = p.num[i]!;
        if (k === K_BOOL) words[v] ??= raw.dict[i]!.trim();
      }
    } else if (k === K_NUMBER) v = p.num[i]!;
    if (Number.isNaN(v) && k !== K_MISSING) {
      bad[i] = 1;
      badCount += p.counts[i]!;
    }
    lut[i] = v;
  }
  if (type === 'boolean' && words[0] !== undefined && words[1] !== undefined) labels = [words[0], words[1]];
  const rows = raw.length;
  const values = new Float64Array(rows);
  const codes = raw.codes;
  for (let r = 0; r < rows; r++) values[r] = lut[codes[r]!]!;
  // Value counts from the lookup table: distinct numbers can repeat across spellings (`5`, `5.0`), so merge them.
  const order = Array.from({ length: n }, (_, i) => i)
    .filter((i) => !Number.isNaN(lut[i]!))
    .sort((a, b) => lut[a]! - lut[b]!);
  const vs: number[] = [];
  const cs: number[] = [];
  for (const i of order) {
    const v = lut[i]!;
    if (vs.length && vs[vs.length - 1] === v) cs[cs.length - 1]! += p.counts[i]!;
    else {
      vs.push(v);
      cs.push(p.counts[i]!);
    }
  }
  let present = 0;
  for (const c of cs) present += c;
  const out: Materialised = {
    column: { kind: 'numeric', name: p.name, type, values, ...(labels ? { labels } : {}) },
    missing: rows - present,
    valueCounts: { values: Float64Array.from(vs), counts: Float64Array.from(cs) },
  };
  if (badCount > 0) {
    const firstRow = raw.firstRowWhere(bad);
    out.offending = { count: badCount, firstRow, firstValue: raw.dict[codes[firstRow]!]! };
  }
  return out;
}

function materialiseStrings(raw: RawColumn, p: ColumnProfile, type: 'categorical' | 'text' | 'id'): Materialised {
  const n = raw.dict.length;
  const remap = new Int32Array(n);
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const freq: number[] = [];
  let missing = 0;
  for (let i = 0; i < n; i++) {
    if (p.kind[i] === K_MISSING) {
      remap[i] = -1;
      missing += p.counts[i]!;
      continue;
    }
    const s = type === 'id' ? normaliseId(raw.dict[i]!) : raw.dict[i]!.trim();
    let code = index.get(s);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(s);
      index.set(s, code);
      freq.push(0);
    }
    remap[i] = code;
    freq[code]! += p.counts[i]!;
  }
  const rows = raw.length;
  const codes = new Int32Array(rows);
  const src = raw.codes;
  for (let r = 0; r < rows; r++) codes[r] = remap[src[r]!]!;
  return {
    column: { kind: 'categorical', name: p.name, type, codes, dictionary },
    missing,
    codeCounts: Int32Array.from(freq),
  };
}
