// Format sniffing on the first decoded text: line ending, delimiter (`,` `;` tab `|`) and whether row 1 is a header.
import Papa from 'papaparse';
import { isMissingToken, parseBoolWord, parseDateParts, parseNumber } from './values.ts';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

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

/** Picks the delimiter giving the most rows with one consistent field count > 1 (ties: more fields). */
export function detectDelimiter(sample: string, newline: '\n' | '\r\n' | '\r'): string {
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const rows = parseSample(sample, d, newline, 200);
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [k, v] of counts)
      if (v > modeCount || (v === modeCount && k > mode)) {
        mode = k;
        modeCount = v;
      }
    if (mode < 2) continue;
    const consistency = modeCount / rows.length;
    // Header agreeing with the mode is strong evidence; more fields breaks ties.
    const headerAgrees = rows[0]!.length === mode ? 0.25 : 0;
    const score = consistency + headerAgrees + Math.min(mode, 50) / 1000;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
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

export function sniff(sample: string, opts: { delimiter?: string; hasHeader?: boolean } = {}): Sniffed {
  const newline = detectNewline(sample);
  const delimiter = opts.delimiter ?? detectDelimiter(sample, newline);
  const hasHeader = opts.hasHeader ?? detectHeader(parseSample(sample, delimiter, newline, 100));
  return { delimiter, newline, hasHeader };
}
