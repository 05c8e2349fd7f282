// The CSV stream's state and its rows → columns stage: columns from the first row, the per-row append (blank and
// ragged lines counted), and the switch of growing numeric/date dictionaries to direct parsing.
import type Papa from 'papaparse';
import { JobError } from '../jobs.ts';
import { RawColumn } from './raw-column.ts';
import { DIRECT_MIN_DISTINCT, toDirect } from './direct-column.ts';
import type { Sniffed } from './sniff.ts';
import { fmtInt } from './quality.ts';
import type { ByteSource, StreamColumn, StreamOptions } from './csv-stream-types.ts';

/** Empty names become `column_3`, repeats become `name_2`, `name_3` (names stay literal text, never markup). */
export function dedupeNames(raw: string[]): string[] {
  const used = new Set<string>();
  return raw.map((r, i) => {
    let base = r.replace(/^\uFEFF/, '').trim();
    if (base === '') base = `column_${i + 1}`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  });
}

const LONE_CR = /\r(?!\n)/;

/**
 * Lone CRs (old Mac files, or mixed with CRLF and LF in one file) outside quoted values become '\n', so every line
 * splits whatever wrote it; a CR inside a quoted value stays. `text` starts at a row boundary (the parser's cursor),
 * so the quote state starts closed. A CR ending the text stays until more text comes: it may be half a CRLF.
 */
export function breakLoneCRs(text: string, delimiter: string, quotes: boolean, last: boolean): string {
  if (!LONE_CR.test(text)) return text;
  const d = delimiter.charCodeAt(0);
  const parts: string[] = [];
  let from = 0;
  let inQuote = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === 34 && text.charCodeAt(i + 1) === 34) i++;
      else if (c === 34) inQuote = false;
      continue;
    }
    if (c === 34 && quotes && fieldStart) {
      inQuote = true;
      fieldStart = false;
      continue;
    }
    if (c === 13 && text.charCodeAt(i + 1) !== 10 && (last || i + 1 < text.length)) {
      parts.push(text.slice(from, i), '\n');
      from = i + 1;
    }
    fieldStart = c === d || c === 10 || c === 13;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** The mutable state one streamCsv call carries between its phases (parser, columns, row and problem counts). */
export interface StreamState {
  o: StreamOptions;
  /** Total bytes when the source knows them (0 otherwise). */
  total: number;
  /** Decoded text not yet parsed (the partial last row carries over to the next chunk). */
  pending: string;
  parser: Papa.Parser | null;
  sniffed: Sniffed | null;
  /** Runs of spaces separate the fields (a space-aligned log): lines are re-joined with tabs before parsing. */
  spaceAligned: boolean;
  names: string[] | null;
  columns: StreamColumn[];
  examined: boolean[];
  expectedRows: number;
  ncols: number;
  rows: number;
  raggedRows: number;
  raggedFirst: number[];
  blankLines: number;
  reserved: boolean;
}

export function newStreamState(source: ByteSource, o: StreamOptions): StreamState {
  return {
    o,
    total: source.size ?? 0,
    pending: '',
    parser: null,
    sniffed: null,
    spaceAligned: false,
    names: null,
    columns: [],
    examined: [],
    expectedRows: 0,
    ncols: 0,
    rows: 0,
    raggedRows: 0,
    raggedFirst: [],
    blankLines: 0,
    reserved: false,
  };
}

function startColumns(st: StreamState, first: string[], isHeader: boolean): void {
  st.ncols = first.length;
  if (st.ncols > st.o.limits.maxColumns) {
    throw new JobError(
      'too-many-columns',
      `The file has ${fmtInt(st.ncols)} columns; LocalLift reads at most ${fmtInt(st.o.limits.maxColumns)}. Keep only the columns you need (or check the delimiter) and import again.`,
      { columns: st.ncols, max: st.o.limits.maxColumns },
    );
  }
  const names = dedupeNames(isHeader ? first : first.map(() => ''));
  st.names = names;
  st.columns = names.map(() => new RawColumn());
  st.examined = names.map(() => false);
}

// A dictionary that keeps growing with the rows (unique amounts, timestamps) costs a string per row:
// such numeric/date columns switch to direct parsing.
function checkCardinality(st: StreamState): void {
  const columns = st.columns;
  for (let c = 0; c < columns.length; c++) {
    const col = columns[c]!;
    if (
      st.examined[c] ||
      !(col instanceof RawColumn) ||
      col.dict.length < DIRECT_MIN_DISTINCT ||
      col.dict.length * 2 < col.length
    )
      continue;
    st.examined[c] = true;
    const direct = toDirect(st.names![c]!, col, st.sniffed!.delimiter, st.expectedRows);
    if (direct) columns[c] = direct;
  }
}

/** Sizes the code arrays once from the first chunk's bytes per row (+10 %), instead of doubling 4 times. */
function reserveFromFirstChunk(st: StreamState, data: string[][], charsConsumed: number): void {
  if (!st.reserved && st.total > 0 && data.length > 100 && charsConsumed > 0) {
    st.reserved = true;
    const estimate = Math.ceil((st.total / charsConsumed) * data.length * 1.1);
    st.expectedRows = estimate;
    if (estimate < 50_000_000) for (const c of st.columns) c.reserve(estimate);
  }
}

/** The per-row loop: rows from `start` into the columns, counting blank and ragged lines (hot: no allocation). */
function appendRows(st: StreamState, data: string[][], start: number): void {
  const cols = st.columns;
  const ncols = st.ncols;
  const raggedFirst = st.raggedFirst;
  let rows = st.rows;
  let blankLines = st.blankLines;
  let raggedRows = st.raggedRows;
  for (let i = start; i < data.length; i++) {
    const row = data[i]!;
    const m = row.length;
    if (m === 1 && (row[0] === '' || row[0] === '\r') && ncols > 0) {
      blankLines++;
      continue;
    }
    if (m !== ncols) {
      raggedRows++;
      if (raggedFirst.length < 5) raggedFirst.push(rows + 1);
      for (let c = 0; c < ncols; c++) cols[c]!.push(c < m ? row[c]! : '');
    } else {
      for (let c = 0; c < ncols; c++) cols[c]!.push(row[c]!);
    }
    rows++;
  }
  st.rows = rows;
  st.blankLines = blankLines;
  st.raggedRows = raggedRows;
}

export function takeRows(st: StreamState, data: string[][], charsConsumed: number): void {
  let start = 0;
  if (!st.names) {
    const first = data[0];
    if (!first) return;
    startColumns(st, first, st.sniffed!.hasHeader);
    if (st.sniffed!.hasHeader) start = 1;
  }
  reserveFromFirstChunk(st, data, charsConsumed);
  appendRows(st, data, start);
  checkCardinality(st);
  if (st.rows > st.o.limits.maxRows) {
    throw new JobError(
      'too-many-rows',
      `The file has more than ${fmtInt(st.o.limits.maxRows)} rows; split it or sample it before importing.`,
      { rows: st.rows, max: st.o.limits.maxRows },
    );
  }
}
