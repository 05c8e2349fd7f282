// The import job: stream → typed columnar Table → roles → PII pseudonymisation → summaries → quality report.
// The same code runs in the browser worker (file.stream()) and in Node (fs read stream).
import type { JobContext } from '../jobs.ts';
import type { Column, ColumnType, Role, RoleMap, Table } from './table.ts';
import type { ColumnSummary, IngestResult } from './schema.ts';
import { fallbackDecoder, NotUtf8Error, utf8Decoder } from './decode.ts';
import { DEFAULT_LIMITS, streamCsv, type ByteSource, type IngestLimits, type StreamResult } from './csv-stream.ts';
import {
  decideType,
  isTimeName,
  K_NUMBER,
  profileColumn,
  type ColumnProfile,
  type TypeDecision,
} from './infer-types.ts';
import { RawColumn } from './raw-column.ts';
import { DirectColumn, directType, materialiseDirect, numbersToIds } from './direct-column.ts';
import { materialise, type Materialised, type ValueCounts } from './materialise.ts';
import { guessRole, resolveRoleConflicts, type RoleEvidence, type RoleGuess } from './roles.ts';
import { detectPii, hmacHasher, isPhoneName, pseudonymiseColumn, randomKey, type HashFn, type PiiKind } from './pii.ts';
import { summariseColumn } from './summary.ts';
import { duplicateRows, qualityReport } from './quality.ts';

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
  limits?: Partial<IngestLimits>;
  chunkChars?: number;
}

async function streamWithFallback(
  source: ByteSource,
  ctx: JobContext,
  options: IngestOptions,
): Promise<{ parsed: StreamResult; encoding: string }> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const so = { delimiter: options.delimiter, hasHeader: options.hasHeader, limits, chunkChars: options.chunkChars };
  const utf8 = utf8Decoder();
  try {
    const parsed = await streamCsv(source, utf8, ctx, so);
    return { parsed, encoding: utf8.encoding };
  } catch (e) {
    if (!(e instanceof NotUtf8Error)) throw e;
    ctx.log(`Not valid UTF-8 near byte ${e.byteOffset}: reading again as Windows-1252.`);
    const fb = fallbackDecoder();
    const parsed = await streamCsv(source, fb, ctx, so);
    return { parsed, encoding: fb.encoding };
  }
}

/** Own property only: a column named `constructor` or `toString` must not pick up Object.prototype members. */
function own<T>(map: Partial<Record<string, T>> | undefined, key: string): T | undefined {
  return map && Object.hasOwn(map, key) ? map[key] : undefined;
}

function isRowIndex(p: ColumnProfile, codes: Int32Array, rows: number): boolean {
  if (p.numberRows !== rows || p.distinct !== rows || !p.allIntegerValued || rows < 2) return false;
  const offset = p.num[codes[0]!] === 0 ? 0 : 1;
  for (let r = 0; r < rows; r++) if (p.num[codes[r]!] !== r + offset || p.kind[codes[r]!] !== K_NUMBER) return false;
  return true;
}

