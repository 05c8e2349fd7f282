// Data-quality report: every problem counted and located (1-based data rows), with the repairs that apply.
import type { Column, Role, RoleMap, Table } from './table.ts';
import type { ColumnSummary, QualityFinding } from './schema.ts';
import type { ValueCounts } from './materialise.ts';
import { quantile, valueCountsOf } from './summary.ts';
import { invalidDateFinding } from './date-quality.ts';
import { msg } from '../msg.ts';
import { missingMsg, rowList, rowsMsg, tokenNote, typeMsg } from './quality-msg.ts';

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (n: number, d: number): string => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;

/** First `limit` rows (1-based) where `pred(row)` holds. */
export function firstRows(n: number, pred: (r: number) => boolean, limit = 5): number[] {
  const out: number[] = [];
  for (let r = 0; r < n && out.length < limit; r++) if (pred(r)) out.push(r + 1);
  return out;
}

/** Cell arrays of a table: dictionary codes (raw or final) or numbers (NaN = missing, equal to NaN). */
type CellArray = Int32Array | Float64Array;

function sameCell(a: CellArray, i: number, j: number): boolean {
  const x = a[i]!;
  const y = a[j]!;
  return x === y || (x !== x && y !== y);
}

/** Marks every row that repeats an earlier row exactly (all columns equal; missing equals missing). */
export function duplicateRowMask(table: Table): { mask: Uint8Array; count: number } {
  return duplicateRows(
    table.rowCount,
    table.columns.map((c) => (c.kind === 'categorical' ? c.codes : c.values)),
  );
}

export function duplicateRows(n: number, cols: CellArray[]): { mask: Uint8Array; count: number } {
  const h = new Int32Array(n).fill(0x811c9dc5 | 0);
  for (const col of cols) {
    if (col instanceof Int32Array) {
      for (let r = 0; r < n; r++) h[r] = Math.imul(h[r]! ^ (col[r]! + 1), 0x01000193);
    } else {
      const w = new Int32Array(col.buffer, col.byteOffset, n * 2);
      for (let r = 0; r < n; r++)
        h[r] = Math.imul(Math.imul(h[r]! ^ w[2 * r]!, 0x01000193) ^ w[2 * r + 1]!, 0x01000193);
    }
  }
  // Open addressing over row indices (typed arrays: a Map of 500k non-Smi keys cost ~0.4 s here).
  let size = 1024;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size); // row + 1; 0 = empty
  const dup = new Uint8Array(n);
  let count = 0;
  for (let r = 0; r < n; r++) {
    const key = h[r]!;
    let i = (key ^ (key >>> 16)) & mask;
    for (;;) {
      const slot = slots[i]!;
      if (slot === 0) {
        slots[i] = r + 1;
        break;
      }
      const j = slot - 1;
      if (h[j] === key) {
        let same = true;
        for (let c = 0; c < cols.length && same; c++) same = sameCell(cols[c]!, j, r);
        if (same) {
          dup[r] = 1;
          count++;
          break;
        }
      }
      i = (i + 1) & mask;
    }
  }
  return { mask: dup, count };
}

/** Roles whose values should never be negative. */
const NON_NEGATIVE = new Set([
  'quantity',
  'price',
  'amount',
  'spend',
  'impressions',
  'clicks',
  'conversions',
  'rating',
]);

export interface QualityInput {
  table: Table;
  summaries: ColumnSummary[];
  roles: RoleMap;
  valueCounts: Map<string, ValueCounts>;
  offending: Map<string, { count: number; firstRow: number; firstValue: string }>;
  trimmed: Map<string, number>;
  /** Missing values written as tokens, per column: token → rows. */
  missingTokens?: Map<string, Map<string, number>>;
  /** Duplicates computed on the raw text of the rows (exact line copies); computed on typed values otherwise. */
  duplicates?: { mask: Uint8Array; count: number };
  parse: { raggedRows: number; raggedFirst: number[]; blankLines: number; encoding: string };
}

export function outlierFences(vc: ValueCounts): { lower: number; upper: number } | null {
  const q1 = quantile(vc, 0.25);
  const q3 = quantile(vc, 0.75);
  const iqr = q3 - q1;
  if (!(iqr > 0)) return null;
  return { lower: q1 - 3 * iqr, upper: q3 + 3 * iqr };
}

