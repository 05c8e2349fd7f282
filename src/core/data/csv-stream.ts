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

export async function streamCsv(
  source: ByteSource,
  decoder: TextDecoderLike,
  ctx: JobContext,
  o: StreamOptions,
): Promise<StreamResult> {
  const chunkChars = o.chunkChars ?? 1 << 20;
  const total = source.size ?? 0;
  let pending = '';
  let parser: Papa.Parser | null = null;
  let sniffed: Sniffed | null = null;
  let names: string[] | null = null;
  let columns: StreamColumn[] = [];
  let examined: boolean[] = [];
  let expectedRows = 0;
  let ncols = 0;
  let rows = 0;
  let raggedRows = 0;
  const raggedFirst: number[] = [];
  let blankLines = 0;
  let bytes = 0;
  let lastYield = Date.now();
  let lastLog = Date.now();
  const startedAt = lastLog;

  const startColumns = (first: string[], isHeader: boolean) => {
    ncols = first.length;
    if (ncols > o.limits.maxColumns) {
      throw new JobError(
        'too-many-columns',
        `The file has ${fmtInt(ncols)} columns; LocalLift reads at most ${fmtInt(o.limits.maxColumns)}. Keep only the columns you need (or check the delimiter) and import again.`,
        { columns: ncols },
      );
    }
    names = dedupeNames(isHeader ? first : first.map(() => ''));
    columns = names.map(() => new RawColumn());
    examined = names.map(() => false);
  };

  // A dictionary that keeps growing with the rows (unique amounts, timestamps) costs a string per row:
  // such numeric/date columns switch to direct parsing.
  const checkCardinality = () => {
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      if (
        examined[c] ||
        !(col instanceof RawColumn) ||
        col.dict.length < DIRECT_MIN_DISTINCT ||
        col.dict.length * 2 < col.length
      )
        continue;
      examined[c] = true;
      const direct = toDirect(names![c]!, col, sniffed!.delimiter, expectedRows);
      if (direct) columns[c] = direct;
    }
  };

  let reserved = false;
  const takeRows = (data: string[][], charsConsumed: number) => {
    let i = 0;
    if (!names) {
      const first = data[0];
      if (!first) return;
      startColumns(first, sniffed!.hasHeader);
      if (sniffed!.hasHeader) i = 1;
    }
    if (!reserved && total > 0 && data.length > 100 && charsConsumed > 0) {
      // Size the code arrays once from the first chunk's bytes per row (+10 %), instead of doubling 4 times.
      reserved = true;
      const estimate = Math.ceil((total / charsConsumed) * data.length * 1.1);
      expectedRows = estimate;
      if (estimate < 50_000_000) for (const c of columns) c.reserve(estimate);
    }
    const cols = columns;
    for (; i < data.length; i++) {
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
    checkCardinality();
    if (rows > o.limits.maxRows) {
      throw new JobError(
        'too-many-rows',
        `The file has more than ${fmtInt(o.limits.maxRows)} rows; split it or sample it before importing.`,
        { rows },
      );
    }
  };

  const consume = (last: boolean) => {
    if (!parser) {
      if (!last && (pending.length < SNIFF_CHARS || pending.indexOf('\n') < 0) && pending.length < 1 << 20) return;
      if (pending.trim() === '') return;
      // Excel's `sep=;` first line names the delimiter; it is not a header.
      const hint = /^\uFEFF?sep=([^\r\n])\r?\n/i.exec(pending);
      if (hint) pending = pending.slice(hint[0].length);
      const s = sniff(pending.slice(0, SNIFF_CHARS * 4), {
        delimiter: o.delimiter ?? hint?.[1],
        hasHeader: o.hasHeader,
      });
      sniffed = s;
      // '\n' also splits CRLF files: the trailing '\r' of the last field is trimmed at typing, and a stray LF-only
      // line in a CRLF file then still splits correctly.
      parser = new Papa.Parser({ delimiter: s.delimiter, newline: s.newline === '\r' ? '\r' : '\n' });
    }
    const res = parser.parse(pending, 0, !last) as {
      data: string[][];
      errors: { code: string; row: number }[];
      meta: { cursor: number };
    };
    const consumed = last ? pending.length : res.meta.cursor;
    if (last) {
      const quote = res.errors.find((e) => e.code === 'MissingQuotes');
      if (quote) {
        const at = rows + Math.max(0, res.data.length - 1) + (names ? 1 : 0);
        throw new JobError(
          'unterminated-quote',
          `A quoted field starting in row ${fmtInt(at)} is never closed (a " without its closing "). Everything after it would be one value, so the import stopped. Fix that row in the source file and import again.`,
          { row: at },
        );
      }
      pending = '';
      // The line break ending the last row leaves one empty "row" behind: not a blank line in the data.
      const tail = res.data[res.data.length - 1];
      if (tail && tail.length === 1 && (tail[0] === '' || tail[0] === '\r')) res.data.pop();
    } else {
      pending = pending.substring(res.meta.cursor);
    }
    takeRows(res.data, consumed);
    if (pending.length > o.limits.maxRowChars) {
      throw new JobError(
        'row-too-long',
        `Row ${fmtInt(rows + 1)} is longer than ${fmtInt(o.limits.maxRowChars / 1048576)} MB without a line break: this is not a row-per-line CSV (or a quote is never closed). Check that the file is a CSV export.`,
        { row: rows + 1 },
      );
    }
  };

  let first = true;
  for await (const chunk of source.open()) {
    if (first && chunk.length > 0) {
      assertTextLike(chunk);
      first = false;
    }
    bytes += chunk.length;
    pending += decoder.decode(chunk, false);
    if (pending.length >= chunkChars || (!parser && pending.length >= SNIFF_CHARS)) consume(false);
    ctx.progress(bytes, total || bytes, 'parse');
    ctx.checkCancelled();
    const now = Date.now();
    if (now - lastLog > 1000) {
      lastLog = now;
      ctx.log(`${fmtInt(rows)} rows read · ${fmtInt(rows / Math.max(0.001, (now - startedAt) / 1000))} rows/s`);
    }
    if (now - lastYield > 50) {
      await ctx.yield();
      lastYield = Date.now();
    }
  }
  pending += decoder.decode(new Uint8Array(0), true);
  consume(true);

  if (bytes === 0 || !sniffed || !names) {
    throw new JobError(
      'empty-file',
      'The file is empty (no header, no rows). Export the data again and check the file has content.',
    );
  }
  for (const c of columns) c.seal();
  if (rows === 0) {
    const list = (names as string[])
      .slice(0, 8)
      .map((n) => `\`${n}\``)
      .join(', ');
    throw new JobError('header-only', `The file has a header (${list}${ncols > 8 ? ', …' : ''}) but no data rows.`, {
      columns: ncols,
    });
  }
  return { names, columns, rows, sniffed, bytes, raggedRows, raggedFirst, blankLines };
}
