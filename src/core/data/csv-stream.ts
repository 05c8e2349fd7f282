// Streaming CSV stage: byte chunks → decoded text → papaparse rows (carrying the partial last row) → RawColumns.
import Papa from 'papaparse';
import { JobError, type JobContext } from '../jobs.ts';
import { assertTextLike, type TextDecoderLike } from './decode.ts';
import { alignSpaces, sniff, SPACES } from './sniff.ts';
import { fmtInt } from './quality.ts';
import { breakLoneCRs, newStreamState, takeRows, type StreamState } from './csv-rows.ts';
import type { ByteSource, StreamOptions, StreamResult } from './csv-stream-types.ts';

export { dedupeNames } from './csv-rows.ts';
export {
  DEFAULT_LIMITS,
  type ByteSource,
  type IngestLimits,
  type StreamColumn,
  type StreamOptions,
  type StreamResult,
} from './csv-stream-types.ts';

const SNIFF_CHARS = 64 * 1024;

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
  st.spaceAligned = s.delimiter === SPACES;
  // '\n' also splits CRLF files: the trailing '\r' of the last field is trimmed at typing, and a stray LF-only
  // line in a CRLF file then still splits correctly; lone CRs become '\n' before parsing (breakLoneCRs).
  // A space-aligned log is re-joined with tabs and has no quoting.
  st.parser = new Papa.Parser(
    st.spaceAligned
      ? { delimiter: '\t', newline: '\n', quoteChar: '\u0000' }
      : { delimiter: s.delimiter, newline: '\n' },
  );
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
  let text = breakLoneCRs(st.pending, st.spaceAligned ? '\t' : st.sniffed!.delimiter, !st.spaceAligned, last);
  let rest = '';
  if (st.spaceAligned) {
    // Whole lines only, so a run of spaces is never cut in two at a chunk boundary.
    const cut = last ? text.length : text.lastIndexOf('\n') + 1;
    rest = text.substring(cut);
    text = alignSpaces(text.substring(0, cut));
  }
  const res = st.parser!.parse(text, 0, !last) as ParsedSlice;
  const consumed = last ? text.length : res.meta.cursor;
  if (last) finishLastSlice(st, res);
  else st.pending = text.substring(res.meta.cursor) + rest;
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
