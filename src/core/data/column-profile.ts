// Column profiles: per distinct raw value, what it is (missing, number, yes/no word, date or text), weighted by its
// row count, with the decimal-comma vote and the text statistics type decisions read.
import type { RawColumn } from './raw-column.ts';
import { datePartsToMs, isMissingToken, parseBoolWord, parseDateParts, parseNumber, type DateParts } from './values.ts';

/** Per distinct raw value: what it is. */
export const K_MISSING = 0;
export const K_NUMBER = 1;
export const K_BOOL = 2;
export const K_DATE = 3;
export const K_TEXT = 4;

export interface ColumnProfile {
  name: string;
  rows: number;
  missingRows: number;
  /** Kind per dictionary entry (K_*), numeric value per entry (numbers/bool words; NaN otherwise). */
  kind: Uint8Array;
  num: Float64Array;
  dates: (DateParts | null)[];
  counts: Int32Array;
  numberRows: number;
  boolRows: number;
  dateRows: number;
  /** Date-shaped rows that are real calendar days (`2023-13-45` and `31/02/2020` are not). */
  validDateRows: number;
  textRows: number;
  textDistinct: number;
  numFlags: number;
  allIntegerValued: boolean;
  zeroOne: boolean;
  dayFirst: boolean;
  decimalComma: boolean;
  /** Distinct non-missing trimmed values (approximate when raw spellings differ only by spaces). */
  distinct: number;
  avgTextLen: number;
  spaceShare: number;
  trimmedRows: number;
  /** Distinct integer spellings with a significant leading zero (`007`, `02134`): codes, not numbers. */
  leadingZero: number;
  /** Missing values written as a token (`NA`, `?`, `null`…) rather than left empty: token → rows. */
  missingTokens: Map<string, number>;
}

const EU_DECIMAL = /^[^,]*\d\.\d{3},\d+$|^\D?\d+,\d{1,2}\D?$/;
const US_DECIMAL = /\d,\d{3}\.\d/;

/** Decimal comma or point, voted on the first 20,000 distinct spellings that hold a comma (`;` files break ties). */
function votesDecimalComma(dict: string[], delimiter: string): boolean {
  const n = dict.length;
  let eu = 0;
  let us = 0;
  for (let i = 0; i < n && i < 20000; i++) {
    const s = dict[i]!;
    if (s.indexOf(',') >= 0) {
      if (US_DECIMAL.test(s)) us++;
      else if (EU_DECIMAL.test(s.trim())) eu++;
    }
  }
  return eu > us || (eu === us && delimiter === ';');
}

function emptyProfile(name: string, col: RawColumn, counts: Int32Array, decimalComma: boolean): ColumnProfile {
  const n = col.dict.length;
  return {
    name,
    rows: col.length,
    missingRows: 0,
    kind: new Uint8Array(n),
    num: new Float64Array(n).fill(NaN),
    dates: new Array<DateParts | null>(n).fill(null),
    counts,
    numberRows: 0,
    boolRows: 0,
    dateRows: 0,
    validDateRows: 0,
    textRows: 0,
    textDistinct: 0,
    numFlags: 0,
    allIntegerValued: true,
    zeroOne: true,
    dayFirst: false,
    decimalComma,
    distinct: 0,
    avgTextLen: 0,
    spaceShare: 0,
    trimmedRows: 0,
    missingTokens: new Map(),
    leadingZero: 0,
  };
}

/** The loop over distinct values: each is missing, a number, a yes/no word, a date or text, weighted by its rows. */
function classifyEntries(p: ColumnProfile, dict: string[]): void {
  const { kind, num, dates, counts, decimalComma } = p;
  const n = dict.length;
  let textLen = 0;
  let textSpaces = 0;
  let slashAOver12 = false;
  let slashBOver12 = false;
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const raw = dict[i]!;
    const s = raw.trim();
    const c = counts[i]!;
    // A trailing '\r' is the CRLF line ending of the last column, not a data problem.
    if (s.length !== raw.length && s.length !== raw.length - (raw.charCodeAt(raw.length - 1) === 13 ? 1 : 0))
      p.trimmedRows += c;
    if (s === '' || isMissingToken(s)) {
      kind[i] = K_MISSING;
      p.missingRows += c;
      if (s !== '') p.missingTokens.set(s, (p.missingTokens.get(s) ?? 0) + c);
      continue;
    }
    if (!seen.has(s)) {
      seen.add(s);
      p.distinct++;
    }
    const parsed = parseNumber(s, decimalComma);
    if (parsed) {
      kind[i] = K_NUMBER;
      num[i] = parsed.value;
      p.numberRows += c;
      p.numFlags |= parsed.flags;
      if (!Number.isInteger(parsed.value)) p.allIntegerValued = false;
      if (s.length > 1 && s.charCodeAt(0) === 48 && s.charCodeAt(1) >= 48 && s.charCodeAt(1) <= 57) p.leadingZero++;
      if (parsed.value !== 0 && parsed.value !== 1) p.zeroOne = false;
      continue;
    }
    const b = parseBoolWord(s);
    if (!Number.isNaN(b)) {
      kind[i] = K_BOOL;
      num[i] = b;
      p.boolRows += c;
      continue;
    }
    const d = parseDateParts(s);
    if (d) {
      kind[i] = K_DATE;
      dates[i] = d;
      p.dateRows += c;
      if (d.shape === 'slash') {
        if (d.a > 12) slashAOver12 = true;
        if (d.b > 12) slashBOver12 = true;
      }
      continue;
    }
    kind[i] = K_TEXT;
    p.textRows += c;
    p.textDistinct++;
    textLen += s.length;
    if (s.indexOf(' ') > 0) textSpaces++;
  }
  p.dayFirst = slashAOver12 && !slashBOver12;
  for (let i = 0; i < n; i++) {
    const d = dates[i];
    if (d && !Number.isNaN(datePartsToMs(d, p.dayFirst))) p.validDateRows += counts[i]!;
  }
  p.avgTextLen = p.textDistinct ? textLen / p.textDistinct : 0;
  p.spaceShare = p.textDistinct ? textSpaces / p.textDistinct : 0;
}

export function profileColumn(name: string, col: RawColumn, delimiter: string): ColumnProfile {
  const dict = col.dict;
  const counts = col.counts();
  const p = emptyProfile(name, col, counts, votesDecimalComma(dict, delimiter));
  classifyEntries(p, dict);
  if (p.numberRows === 0) {
    p.allIntegerValued = false;
    p.zeroOne = false;
  }
  return p;
}
