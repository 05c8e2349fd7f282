// Streaming stage for high-cardinality numeric/date columns (unique amounts, second-resolution timestamps):
// once a column's dictionary passes a size limit and its values are numbers or dates, cells are parsed straight
// into a Float64Array instead of keeping one dictionary string per row (memory stays ~8 bytes per cell).
import type { RawColumn } from './raw-column.ts';
import { datePartsToMs, isMissingToken, NUM_FRACTION, parseDateParts, parseNumber } from './values.ts';
import { isCategoryCodeName, isIdName } from './infer-types.ts';
import { isPhoneName } from './pii.ts';
import type { Materialised } from './materialise.ts';
import { valueCountsOf } from './summary.ts';

export const DIRECT_MIN_DISTINCT = 65_536;

const EU_DECIMAL = /^[^,]*\d\.\d{3},\d+$|^\D?\d+,\d{1,2}\D?$/;
const US_DECIMAL = /\d,\d{3}\.\d/;

export class DirectColumn {
  values: Float64Array;
  length = 0;
  missing = 0;
  flags = 0;
  bad = 0;
  firstBadRow = -1;
  firstBadValue = '';
  private last = '\u0000';
  private lastValue = NaN;

  constructor(
    readonly kind: 'number' | 'date',
    readonly decimalComma: boolean,
    readonly dayFirst: boolean,
    capacity: number,
  ) {
    this.values = new Float64Array(Math.max(capacity, 1024));
  }

  parse(raw: string): number {
    const s = raw.trim();
    if (s === '' || isMissingToken(s)) return NaN;
    if (this.kind === 'number') {
      const p = parseNumber(s, this.decimalComma);
      if (p) {
        this.flags |= p.flags;
        return p.value;
      }
    } else {
      const d = parseDateParts(s);
      if (d) return datePartsToMs(d, this.dayFirst);
    }
    return Number.NEGATIVE_INFINITY; // sentinel: not a value of this kind
  }

  push(s: string): void {
    let v: number;
    if (s === this.last) v = this.lastValue;
    else {
      v = this.parse(s);
      if (v === Number.NEGATIVE_INFINITY) {
        this.bad++;
        if (this.firstBadRow < 0) {
          this.firstBadRow = this.length;
          this.firstBadValue = s;
        }
        v = NaN;
      }
      this.last = s;
      this.lastValue = v;
    }
    if (v !== v) this.missing++;
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }

  reserve(rows: number): void {
    if (rows > this.values.length) {
      const next = new Float64Array(rows);
      next.set(this.values.subarray(0, this.length));
      this.values = next;
    }
  }

  seal(): void {
    if (this.values.length !== this.length) this.values = this.values.subarray(0, this.length);
  }

  get integer(): boolean {
    return (this.flags & NUM_FRACTION) === 0;
  }
}

/**
 * Switches a column to direct parsing when ≥ 99 % of its distinct values are numbers (or dates) and nothing says
 * the digits are a code (id-like names, phone numbers, leading zeros). Returns null to keep the dictionary.
 */
export function toDirect(name: string, raw: RawColumn, delimiter: string, expectedRows: number): DirectColumn | null {
  if (isIdName(name) || isPhoneName(name) || isCategoryCodeName(name)) return null;
  const dict = raw.dict;
  let numbers = 0;
  let dates = 0;
  let present = 0;
  let eu = 0;
  let us = 0;
  let dayFirstVotes = 0;
  let monthFirstVotes = 0;
  for (let i = 0; i < dict.length; i++) {
    const s = dict[i]!.trim();
    if (s === '' || isMissingToken(s)) continue;
    present++;
    if (s.length > 1 && s.charCodeAt(0) === 48 && s.charCodeAt(1) >= 48 && s.charCodeAt(1) <= 57) return null;
    if (s.indexOf(',') >= 0) {
      if (US_DECIMAL.test(s)) us++;
      else if (EU_DECIMAL.test(s)) eu++;
    }
    if (parseNumber(s, false)) {
      numbers++;
      continue;
    }
    const d = parseDateParts(s);
    if (d) {
      dates++;
      if (d.shape === 'slash') {
        if (d.a > 12) dayFirstVotes++;
        if (d.b > 12) monthFirstVotes++;
      }
    }
  }
  const kind = numbers >= 0.99 * present ? 'number' : dates >= 0.99 * present ? 'date' : null;
  if (!kind) return null;
  const col = new DirectColumn(
    kind,
    eu > us || (eu === us && delimiter === ';'),
    dayFirstVotes > 0 && monthFirstVotes === 0,
    expectedRows,
  );
  // Past rows: parse each distinct value once, then map the codes.
  const lut = new Float64Array(dict.length);
  const isBad = new Uint8Array(dict.length);
  for (let i = 0; i < dict.length; i++) {
    const v = col.parse(dict[i]!);
    if (v === Number.NEGATIVE_INFINITY) {
      isBad[i] = 1;
      lut[i] = NaN;
    } else lut[i] = v;
  }
  col.reserve(Math.max(expectedRows, raw.length));
  const codes = raw.codes;
  for (let r = 0; r < raw.length; r++) {
    const code = codes[r]!;
    const v = lut[code]!;
    if (isBad[code]) {
      col.bad++;
      if (col.firstBadRow < 0) {
        col.firstBadRow = r;
        col.firstBadValue = dict[code]!;
      }
    }
    if (v !== v) col.missing++;
    col.values[r] = v;
  }
  col.length = raw.length;
  return col;
}

/** Final type of a direct column: integer/decimal, or a date (also unix seconds/ms under a time-like name). */
export function directType(
  name: string,
  col: DirectColumn,
  isTimeName: (n: string) => boolean,
): { type: 'integer' | 'decimal' | 'date'; unix?: 's' | 'ms' } {
  if (col.kind === 'date') return { type: 'date' };
  if (col.integer && isTimeName(name)) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < col.length; i++) {
      const v = col.values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min >= 631_152_000 && max <= 4_102_444_800) return { type: 'date', unix: 's' };
    if (min >= 631_152_000_000 && max <= 4_102_444_800_000) return { type: 'date', unix: 'ms' };
  }
  return { type: col.integer ? 'integer' : 'decimal' };
}

/** The typed column of a direct column, with value counts (sorted) for summaries and quality. */
export function materialiseDirect(col: DirectColumn, name: string, type: 'integer' | 'decimal' | 'date'): Materialised {
  col.seal();
  const values = col.values;
  const valueCounts = valueCountsOf(values);
  let present = 0;
  for (let i = 0; i < valueCounts.counts.length; i++) present += valueCounts.counts[i]!;
  const m: Materialised = {
    column: { kind: 'numeric', name, type, values },
    missing: values.length - present,
    valueCounts,
  };
  if (col.bad > 0) m.offending = { count: col.bad, firstRow: col.firstBadRow, firstValue: col.firstBadValue };
  return m;
}

/** When a role needs ids (customer/item) on a column that was streamed as numbers: codes over their text. */
export function numbersToIds(m: Materialised): Materialised {
  if (m.column.kind !== 'numeric') return m;
  const values = m.column.values;
  const index = new Map<number, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (v !== v) {
      codes[r] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(String(v));
      index.set(v, code);
    }
    codes[r] = code;
  }
  return { column: { kind: 'categorical', name: m.column.name, type: 'id', codes, dictionary }, missing: m.missing };
}
