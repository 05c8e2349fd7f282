// Cell-level parsing: missing tokens, booleans, numbers in common export formats, dates and datetimes.
// Every function here looks at one (already trimmed) string; column-level decisions live in infer-types.ts.

const MISSING = new Set([
  '',
  'na',
  'n/a',
  'nan',
  'null',
  'none',
  '#n/a',
  'nil',
  '-',
  '--',
  '?',
  'missing',
  'undefined',
  '#value!',
  '#div/0!',
]);
export function isMissingToken(s: string): boolean {
  return s.length <= 9 && MISSING.has(s.toLowerCase());
}

const TRUE = new Set(['yes', 'true', 'y', 't']);
const FALSE = new Set(['no', 'false', 'n', 'f']);
/** 1 / 0 for a boolean word, NaN otherwise (numeric 1/0 are handled as numbers). */
export function parseBoolWord(s: string): number {
  if (s.length > 5) return NaN;
  const l = s.toLowerCase();
  if (TRUE.has(l)) return 1;
  if (FALSE.has(l)) return 0;
  return NaN;
}

/** How a numeric string was written; the column keeps the union so a summary can say "decimal comma", "currency". */
export const NUM_PLAIN = 1;
export const NUM_THOUSANDS = 2;
export const NUM_DECIMAL_COMMA = 4;
export const NUM_CURRENCY = 8;
export const NUM_PERCENT = 16;
export const NUM_FRACTION = 32; // has a fractional part (decides integer vs decimal)

const PLAIN_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS_DOT_RE = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/; // 1,234.50
const THOUSANDS_COMMA_RE = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/; // 1.234,50
const DECIMAL_COMMA_RE = /^\d+,\d+$/; // 12,50
const THOUSANDS_SPACE_RE = /^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/; // 1 234,50
const CURRENCY = '$€£¥₹₩₽฿₺';

export interface NumberParse {
  value: number;
  flags: number;
}

/**
 * Parses a number written the way spreadsheets and shops export it: `1,234.50`, `€12,50`, `$5`, `12%`, `(3.20)`.
 * `decimalComma` says how to read `1,234` (true: 1.234, the European reading; false: 1234).
 * Returns null when the string is not a number.
 */
export function parseNumber(s: string, decimalComma: boolean): NumberParse | null {
  const c0 = s.charCodeAt(0);
  // Fast path: plain JS number syntax (the overwhelmingly common case).
  if ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46) {
    if (PLAIN_RE.test(s)) {
      const v = Number(s);
      return { value: v, flags: NUM_PLAIN | (Number.isInteger(v) && s.indexOf('.') < 0 ? 0 : NUM_FRACTION) };
    }
  }
  return parseFormattedNumber(s, decimalComma);
}