/** Problems of the file as a whole: its encoding, ragged rows, blank lines, duplicate rows. */
function fileFindings(q: QualityInput, out: QualityFinding[]): void {
  const n = q.table.rowCount;
  if (q.parse.encoding.includes('1252')) {
    out.push({
      code: 'encoding',
      count: 0,
      severity: 'info',
      message: `The file is not valid UTF-8; it was read as ${q.parse.encoding}. Check accented characters in the preview.`,
      text: msg('quality_encoding', { encoding: q.parse.encoding }),
    });
  }
  if (q.parse.raggedRows > 0) {
    out.push({
      code: 'ragged-rows',
      count: q.parse.raggedRows,
      rows: q.parse.raggedFirst,
      severity: 'warning',
      text: msg('quality_ragged', {
        count: q.parse.raggedRows,
        rows: rowsMsg(q.parse.raggedFirst, q.parse.raggedRows),
      }),
      message: `${fmtInt(q.parse.raggedRows)} rows have a different number of fields than the header (${rowList(q.parse.raggedFirst, q.parse.raggedRows)}); missing fields were left empty and extra fields dropped.`,
    });
  }
  if (q.parse.blankLines > 0)
    out.push({
      code: 'blank-lines',
      count: q.parse.blankLines,
      severity: 'info',
      message: `${fmtInt(q.parse.blankLines)} blank lines were skipped.`,
      text: msg('quality_blank_lines', { count: q.parse.blankLines }),
    });
  const dup = q.duplicates ?? duplicateRowMask(q.table);
  if (dup.count > 0) {
    const rows = firstRows(n, (r) => dup.mask[r] === 1);
    out.push({
      code: 'duplicates',
      count: dup.count,
      rows,
      severity: 'warning',
      repairs: ['drop-rows'],
      text: msg('quality_duplicates', { count: dup.count, rows: rowsMsg(rows.slice(0, 1), 1) }),
      message: `${fmtInt(dup.count)} duplicate rows (exact copies of an earlier row), first at ${rowList(rows.slice(0, 1), 1)}.`,
    });
  }
}

/** What the per-column checks look at: the column, its summary and role, the row count and the quoted name. */
interface ColumnCheck {
  q: QualityInput;
  col: Column;
  s: ColumnSummary;
  role: Role | undefined;
  n: number;
  name: string;
}

function missingFinding({ q, col, s, n, name }: ColumnCheck, out: QualityFinding[]): void {
  if (s.missing <= 0) return;
  const rows = firstRows(n, col.kind === 'numeric' ? (r) => col.values[r] !== col.values[r] : (r) => col.codes[r]! < 0);
  out.push({
    code: 'missing',
    column: col.name,
    count: s.missing,
    rows,
    severity: s.missing / n > 0.05 ? 'warning' : 'info',
    repairs:
      col.kind === 'numeric' && col.type !== 'date' ? ['drop-rows', 'impute-median'] : ['drop-rows', 'impute-mode'],
    text: missingMsg(
      col.name,
      s.missing,
      pct(s.missing, n),
      q.missingTokens?.get(col.name),
      rowsMsg(rows.slice(0, 1), 1),
    ),
    message: `${name}: ${fmtInt(s.missing)} missing (${pct(s.missing, n)})${tokenNote(q.missingTokens?.get(col.name))}, first at ${rowList(rows.slice(0, 1), 1)}.`,
  });
}

/** Values that did not fit the column's type (counted at typing), a constant column, trimmed spaces. */
function valueFindings({ q, col, s, n, name }: ColumnCheck, out: QualityFinding[]): void {
  const off = q.offending.get(col.name);
  if (off && col.type === 'date') {
    // Named for what they are (not dates), not as missing values; the drop repair removes exactly those rows' kin.
    out.push({
      code: 'invalid-dates',
      column: col.name,
      count: off.count,
      rows: [off.firstRow + 1],
      severity: 'warning',
      repairs: ['drop-rows'],
      text: msg(off.count === 1 ? 'quality_bad_date' : 'quality_bad_dates', {
        ...{ column: col.name, count: off.count, value: off.firstValue, row: off.firstRow + 1 },
      }),
      message: `${name}: ${fmtInt(off.count)} ${off.count === 1 ? 'value is not a valid date' : 'values are not valid dates'} (such as \`${off.firstValue}\` at row ${fmtInt(off.firstRow + 1)}); ${off.count === 1 ? 'it counts' : 'they count'} as missing in the analyses. Correct ${off.count === 1 ? 'it' : 'them'} in the source file to use ${off.count === 1 ? 'that row' : 'those rows'}.`,
    });
  } else if (off) {
    out.push({
      code: 'mixed-types',
      column: col.name,
      count: off.count,
      rows: [off.firstRow + 1],
      severity: 'warning',
      repairs: ['drop-rows', 'treat-as-missing'],
      text: msg(off.count === 1 ? 'quality_mixed_one' : 'quality_mixed', {
        ...{ column: col.name, count: off.count, type: typeMsg(col.type, off.count === 1) },
        ...{ row: off.firstRow + 1, value: off.firstValue },
      }),
      message: `${name}: ${fmtInt(off.count)} ${off.count === 1 ? 'value is not a' : 'values are not'} ${col.type === 'date' ? 'date' : col.type === 'boolean' ? 'yes/no value' : 'number'}${off.count === 1 ? '' : 's'} and ${off.count === 1 ? 'was' : 'were'} treated as missing, first at row ${fmtInt(off.firstRow + 1)}: \`${off.firstValue}\`.`,
    });
  }
  if (s.distinct === 1 && n > 1)
    out.push({
      code: 'constant',
      column: col.name,
      count: n - s.missing,
      severity: 'info',
      message: `${name}: every value is the same (\`${s.top?.[0]?.value ?? s.min}\`); it cannot explain anything.`,
      text: msg('quality_constant', { column: col.name, value: String(s.top?.[0]?.value ?? s.min) }),
    });
  const trimmed = q.trimmed.get(col.name) ?? 0;
  if (trimmed > 0 && col.kind === 'categorical')
    out.push({
      code: 'whitespace',
      column: col.name,
      count: trimmed,
      severity: 'info',
      message: `${name}: ${fmtInt(trimmed)} values had leading/trailing spaces; they were trimmed.`,
      text: msg('quality_whitespace', { column: col.name, count: trimmed }),
    });
}

