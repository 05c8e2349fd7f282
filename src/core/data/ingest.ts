// The import job: stream → typed columnar Table → roles → PII pseudonymisation → summaries → quality report.
// The same code runs in the browser worker (file.stream()) and in Node (fs read stream).
import type { JobContext } from '../jobs.ts';
import type { Column, ColumnType, Role, RoleMap, Table } from './table.ts';
import type { ColumnSummary, IngestResult, QualityFinding } from './schema.ts';
import { streamDecoded, type Decoded } from './decode-stream.ts';
import { DEFAULT_LIMITS, type ByteSource, type IngestLimits } from './csv-stream.ts';
import { RawColumn } from './raw-column.ts';
import { DirectColumn, numbersToIds } from './direct-column.ts';
import { materialise, type Materialised, type ValueCounts } from './materialise.ts';
import type { RoleGuess } from './roles.ts';
import { hmacHasher, pseudonymiseColumn, randomKey, type HashFn, type PiiKind } from './pii.ts';
import { summariseColumn } from './summary.ts';
import { duplicateRows, qualityReport, type QualityInput } from './quality.ts';
import { decideRoles, detectPiiColumns, own, roleEvidence, typeColumns, type Analysis } from './ingest-analysis.ts';

export type { ByteSource, IngestLimits } from './csv-stream.ts';

export interface PiiOptions {
  /** Workspace secret for HMAC-SHA-256; a random one is made when neither key nor hash is given. */
  key?: Uint8Array | string;
  /** Custom keyed hash (wins over `key`). */
  hash?: HashFn;
  /** Columns to keep in clear text although they look like PII (the user's explicit opt-out). */
  optOut?: string[];
  /** Detect and flag only; store raw values (tests, or a user who opted out globally). */
  disabled?: boolean;
}

export interface IngestOptions {
  delimiter?: string;
  hasHeader?: boolean;
  /** Role overrides by column name (the user's mapping); they win over inference. */
  roles?: Partial<RoleMap>;
  /** Type overrides by column name. */
  types?: Record<string, ColumnType>;
  pii?: PiiOptions;
  /** The user's encoding (`gb18030`, `big5`, `shift_jis`, `utf-16`, `utf-8`, `windows-1252`, aliases); `auto` or
   * absent: detected from the first bytes (encoding-detect.ts). */
  encoding?: string;
  limits?: Partial<IngestLimits>;
  chunkChars?: number;
}

/** Limits and stream options from the ingest options; the decoder is chosen in decode-stream.ts. */
function streamDecodedWith(source: ByteSource, ctx: JobContext, options: IngestOptions): Promise<Decoded> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const so = { delimiter: options.delimiter, hasHeader: options.hasHeader, limits, chunkChars: options.chunkChars };
  return streamDecoded(source, ctx, so, options.encoding);
}

/** Builds the typed columns one by one, letting each raw column go as soon as its typed column exists. */
async function materialiseColumns(an: Analysis, ctx: JobContext, bytes: number): Promise<Materialised[]> {
  const { raws, types } = an;
  const mats: Materialised[] = [];
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i]!;
    const m = an.early.get(i);
    if (m) mats.push(types[i] === 'id' ? numbersToIds(m) : m);
    else mats.push(materialise(raw as RawColumn, an.profiles[i]!, an.decisions[i]!, types[i]!));
    raws[i] = undefined as never; // let the raw codes go as soon as the typed column exists
    ctx.progress(bytes, bytes, 'analyse');
    if (i % 8 === 7) {
      ctx.checkCancelled();
      await ctx.yield();
    }
  }
  return mats;
}

/** Replaces the values of PII columns by a keyed hash, unless PII handling is off or the column is opted out. */
async function pseudonymiseColumns(
  an: Analysis,
  mats: Materialised[],
  piiKinds: (PiiKind | null)[],
  pii: PiiOptions,
): Promise<{ columns: Column[]; pseudonymised: boolean[] }> {
  let hash: HashFn | null = null;
  const columns: Column[] = [];
  const pseudonymised: boolean[] = [];
  for (let i = 0; i < mats.length; i++) {
    let col = mats[i]!.column;
    const kind = piiKinds[i];
    const optedOut = pii.disabled || pii.optOut?.includes(an.names[i]!);
    if (kind && !optedOut && col.kind === 'categorical') {
      hash ??= pii.hash ?? (await hmacHasher(pii.key ?? randomKey()));
      col = await pseudonymiseColumn(col, hash);
      pseudonymised[i] = true;
    }
    columns.push(col);
  }
  return { columns, pseudonymised };
}

/** The typed table and what was decided on the way, for the summary and report phases. */
interface Typed {
  an: Analysis;
  guesses: RoleGuess[];
  piiKinds: (PiiKind | null)[];
  mats: Materialised[];
  table: Table;
  pseudonymised: boolean[];
}

/** Column summaries with their final roles (an empty column is ignored unless the user mapped it). */
function summariseColumns(t: Typed): { summaries: ColumnSummary[]; roles: RoleMap } {
  const roles: RoleMap = {};
  const summaries: ColumnSummary[] = t.table.columns.map((col, i) => {
    const m = t.mats[i]!;
    const base = t.pseudonymised[i]
      ? summariseColumn(col, undefined)
      : summariseColumn(col, m.valueCounts, m.missing, m.codeCounts);
    let g = t.guesses[i]!;
    if (base.distinct === 0 && !own(t.an.options.roles, col.name)) g = { role: 'ignore' as Role, confidence: 0.9 };
    // defineProperty: a column called `__proto__` becomes an own key instead of touching the prototype.
    Object.defineProperty(roles, col.name, { value: g.role, enumerable: true, writable: true, configurable: true });
    const s: ColumnSummary = { ...base, role: g.role, roleConfidence: Math.round(g.confidence * 100) / 100 };
    const kind = t.piiKinds[i];
    if (kind) {
      s.pii = kind;
      s.pseudonymised = t.pseudonymised[i] === true;
    }
    return s;
  });
  return { summaries, roles };
}