function parseFormattedNumber(raw: string, decimalComma: boolean): NumberParse | null {
  let s = raw;
  let flags = 0;
  let sign = 1;
  if (s.length > 40) return null;
  if (s[0] === '(' && s[s.length - 1] === ')') {
    sign = -1;
    s = s.slice(1, -1).trim();
  }
  if (s[0] === '-' || s[0] === '+' || s[0] === '\u2212') {
    if (s[0] !== '+') sign = -sign;
    s = s.slice(1).trim();
  }
  if (s.length && CURRENCY.includes(s[0]!)) {
    flags |= NUM_CURRENCY;
    s = s.slice(1).trim();
  } else if (s.length && CURRENCY.includes(s[s.length - 1]!)) {
    flags |= NUM_CURRENCY;
    s = s.slice(0, -1).trim();
  } else if (/^[A-Z]{3} /.test(s) || /^(?:US\$|R\$|CHF|kr)\s?/.test(s)) {
    flags |= NUM_CURRENCY;
    s = s.replace(/^(?:[A-Z]{3} |US\$|R\$|CHF|kr)\s?/, '');
  }
  if (s[0] === '-' && sign === 1) {
    sign = -1;
    s = s.slice(1);
  } // "$-5"
  let scale = 1;
  if (s.endsWith('%')) {
    flags |= NUM_PERCENT;
    scale = 0.01;
    s = s.slice(0, -1).trim();
  }
  if (s.length === 0) return null;
  let v: number;
  if (PLAIN_RE.test(s) && s[0] !== '+' && s[0] !== '-') {
    v = Number(s);
    flags |= NUM_PLAIN;
    if (s.includes('.') || s.includes('e') || s.includes('E')) flags |= NUM_FRACTION;
  } else if (DECIMAL_COMMA_RE.test(s)) {
    // `1,234` is ambiguous: a thousands separator unless the file uses decimal commas.
    const [a, b] = s.split(',') as [string, string];
    if (!decimalComma && b.length === 3 && a.length <= 3 && a[0] !== '0') {
      v = Number(a + b);
      flags |= NUM_THOUSANDS;
    } else {
      v = Number(a + '.' + b);
      flags |= NUM_DECIMAL_COMMA | NUM_FRACTION;
    }
  } else if (THOUSANDS_DOT_RE.test(s)) {
    v = Number(s.replace(/,/g, ''));
    flags |= NUM_THOUSANDS | (s.includes('.') ? NUM_FRACTION : 0);
  } else if (THOUSANDS_COMMA_RE.test(s)) {
    // `1.234` alone is read as a decimal point (plain path above); here there are ≥ 2 dots or a trailing comma part.
    v = Number(s.replace(/\./g, '').replace(',', '.'));
    flags |= NUM_THOUSANDS | NUM_DECIMAL_COMMA | (s.includes(',') ? NUM_FRACTION : 0);
  } else if (THOUSANDS_SPACE_RE.test(s)) {
    const t = s.replace(/[ \u00a0\u202f]/g, '');
    const commaDecimal = t.includes(',');
    v = Number(commaDecimal ? t.replace(',', '.') : t);
    flags |= NUM_THOUSANDS | (commaDecimal ? NUM_DECIMAL_COMMA : 0) | (/[.,]/.test(t) ? NUM_FRACTION : 0);
  } else {
    return null;
  }
  if (!Number.isFinite(v)) return null;
  v = sign * v * scale;
  if (scale !== 1 && !Number.isInteger(v)) flags |= NUM_FRACTION;
  return { value: v, flags };
}

// ---- dates -------------------------------------------------------------------------------------

/** Date shapes; slash dates stay ambiguous (M/D vs D/M) until the column decides. */
export type DateShape = 'iso' | 'slash' | 'dot' | 'cjk' | 'named';

