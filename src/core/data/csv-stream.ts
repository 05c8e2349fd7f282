// Streaming CSV stage: byte chunks → decoded text → papaparse rows (carrying the partial last row) → RawColumns.
import Papa from 'papaparse';
import { JobError, type JobContext } from '../jobs.ts';
import { assertTextLike, type TextDecoderLike } from './decode.ts';
import { RawColumn } from './raw-column.ts';
import { DIRECT_MIN_DISTINCT, toDirect, type DirectColumn } from './direct-column.ts';
import { sniff, type Sniffed } from './sniff.ts';
import { fmtInt } from './quality.ts';

/** Where the bytes come from. `open()` may be called twice (the Windows-1252 fallback re-reads). */
export interface ByteSource {
  open(): AsyncIterable<Uint8Array>;
  /** Total bytes when known (progress, ETA). */
  size?: number;
  name?: string;
}

export interface IngestLimits {
  maxColumns: number;
  /** Longest single row, in characters (guards against a file that is one huge line). */
  maxRowChars: number;
  maxRows: number;
}

export const DEFAULT_LIMITS: IngestLimits = { maxColumns: 2000, maxRowChars: 8 * 1024 * 1024, maxRows: 20_000_000 };

export interface StreamOptions {
  delimiter?: string;
  hasHeader?: boolean;
  limits: IngestLimits;
  /** Parse in slices of about this many characters. */
  chunkChars?: number;
}

export type StreamColumn = RawColumn | DirectColumn;

export interface StreamResult {
  names: string[];
  /** Dictionary-encoded raw strings, or (high-cardinality numbers/dates) values parsed while streaming. */
  columns: StreamColumn[];
  rows: number;
  sniffed: Sniffed;
  bytes: number;
  raggedRows: number;
  raggedFirst: number[];
  blankLines: number;
}

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

const SNIFF_CHARS = 64 * 1024;