/** Streams a CSV from `source` into an IngestResult. Throws JobError with a code a person can act on. */
export async function ingestCsv(
  source: ByteSource,
  ctx: JobContext,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const started = Date.now();
  const { parsed, encoding } = await streamWithFallback(source, ctx, options);
  const { names, columns: raws, rows, sniffed } = parsed;
  ctx.progress(parsed.bytes, parsed.bytes, 'analyse');
  // Dictionary columns are typed from their distinct values; direct (high-cardinality numeric) columns are final.
  const profiles: (ColumnProfile | null)[] = raws.map((raw, i) =>
    raw instanceof RawColumn ? profileColumn(names[i]!, raw, sniffed.delimiter) : null,
  );
  const early = new Map<number, Materialised>();
  const decisions: (TypeDecision | null)[] = profiles.map((p) => (p ? decideType(p) : null));
  const types: ColumnType[] = raws.map((raw, i) => {
    if (raw instanceof RawColumn) return own(options.types, names[i]!) ?? decisions[i]!.type;
    const dt = directType(names[i]!, raw, isTimeName);
    if (dt.unix === 's') for (let r = 0; r < raw.length; r++) raw.values[r] = raw.values[r]! * 1000;
    early.set(i, materialiseDirect(raw, names[i]!, dt.type));
    return dt.type;
  });

  // Roles from names and values; then types follow roles where a role needs it (ids are dictionary codes).
  const evidence: RoleEvidence[] = raws.map((raw, i) => {
    const p = profiles[i];
    if (!p) {
      const m = early.get(i)!;
      const vc = m.valueCounts!;
      return {
        name: names[i]!,
        type: types[i]!,
        rows,
        missing: m.missing,
        distinct: vc.values.length,
        min: vc.values[0] ?? NaN,
        max: vc.values[vc.values.length - 1] ?? NaN,
      };
    }
    const e: RoleEvidence = { name: names[i]!, type: types[i]!, rows, missing: p.missingRows, distinct: p.distinct };
    if (types[i] === 'integer' || types[i] === 'decimal') {
      let min = Infinity;
      let max = -Infinity;
      for (let k = 0; k < p.num.length; k++)
        if (p.kind[k] === K_NUMBER) {
          const v = p.num[k]!;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      e.min = min;
      e.max = max;
      e.isRowIndex = types[i] === 'integer' && isRowIndex(p, (raw as RawColumn).codes, rows);
    }
    return e;
  });
  let guesses: RoleGuess[] = resolveRoleConflicts(evidence.map(guessRole), evidence);
  guesses = guesses.map((g, i) => {
    const forced = own(options.roles, names[i]!);
    return forced ? { role: forced, confidence: 1 } : g;
  });
  for (let i = 0; i < types.length; i++) {
    const role = guesses[i]!.role;
    if ((role === 'customer_id' || role === 'item_id') && types[i] !== 'id' && !own(options.types, names[i]!))
      types[i] = 'id';
  }

  // PII: detect on distinct raw values; flagged columns become ids and are hashed before anything is returned.
  const piiKinds: (PiiKind | null)[] = raws.map((raw, i) => {
    const t = types[i]!;
    if (!(raw instanceof RawColumn) || t === 'date' || t === 'boolean' || t === 'decimal') return null;
    if (t === 'integer') return isPhoneName(names[i]!) && profiles[i]!.allIntegerValued ? 'phone' : null;
    return detectPii(
      names[i]!,
      raw.dict.filter((_, k) => profiles[i]!.kind[k] !== 0).map((s) => s.trim()),
    );
  });
  piiKinds.forEach((k, i) => {
    if (k) types[i] = 'id';
  });

  const directDecimalComma = raws.some((c) => c instanceof DirectColumn && c.decimalComma && (c.flags & 4) !== 0);
  // Exact duplicate lines: compared on the raw text codes, before typing merges `n/a` with empty.
  const duplicates = duplicateRows(
    rows,
    raws.map((r) => (r instanceof RawColumn ? r.codes : r.values)),
  );
  const mats: Materialised[] = [];
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i]!;
    const m = early.get(i);
    if (m) mats.push(types[i] === 'id' ? numbersToIds(m) : m);
    else mats.push(materialise(raw as RawColumn, profiles[i]!, decisions[i]!, types[i]!));
    raws[i] = undefined as never; // let the raw codes go as soon as the typed column exists
    ctx.progress(parsed.bytes, parsed.bytes, 'analyse');
    if (i % 8 === 7) {
      ctx.checkCancelled();
      await ctx.yield();
    }
  }
  const pii = options.pii ?? {};
  let hash: HashFn | null = null;
  const columns: Column[] = [];
  const pseudonymised: boolean[] = [];
  for (let i = 0; i < mats.length; i++) {
    let col = mats[i]!.column;
    const kind = piiKinds[i];
    const optedOut = pii.disabled || pii.optOut?.includes(names[i]!);
    if (kind && !optedOut && col.kind === 'categorical') {
      hash ??= pii.hash ?? (await hmacHasher(pii.key ?? randomKey()));
      col = await pseudonymiseColumn(col, hash);
      pseudonymised[i] = true;
    }
    columns.push(col);
  }
  const table: Table = { rowCount: rows, columns };

  const roles: RoleMap = {};
  const summaries: ColumnSummary[] = columns.map((col, i) => {
    const m = mats[i]!;
    const base = pseudonymised[i]
      ? summariseColumn(col, undefined)
      : summariseColumn(col, m.valueCounts, m.missing, m.codeCounts);
    let g = guesses[i]!;
    if (base.distinct === 0 && !own(options.roles, col.name)) g = { role: 'ignore' as Role, confidence: 0.9 };
    // defineProperty: a column called `__proto__` becomes an own key instead of touching the prototype.
    Object.defineProperty(roles, col.name, { value: g.role, enumerable: true, writable: true, configurable: true });
    const s: ColumnSummary = { ...base, role: g.role, roleConfidence: Math.round(g.confidence * 100) / 100 };
    const kind = piiKinds[i];
    if (kind) {
      s.pii = kind;
      s.pseudonymised = pseudonymised[i] === true;
    }
    return s;
  });

  const valueCounts = new Map<string, ValueCounts>();
  const offending = new Map<string, { count: number; firstRow: number; firstValue: string }>();
  const trimmed = new Map<string, number>();
  const missingTokens = new Map<string, Map<string, number>>();
  mats.forEach((m, i) => {
    const p = profiles[i];
    if (p?.missingTokens.size) missingTokens.set(names[i]!, p.missingTokens);
    const name = names[i]!;
    if (m.valueCounts) valueCounts.set(name, m.valueCounts);
    if (m.offending) offending.set(name, m.offending);
    if (p && p.trimmedRows > 0) trimmed.set(name, p.trimmedRows);
  });
  const quality = qualityReport({
    table,
    summaries,
    roles,
    valueCounts,
    offending,
    trimmed,
    missingTokens,
    duplicates,
    parse: { raggedRows: parsed.raggedRows, raggedFirst: parsed.raggedFirst, blankLines: parsed.blankLines, encoding },
  });
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
  const secs = (Date.now() - started) / 1000;
  ctx.log(
    `Imported ${rows.toLocaleString('en-US')} rows × ${columns.length} columns in ${secs.toFixed(1)} s (${Math.round(rows / Math.max(secs, 1e-3)).toLocaleString('en-US')} rows/s).`,
  );
  const decimalComma =
    profiles.some(
      (p, i) =>
        p !== null && (types[i] === 'decimal' || types[i] === 'integer') && p.decimalComma && (p.numFlags & 4) !== 0,
    ) || directDecimalComma;
  return {
    table,
    columns: summaries,
    roles,
    quality,
    format: {
      delimiter: sniffed.delimiter,
      encoding,
      hasHeader: sniffed.hasHeader,
      bytes: parsed.bytes,
      ...(decimalComma ? { decimalComma } : {}),
    },
  };
}
export { blobSource, bytesSource, textSource } from './sources.ts';