export interface DateParts {
  shape: DateShape;
  /** For 'slash'/'dot': first, second, year; for the others: year, month, day. */
  a: number;
  b: number;
  y: number;
  ms: number; // time of day in ms
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD_SLASH_RE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SLASH_RE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const DOT_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const CJK_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2})[:时](\d{2})分?(?::(\d{2}))?)?$/;
// `1 Dec 2010`, `01-Dec-2010`, `Dec 1, 2010`, `December 1, 2010 8:26 AM` (ad platforms and spreadsheet exports).
const DMY_NAME_RE =
  /^(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const MDY_NAME_RE =
  /^([A-Za-z]{3,9})\.?\s(\d{1,2}),?\s(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
function monthOf(name: string): number {
  const l = name.toLowerCase();
  const i = MONTHS.indexOf(l.slice(0, 3));
  // Accept `Sept` and full names, not arbitrary words that happen to start like a month.
  return i >= 0 &&
    (l.length === 3 ||
      l === 'sept' ||
      'january february march april may june july august september october november december'.split(' ')[i] === l)
    ? i + 1
    : 0;
}

function timeMs(
  h: string | undefined,
  m: string | undefined,
  s: string | undefined,
  frac?: string,
  ampm?: string,
): number {
  let hh = h ? Number(h) : 0;
  if (ampm) {
    const pm = ampm.toLowerCase() === 'pm';
    if (hh > 12) return NaN;
    if (pm && hh < 12) hh += 12;
    if (!pm && hh === 12) hh = 0;
  }
  const mm = m ? Number(m) : 0;
  const ss = s ? Number(s) : 0;
  if (hh > 23 || mm > 59 || ss > 60) return NaN;
  const f = frac ? Number('0.' + frac) * 1000 : 0;
  return ((hh * 60 + mm) * 60 + ss) * 1000 + Math.round(f);
}

function tzOffsetMs(tz: string | undefined): number {
  if (!tz || tz === 'Z') return 0;
  const sign = tz[0] === '-' ? -1 : 1;
  const d = tz.slice(1).replace(':', '');
  return sign * (Number(d.slice(0, 2)) * 60 + Number(d.slice(2, 4))) * 60_000;
}

/** Recognises a date/datetime string; returns its parts or null. Wall-clock times are kept as UTC. */
export function parseDateParts(s: string): DateParts | null {
  const n = s.length;
  if (n < 6 || n > 35) return null;
  const c0 = s.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (c0 < 48 || c0 > 57) {
    if ((m = MDY_NAME_RE.exec(s))) {
      const month = monthOf(m[1]!);
      return month
        ? { shape: 'named', y: Number(m[3]), a: month, b: Number(m[2]), ms: timeMs(m[4], m[5], m[6], undefined, m[7]) }
        : null;
    }
    return null;
  }
  if ((m = DMY_NAME_RE.exec(s))) {
    const month = monthOf(m[2]!);
    return month
      ? { shape: 'named', y: Number(m[3]), a: month, b: Number(m[1]), ms: timeMs(m[4], m[5], m[6], undefined, m[7]) }
      : null;
  }
  m = ISO_RE.exec(s);
  if (m) {
    const ms = timeMs(m[4], m[5], m[6], m[7]);
    return { shape: 'iso', y: Number(m[1]), a: Number(m[2]), b: Number(m[3]), ms: ms - tzOffsetMs(m[8]) };
  }
  if ((m = YMD_SLASH_RE.exec(s)))
    return { shape: 'iso', y: Number(m[1]), a: Number(m[2]), b: Number(m[3]), ms: timeMs(m[4], m[5], m[6]) };
  if ((m = SLASH_RE.exec(s))) {
    let y = Number(m[3]);
    if (m[3]!.length === 2) y += y < 70 ? 2000 : 1900;
    return { shape: 'slash', a: Number(m[1]), b: Number(m[2]), y, ms: timeMs(m[4], m[5], m[6], undefined, m[7]) };
  }
  if ((m = DOT_RE.exec(s)))
    return { shape: 'dot', a: Number(m[1]), b: Number(m[2]), y: Number(m[3]), ms: timeMs(m[4], m[5], m[6]) };
  if ((m = CJK_RE.exec(s)))
    return { shape: 'cjk', y: Number(m[1]), a: Number(m[2]), b: Number(m[3]), ms: timeMs(m[4], m[5], m[6]) };
  return null;
}

/** Epoch ms from parts; `dayFirst` decides slash dates. NaN for impossible dates (month 13, Feb 30). */
export function datePartsToMs(p: DateParts, dayFirst: boolean): number {
  let month: number;
  let day: number;
  if (p.shape === 'slash') {
    month = dayFirst ? p.b : p.a;
    day = dayFirst ? p.a : p.b;
  } else if (p.shape === 'dot') {
    month = p.b;
    day = p.a;
  } else {
    month = p.a;
    day = p.b;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number.isNaN(p.ms)) return NaN;
  const t = Date.UTC(p.y, month - 1, day);
  if (new Date(t).getUTCDate() !== day) return NaN;
  return t + p.ms;
}

/** Unix time bounds we accept when a column's name says it holds time (1990 … 2100). */
export const UNIX_S_MIN = 631_152_000;
export const UNIX_S_MAX = 4_102_444_800;

/** Unix time bounds for a column whose name says nothing (a header-less file): 1990 … 2036, so 10-digit phone
 * numbers and account numbers above 2.1e9 stay numbers. */
export const UNIX_S_ANON_MAX = 2_100_000_000;

/** A yyyymmdd integer (19970101) → UTC epoch ms; NaN unless it is a real calendar day in 1900 … 2100. */
export function compactDateMs(v: number): number {
  if (!Number.isInteger(v) || v < 19000101 || v > 21001231) return NaN;
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  if (m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).getUTCDate() === d ? t : NaN;
}

/** Unix seconds or milliseconds when every value falls in the plausible window (narrower for unnamed columns). */
export function epochUnit(r: { min: number; max: number }, anonymous: boolean): 's' | 'ms' | null {
  const max = anonymous ? UNIX_S_ANON_MAX : UNIX_S_MAX;
  if (r.min >= UNIX_S_MIN && r.max <= max) return 's';
  if (r.min >= UNIX_S_MIN * 1000 && r.max <= max * 1000) return 'ms';
  return null;
}