/** The per-column facts the quality report needs, gathered from the materialised columns and their profiles. */
function qualityInput(
  t: Typed,
  summarised: { summaries: ColumnSummary[]; roles: RoleMap },
  rest: Pick<QualityInput, 'duplicates' | 'parse'>,
): QualityInput {
  const { names, profiles } = t.an;
  const valueCounts = new Map<string, ValueCounts>();
  const offending = new Map<string, { count: number; firstRow: number; firstValue: string }>();
  const trimmed = new Map<string, number>();
  const missingTokens = new Map<string, Map<string, number>>();
  t.mats.forEach((m, i) => {
    const p = profiles[i];
    if (p?.missingTokens.size) missingTokens.set(names[i]!, p.missingTokens);
    const name = names[i]!;
    if (m.valueCounts) valueCounts.set(name, m.valueCounts);
    if (m.offending) offending.set(name, m.offending);
    if (p && p.trimmedRows > 0) trimmed.set(name, p.trimmedRows);
  });
  const { summaries, roles } = summarised;
  return { table: t.table, summaries, roles, valueCounts, offending, trimmed, missingTokens, ...rest };
}

/** One info finding per PII column: pseudonymised, or kept in clear text. */
function addPiiFindings(quality: QualityFinding[], summaries: ColumnSummary[], rows: number): void {
  for (const s of summaries) {
    if (!s.pii) continue;
    quality.push({
      code: 'pii',
      column: s.name,
      count: rows - s.missing,
      severity: 'info',
      message: `\`${s.name}\` looks like ${s.pii === 'email' ? 'e-mail addresses' : s.pii === 'phone' ? 'phone numbers' : 'personal names'}: ${s.pseudonymised ? 'values were replaced by a keyed hash (joins still work; the raw values are not stored)' : 'kept in clear text (opted out)'}.`,
    });
  }
}

/** Whether a numeric column was read with a decimal comma (that actually occurred in its values). */
function usedDecimalComma(an: Analysis, directDecimalComma: boolean): boolean {
  return (
    an.profiles.some(
      (p, i) =>
        p !== null &&
        (an.types[i] === 'decimal' || an.types[i] === 'integer') &&
        p.decimalComma &&
        (p.numFlags & 4) !== 0,
    ) || directDecimalComma
  );
}

function logImported(ctx: JobContext, started: number, rows: number, columns: number): void {
  const secs = (Date.now() - started) / 1000;
  ctx.log(
    `Imported ${rows.toLocaleString('en-US')} rows × ${columns} columns in ${secs.toFixed(1)} s (${Math.round(rows / Math.max(secs, 1e-3)).toLocaleString('en-US')} rows/s).`,
  );
}

/** Streams a CSV from `source` into an IngestResult. Throws JobError with a code a person can act on. */
export async function ingestCsv(
  source: ByteSource,
  ctx: JobContext,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const started = Date.now();
  const { parsed, encoding, encodingReason, encodingWhy } = await streamDecodedWith(source, ctx, options);
  const { rows, sniffed } = parsed;
  ctx.progress(parsed.bytes, parsed.bytes, 'analyse');
  const an = typeColumns(parsed, options);
  const guesses = decideRoles(an, roleEvidence(an));
  const piiKinds = detectPiiColumns(an);
  const directDecimalComma = an.raws.some((c) => c instanceof DirectColumn && c.decimalComma && (c.flags & 4) !== 0);
  // Exact duplicate lines: compared on the raw text codes, before typing merges `n/a` with empty.
  const duplicates = duplicateRows(
    rows,
    an.raws.map((r) => (r instanceof RawColumn ? r.codes : r.values)),
  );
  const mats = await materialiseColumns(an, ctx, parsed.bytes);
  const { columns, pseudonymised } = await pseudonymiseColumns(an, mats, piiKinds, options.pii ?? {});
  const table: Table = { rowCount: rows, columns };
  const typed: Typed = { an, guesses, piiKinds, mats, table, pseudonymised };
  const summarised = summariseColumns(typed);
  const { raggedRows, raggedFirst, blankLines } = parsed;
  const parse = { raggedRows, raggedFirst, blankLines, encoding };
  const quality = qualityReport(qualityInput(typed, summarised, { duplicates, parse }));
  addPiiFindings(quality, summarised.summaries, rows);
  logImported(ctx, started, rows, columns.length);
  const decimalComma = usedDecimalComma(an, directDecimalComma);
  return {
    table,
    columns: summarised.summaries,
    roles: summarised.roles,
    quality,
    format: {
      delimiter: sniffed.delimiter,
      encoding,
      encodingReason,
      encodingWhy,
      hasHeader: sniffed.hasHeader,
      bytes: parsed.bytes,
      ...(decimalComma ? { decimalComma } : {}),
    },
  };
}
export { blobSource, bytesSource, textSource } from './sources.ts';