/** Numbers only: negative values where the role forbids them, and outliers beyond 3 × IQR. */
function numericFindings({ q, col, s, role, n, name }: ColumnCheck, out: QualityFinding[]): void {
  if (col.kind !== 'numeric' || (col.type !== 'integer' && col.type !== 'decimal')) return;
  const vc = q.valueCounts.get(col.name) ?? valueCountsOf(col.values);
  const v = col.values;
  if (role && NON_NEGATIVE.has(role) && s.min !== undefined && s.min < 0) {
    let neg = 0;
    for (let i = 0; i < vc.values.length && vc.values[i]! < 0; i++) neg += vc.counts[i]!;
    const rows = firstRows(n, (r) => v[r]! < 0);
    out.push({
      code: 'negative',
      column: col.name,
      count: neg,
      rows,
      severity: 'warning',
      repairs: ['drop-rows', 'treat-as-missing'],
      text: msg(neg === 1 ? 'quality_negative_one' : 'quality_negative', {
        ...{ column: col.name, count: neg, rows: rowsMsg(rows, neg) },
      }),
      message: `${name}: ${fmtInt(neg)} negative ${neg === 1 ? 'value' : 'values'}, ${rowList(rows, neg)}.`,
    });
  }
  const fences = outlierFences(vc);
  if (!fences) return;
  let count = 0;
  for (let i = 0; i < vc.values.length; i++)
    if (vc.values[i]! < fences.lower || vc.values[i]! > fences.upper) count += vc.counts[i]!;
  if (count > 0) {
    const rows = firstRows(n, (r) => v[r]! < fences.lower || v[r]! > fences.upper);
    out.push({
      code: 'outliers',
      column: col.name,
      count,
      rows,
      severity: 'info',
      repairs: ['cap-outliers', 'drop-rows', 'treat-as-missing'],
      text: msg('quality_outliers', {
        ...{ column: col.name, count, rows: rowsMsg(rows, count) },
        ...{ lower: String(+fences.lower.toPrecision(4)), upper: String(+fences.upper.toPrecision(4)) },
      }),
      message: `${name}: ${fmtInt(count)} outliers outside [${+fences.lower.toPrecision(4)}, ${+fences.upper.toPrecision(4)}] (3 × IQR beyond the quartiles), ${rowList(rows, count)}.`,
    });
  }
}

/** Every finding of one column; a column with every value missing gets that finding only. */
function columnFindings(ck: ColumnCheck, out: QualityFinding[]): void {
  const { col, s, n, name } = ck;
  if (s.missing === n && n > 0) {
    out.push({
      code: 'all-missing',
      column: col.name,
      count: n,
      severity: 'warning',
      message: `${name}: every value is missing; the column carries no information (role set to ignore).`,
      text: msg('quality_all_missing', { column: col.name }),
    });
    return;
  }
  missingFinding(ck, out);
  valueFindings(ck, out);
  const dates = invalidDateFinding(col, n, name);
  if (dates) out.push(dates);
  numericFindings(ck, out);
}

export function qualityReport(q: QualityInput): QualityFinding[] {
  const { table } = q;
  const n = table.rowCount;
  const out: QualityFinding[] = [];
  fileFindings(q, out);
  for (let c = 0; c < table.columns.length; c++) {
    const col = table.columns[c]!;
    columnFindings({ q, col, s: q.summaries[c]!, role: q.roles[col.name], n, name: `\`${col.name}\`` }, out);
  }
  return out;
}
