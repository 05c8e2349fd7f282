// Format sniffing on the first decoded text: line ending, delimiter (`,` `;` tab `|`, or runs of spaces in a
// space-aligned log) and whether row 1 is a header.
import Papa from 'papaparse';
import { isMissingToken, parseBoolWord, parseDateParts, parseNumber } from './values.ts';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
/** The delimiter reported for a space-aligned log: fields apart by runs of spaces (or tabs), lines maybe indented. */
export const SPACES = ' ';

/** A space-aligned text as tab-separated lines: runs of spaces/tabs become one tab, indentation and trailing go. */
export function alignSpaces(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/gm, '').replace(/[ \t]+/g, '\t');
}

export function detectNewline(sample: string): '\n' | '\r\n' | '\r' {
  // Count outside quotes is what matters, but a quoted field rarely changes the majority.
  const i = sample.indexOf('\n');
  const j = sample.indexOf('\r');
  if (i < 0 && j < 0) return '\n';
  if (j >= 0 && (i < 0 || j < i)) return sample[j + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}

function parseSample(sample: string, delimiter: string, newline: '\n' | '\r\n' | '\r', rows: number): string[][] {
  const parser = new Papa.Parser({ delimiter, newline });
  const res = parser.parse(sample, 0, true) as { data: string[][] };
  let data = res.data;
  if (data.length === 0) data = (parser.parse(sample, 0, false) as { data: string[][] }).data;
  return data.slice(0, rows).filter((r) => !(r.length === 1 && r[0] === ''));
}

/** How one delimiter splits the sample: the most common field count, the share of rows with it, and row 1's count. */
function splitStats(sample: string, d: string, newline: '\n' | '\r\n' | '\r') {
  const rows = parseSample(sample, d, newline, 200);
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let mode = 1;
  let modeCount = 0;
  for (const [k, v] of counts)
    if (v > modeCount || (v === modeCount && k > mode)) {
      mode = k;
      modeCount = v;
    }
  return { mode, consistency: rows.length ? modeCount / rows.length : 0, first: rows[0]?.length ?? 0 };
}

/** Picks the delimiter giving the most rows with one consistent field count > 1 (ties: more fields). */
export function detectDelimiter(sample: string, newline: '\n' | '\r\n' | '\r'): string {
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const { mode, consistency, first } = splitStats(sample, d, newline);
    if (mode < 2) continue;
    // Header agreeing with the mode is strong evidence; more fields breaks ties.
    const score = consistency + (first === mode ? 0.25 : 0) + Math.min(mode, 50) / 1000;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/**
 * A space-aligned log (` 00004 0001 19970101  2   29.33`): the caller found no consistent split on `,` `;` tab `|`;
 * here splitting every line on runs of whitespace gives one field count (≥ 2) on ≥ 95 % of the lines, row 1
 * included, and some field is a number on ≥ 90 % of the lines. Text with single spaces inside its values splits
 * into varying counts and so stays one column; so do lists of words with no numbers.
 */
export function looksSpaceAligned(sample: string): boolean {
  let lines = sample.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 2 && !sample.endsWith('\n')) lines = lines.slice(0, -1); // the sample may cut the last line
  const fields = lines.slice(0, 200).map((l) => l.trim().split(/[ \t]+/));
  const k = fields[0]?.length ?? 0;
  if (k < 2 || fields.filter((f) => f.length === k).length < 0.95 * fields.length) return false;
  const body = fields.length > 1 ? fields.slice(1) : fields;
  for (let c = 0; c < k; c++) {
    const numbers = body.filter((f) => f[c] !== undefined && parseNumber(f[c]!, false) !== null).length;
    if (numbers >= 0.9 * body.length) return true;
  }
  return false;
}

function looksTyped(s: string): boolean {
  const t = s.trim();
  if (t === '' || isMissingToken(t)) return false;
  return parseNumber(t, false) !== null || parseDateParts(t) !== null;
}

/**
 * A first row is a header unless it looks like data: a field that is a number/date where the header would be a name,
 * or first-row values that repeat inside their column while the others are all text.
 */
export function detectHeader(rows: string[][]): boolean {
  const first = rows[0];
  if (!first) return true;
  const body = rows.slice(1, 100);
  let typedInFirst = 0;
  let evidenceForHeader = 0;
  for (let c = 0; c < first.length; c++) {
    const h = first[c]!.trim();
    const firstTyped = looksTyped(h) || (!Number.isNaN(parseBoolWord(h)) && h.length > 1);
    if (firstTyped) typedInFirst++;
    const colTyped = body.filter((r) => looksTyped(r[c] ?? '')).length;
    if (!firstTyped && h !== '' && body.length > 0 && colTyped >= body.length * 0.8) evidenceForHeader++;
  }
  if (typedInFirst > 0) return false;
  if (evidenceForHeader > 0) return true;
  // All-text columns: a header names its column, so it should not recur as a value below.
  let repeats = 0;
  for (let c = 0; c < first.length; c++) {
    const h = first[c]!;
    if (h !== '' && body.some((r) => r[c] === h)) repeats++;
  }
  return repeats < Math.max(1, first.length / 2);
}

export interface Sniffed {
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
  hasHeader: boolean;
}

/** `newline` is the file's first line ending; the sniffing itself reads every CR, CRLF and LF as one break. */
export function sniff(sample: string, opts: { delimiter?: string; hasHeader?: boolean } = {}): Sniffed {
  const newline = detectNewline(sample);
  const text = sample.indexOf('\r') >= 0 ? sample.replace(/\r\n?/g, '\n') : sample;
  let delimiter = opts.delimiter ?? detectDelimiter(text, '\n');
  if (opts.delimiter === undefined) {
    const { mode, consistency } = splitStats(text, delimiter, '\n');
    if ((mode < 2 || consistency < 0.9) && looksSpaceAligned(text)) delimiter = SPACES;
  }
  const rows =
    delimiter === SPACES ? parseSample(alignSpaces(text), '\t', '\n', 100) : parseSample(text, delimiter, '\n', 100);
  const hasHeader = opts.hasHeader ?? detectHeader(rows);
  return { delimiter, newline, hasHeader };
}