/** The mutable state one streamCsv call carries between its phases (parser, columns, row and problem counts). */
interface StreamState {
  o: StreamOptions;
  /** Total bytes when the source knows them (0 otherwise). */
  total: number;
  /** Decoded text not yet parsed (the partial last row carries over to the next chunk). */
  pending: string;
  parser: Papa.Parser | null;
  sniffed: Sniffed | null;
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

function newStreamState(source: ByteSource, o: StreamOptions): StreamState {
  return {
    o,
    total: source.size ?? 0,
    pending: '',
    parser: null,
    sniffed: null,
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
      { columns: st.ncols },
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

function takeRows(st: StreamState, data: string[][], charsConsumed: number): void {
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
      { rows: st.rows },
    );
  }
}

/** Sniffs delimiter and header once enough text is pending and creates the parser; false while it waits for more. */
function startParser(st: StreamState, last: boolean): boolean {
  const pending = st.pending;
  if (!last && (pending.length < SNIFF_CHARS || pending.indexOf('\n') < 0) && pending.length < 1 << 20) return false;
  if (pending.trim() === '') return false;
  // Excel's `sep=;` first line names the delimiter; it is not a header.
  const hint = /^\uFEFF?sep=([^\r\n])\r?\n/i.exec(pending);
  if (hint) st.pending = pending.slice(hint[0].length);
  const s = sniff(st.pending.slice(0, SNIFF_CHARS * 4), {
    delimiter: st.o.delimiter ?? hint?.[1],
    hasHeader: st.o.hasHeader,
  });
  st.sniffed = s;
  // '\n' also splits CRLF files: the trailing '\r' of the last field is trimmed at typing, and a stray LF-only
  // line in a CRLF file then still splits correctly.
  st.parser = new Papa.Parser({ delimiter: s.delimiter, newline: s.newline === '\r' ? '\r' : '\n' });
  return true;
}

interface ParsedSlice {
  data: string[][];
  errors: { code: string; row: number }[];
  meta: { cursor: number };
}

/** At the end of the input: an open quote is fatal, and the empty "row" after the final line break is dropped. */
function finishLastSlice(st: StreamState, res: ParsedSlice): void {
  const quote = res.errors.find((e) => e.code === 'MissingQuotes');
  if (quote) {
    const at = st.rows + Math.max(0, res.data.length - 1) + (st.names ? 1 : 0);
    throw new JobError(
      'unterminated-quote',
      `A quoted field starting in row ${fmtInt(at)} is never closed (a " without its closing "). Everything after it would be one value, so the import stopped. Fix that row in the source file and import again.`,
      { row: at },
    );
  }
  st.pending = '';
  // The line break ending the last row leaves one empty "row" behind: not a blank line in the data.
  const tail = res.data[res.data.length - 1];
  if (tail && tail.length === 1 && (tail[0] === '' || tail[0] === '\r')) res.data.pop();
}

/** Parses the pending text (all of it when `last`, else up to the last complete row) into the columns. */
function consume(st: StreamState, last: boolean): void {
  if (!st.parser && !startParser(st, last)) return;
  const res = st.parser!.parse(st.pending, 0, !last) as ParsedSlice;
  const consumed = last ? st.pending.length : res.meta.cursor;
  if (last) finishLastSlice(st, res);
  else st.pending = st.pending.substring(res.meta.cursor);
  takeRows(st, res.data, consumed);
  if (st.pending.length > st.o.limits.maxRowChars) {
    throw new JobError(
      'row-too-long',
      `Row ${fmtInt(st.rows + 1)} is longer than ${fmtInt(st.o.limits.maxRowChars / 1048576)} MB without a line break: this is not a row-per-line CSV (or a quote is never closed). Check that the file is a CSV export.`,
      { row: st.rows + 1 },
    );
  }
}

/** Reads, decodes and parses every chunk of the source, with progress, a log line a second and regular yields. */
async function readChunks(
  source: ByteSource,
  decoder: TextDecoderLike,
  ctx: JobContext,
  st: StreamState,
): Promise<number> {
  const chunkChars = st.o.chunkChars ?? 1 << 20;
  let bytes = 0;
  let lastYield = Date.now();
  let lastLog = Date.now();
  const startedAt = lastLog;
  let first = true;
  for await (const chunk of source.open()) {
    if (first && chunk.length > 0) {
      assertTextLike(chunk);
      first = false;
    }
    bytes += chunk.length;
    st.pending += decoder.decode(chunk, false);
    if (st.pending.length >= chunkChars || (!st.parser && st.pending.length >= SNIFF_CHARS)) consume(st, false);
    ctx.progress(bytes, st.total || bytes, 'parse');
    ctx.checkCancelled();
    const now = Date.now();
    if (now - lastLog > 1000) {
      lastLog = now;
      ctx.log(`${fmtInt(st.rows)} rows read · ${fmtInt(st.rows / Math.max(0.001, (now - startedAt) / 1000))} rows/s`);
    }
    if (now - lastYield > 50) {
      await ctx.yield();
      lastYield = Date.now();
    }
  }
  return bytes;
}

/** Refuses an empty or header-only file, seals the columns and assembles the result. */
function finishStream(st: StreamState, bytes: number): StreamResult {
  const { sniffed, names, columns, rows, ncols } = st;
  if (bytes === 0 || !sniffed || !names) {
    throw new JobError(
      'empty-file',
      'The file is empty (no header, no rows). Export the data again and check the file has content.',
    );
  }
  for (const c of columns) c.seal();
  if (rows === 0) {
    const list = names
      .slice(0, 8)
      .map((n) => `\`${n}\``)
      .join(', ');
    throw new JobError('header-only', `The file has a header (${list}${ncols > 8 ? ', …' : ''}) but no data rows.`, {
      columns: ncols,
    });
  }
  const { raggedRows, raggedFirst, blankLines } = st;
  return { names, columns, rows, sniffed, bytes, raggedRows, raggedFirst, blankLines };
}

export async function streamCsv(
  source: ByteSource,
  decoder: TextDecoderLike,
  ctx: JobContext,
  o: StreamOptions,
): Promise<StreamResult> {
  const st = newStreamState(source, o);
  const bytes = await readChunks(source, decoder, ctx, st);
  st.pending += decoder.decode(new Uint8Array(0), true);
  consume(st, true);
  return finishStream(st, bytes);
}
