// Column type inference over the distinct raw values of a column (weighted by their row counts).
import type { ColumnType } from './table.ts';
import type { RawColumn } from './raw-column.ts';
import {
  datePartsToMs,
  isMissingToken,
  NUM_CURRENCY,
  NUM_DECIMAL_COMMA,
  NUM_FRACTION,
  NUM_PERCENT,
  NUM_THOUSANDS,
  parseBoolWord,
  parseDateParts,
  parseNumber,
  UNIX_S_MAX,
  UNIX_S_MIN,
  type DateParts,
} from './values.ts';

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

// ---- name hints ---------------------------------------------------------------------------------

/** Names that say "identifier": `userId`, `CustomerID`, `ad_id`, `InvoiceNo`, `StockCode`, `用户ID`, `订单编号`. */
export function isIdName(name: string): boolean {
  return (
    /(?:^|[^A-Za-z])id$/i.test(name) ||
    /^id(?:[^a-z]|$)/i.test(name) ||
    /[a-z](?:Id|ID)$/.test(name) ||
    /(?:^|[_\s.-])(?:no|nr|num|code|key|uuid|guid|sku|number)$/i.test(name) ||
    /[a-z](?:No|Nr|Code|Key|Number|Num)$/.test(name) ||
    /ID|编号|编码|代码|单号|号码|货号/.test(name)
  );
}

/** Names of integer-coded categories (`interest`, `segment`, `region_code`…). */
export function isCategoryCodeName(name: string): boolean {
  return /interest|categor|segment|group|cluster|region|zip|postcode|postal|type$|class$|类别|分类|地区/i.test(name);
}

/** Names of counts, which stay numbers even when a small file only holds 0 and 1. */
export function isCountName(name: string): boolean {
  return /click|conversion|impression|quantity|qty|count|units|orders|purchases|visits|sessions|views|signups|installs|点击|转化|数量/i.test(
    name,
  );
}

export function isTimeName(name: string): boolean {
  return /date|time|stamp|^ts$|_ts$|^when|created|updated|day$|时间|日期|时刻/i.test(name);
}

export interface TypeDecision {
  type: ColumnType;
  /** Dates: how to read slash dates; unix numbers: seconds or milliseconds. */
  dayFirst: boolean;
  unix?: 's' | 'ms';
  /** Rows whose value did not fit the type (treated as missing); their kind is not the column's. */
  offendingRows: number;
  /** Kind accepted as a value for numeric types. */
  formats: string[];
}

/** Decides the column type from its profile and name. */
export function decideType(p: ColumnProfile): TypeDecision {
  const nm = p.rows - p.missingRows;
  const base = { dayFirst: p.dayFirst, offendingRows: 0, formats: formatsOf(p.numFlags) };
  if (nm === 0) return { ...base, type: 'categorical' };
  const idName = isIdName(p.name);
  const nonNumeric = nm - p.numberRows;
  // Booleans: yes/no words, or numbers that are all 0/1 mixed with such words.
  const countName = p.boolRows === 0 && isCountName(p.name);
  if (
    p.boolRows + p.numberRows === nm &&
    p.textRows === 0 &&
    (p.boolRows > 0 || (p.zeroOne && p.distinct === 2)) &&
    (p.numberRows === 0 || p.zeroOne) &&
    !idName &&
    !countName
  ) {
    return { ...base, type: 'boolean' };
  }
  if (p.numberRows === nm) {
    if (idName && p.allIntegerValued) return { ...base, type: 'id' };
    // Leading zeros are significant (zip codes, account numbers): keep the text, as a code.
    if (p.allIntegerValued && p.leadingZero > 0 && p.leadingZero >= 0.1 * p.distinct) {
      return { ...base, type: p.distinct <= 50 || p.distinct <= 0.05 * nm ? 'categorical' : 'id' };
    }
    if (isTimeName(p.name) && p.allIntegerValued) {
      const r = numRange(p);
      if (r.min >= UNIX_S_MIN && r.max <= UNIX_S_MAX) return { ...base, type: 'date', unix: 's' };
      if (r.min >= UNIX_S_MIN * 1000 && r.max <= UNIX_S_MAX * 1000) return { ...base, type: 'date', unix: 'ms' };
    }
    if (p.allIntegerValued && isCategoryCodeName(p.name) && p.distinct <= 200) return { ...base, type: 'categorical' };
    const integer = p.allIntegerValued && !(p.numFlags & NUM_FRACTION);
    return { ...base, type: integer ? 'integer' : 'decimal' };
  }
  if (p.dateRows === nm) return { ...base, type: 'date' };
  // Mostly numbers with a few stray words (`n/a`, `unknown`, `error`): numeric, the words become missing and are reported.
  // Stray values that carry digits (`C536379` among invoice numbers) mean the column is really a code, not a number.
  if (!idName && p.numberRows >= 0.95 * nm && strayAreWords(p, K_NUMBER)) {
    const integer = p.allIntegerValued && !(p.numFlags & NUM_FRACTION);
    return { ...base, type: integer ? 'integer' : 'decimal', offendingRows: nonNumeric };
  }
  if (!idName && p.dateRows >= 0.95 * nm && strayAreWords(p, K_DATE))
    return { ...base, type: 'date', offendingRows: nm - p.dateRows };
  return { ...base, type: stringType(p, nm, idName) };
}

function strayAreWords(p: ColumnProfile, accepted: number): boolean {
  let distinctStray = 0;
  for (let i = 0; i < p.kind.length; i++) {
    const k = p.kind[i]!;
    if (k === K_MISSING || k === accepted) continue;
    distinctStray++;
    if (distinctStray > 5) return false;
  }
  return true;
}

function stringType(p: ColumnProfile, nm: number, idName: boolean): ColumnType {
  if (idName) return 'id';
  const d = p.distinct;
  if (d > 20 && (p.avgTextLen >= 25 || (p.spaceShare >= 0.5 && p.avgTextLen >= 12))) return 'text';
  if (d <= 50 || (d <= 0.05 * nm && d <= 2000)) return 'categorical';
  return 'id';
}

export function numRange(p: ColumnProfile): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < p.num.length; i++) {
    if (p.kind[i] !== K_NUMBER) continue;
    const v = p.num[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

function formatsOf(flags: number): string[] {
  const f: string[] = [];
  if (flags & NUM_THOUSANDS) f.push('thousands separators');
  if (flags & NUM_DECIMAL_COMMA) f.push('decimal comma');
  if (flags & NUM_CURRENCY) f.push('currency symbols');
  if (flags & NUM_PERCENT) f.push('percentages');
  return f;
}

/** Epoch ms for a dictionary entry of a date-typed column (NaN when it is not a date). */
export function dateValue(p: ColumnProfile, i: number, d: TypeDecision): number {
  const parts = p.dates[i];
  if (parts) return datePartsToMs(parts, d.dayFirst);
  if (d.unix && p.kind[i] === K_NUMBER) return d.unix === 's' ? p.num[i]! * 1000 : p.num[i]!;
  return NaN;
}
