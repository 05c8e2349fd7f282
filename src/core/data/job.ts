// The data feature's job contract: import, head scan, repair, rename/roles and delete specs/results, spec → ingest
// options. The worker (workers/jobs/data.ts) adapts it to storage (only the worker writes datasets, so its table
// cache is never stale); the CLI's `inspect` runs the same ingest on a file.
import { JobError } from '../jobs.ts';
import type { IngestOptions } from './ingest.ts';
import type { IngestResult } from './schema.ts';
import { ROLES, type ColumnType, type Role, type RoleMap } from './table.ts';
import type { AppliedRepair, RepairStep } from './repairs.ts';
import type { DatasetRecord, RepairLogEntry } from './dataset-record.ts';
import type { ShapeGuess } from './shape.ts';

/** Import a file (or re-read one imported in this session in another encoding: ImportRereadSpec). */
export type ImportSpec = ImportFileSpec | ImportRereadSpec;

export interface ImportFileSpec {
  kind: 'import';
  file: Blob;
  /** Display name (defaults to the file name without extension). */
  name: string;
  source?: string;
  sample?: boolean;
  options?: Omit<IngestOptions, 'pii' | 'limits'> & { piiOptOut?: string[] };
}

/**
 * "Read as …": the same file bytes, imported again in another encoding into the same dataset (same id and name; roles,
 * repairs and undo start afresh, since the column names may change). The worker keeps the bytes of this session's
 * imports in memory for this; they are never stored, because a file's raw bytes hold PII in clear text.
 */
export interface ImportRereadSpec {
  kind: 'import';
  /** The dataset to read again. */
  reread: string;
  /** Display name (the dataset's). */
  name: string;
  /** `auto` detects again. */
  encoding: string;
}

export interface ImportResult {
  dataset: DatasetRecord;
  metrics: { rows: number; columns: number; MB: number; seconds: number; 'rows/s': number };
}

export interface ImportScanSpec {
  kind: 'import-scan';
  file: Blob;
  name: string;
  /** The user's encoding when not `auto` (the PII scan must read the names as the import will). */
  encoding?: string;
}

export interface ImportScanResult {
  /** Column names with inferred type/role and the PII kind when flagged: never values. */
  columns: { name: string; type: ColumnType; role: Role; pii?: 'email' | 'phone' | 'name' }[];
  format: { delimiter: string; encoding: string; encodingReason?: string; hasHeader: boolean };
  metrics: { columns: number; pii: number };
}

/** A repair step, or `undo: true`: the newest repair that can still be undone is reverted exactly. */
export type RepairSpec = { kind: 'repair'; datasetId: string } & (
  { step: RepairStep; undo?: never } | { undo: true; step?: never }
);

export interface RepairResult {
  dataset: DatasetRecord;
  applied: AppliedRepair;
  metrics: { affected: number; rows: number };
}

/** "What is this file?": the shape and suggested analysis of a stored dataset (re-asked after a role change). */
export interface DatasetShapeSpec {
  kind: 'dataset-shape';
  datasetId: string;
}

export type DatasetShapeResult = ShapeGuess & { metrics: Record<string, number | string> };

/** Rename a dataset and/or change its role mapping (metadata only; the rows are untouched). */
export interface DatasetUpdateSpec {
  kind: 'dataset-update';
  datasetId: string;
  name?: string;
  /** Column → role for the columns that change; other columns keep theirs. */
  roles?: RoleMap;
}

export interface DatasetUpdateResult {
  dataset: DatasetRecord;
  metrics: { columns: number; 'roles changed': number };
}

/** Delete a dataset with its chunks, models and results. */
export interface DatasetDeleteSpec {
  kind: 'dataset-delete';
  datasetId: string;
}

export interface DatasetDeleteResult {
  datasetId: string;
  name: string;
  metrics: { rows: number };
}

/** Longest dataset name accepted (a name is a label, not a description). */
export const MAX_NAME = 120;

/** Validates an update against the stored record and returns the metadata patch; JobError on bad input. */
export function datasetPatch(meta: DatasetRecord, spec: DatasetUpdateSpec): Pick<DatasetRecord, 'name' | 'roles'> {
  const name = spec.name === undefined ? meta.name : spec.name.trim();
  if (!name)
    throw new JobError('dataset-name', 'A dataset needs a name: type at least one character.', { max: MAX_NAME });
  if (name.length > MAX_NAME) {
    throw new JobError(
      'dataset-name',
      `A dataset name can have at most ${MAX_NAME} characters (this one has ${name.length}).`,
      { max: MAX_NAME },
    );
  }
  const columns = new Set(meta.columns.map((c) => c.name));
  for (const [column, role] of Object.entries(spec.roles ?? {})) {
    if (!columns.has(column)) {
      throw new JobError('unknown-column', `Dataset “${meta.name}” has no column \`${column}\`.`, { column });
    }
    if (!ROLES.includes(role))
      throw new JobError('unknown-role', `\`${String(role)}\` is not a column role.`, { role });
  }
  return { name, roles: { ...meta.roles, ...spec.roles } };
}

/** How many columns an update gives a different role (History metric). */
export function rolesChanged(before: RoleMap, after: RoleMap): number {
  return Object.keys(after).filter((c) => before[c] !== after[c]).length;
}

/** The bytes a head scan reads: the first 2 MB, so the user can decide per PII column before anything is stored. */
export const SCAN_BYTES = 2 * 1024 * 1024;

/** Ingest options of an import: the user's choices plus the workspace PII key. */
export function importIngestOptions(spec: ImportFileSpec, key: Uint8Array): IngestOptions {
  const { piiOptOut, ...opts } = spec.options ?? {};
  return { ...opts, pii: { key, ...(piiOptOut ? { optOut: piiOptOut } : {}) } };
}

/** The metadata record of a new dataset from its ingest (storage adds sizes and chunk layout). */
export function newDatasetMeta(spec: ImportFileSpec, res: IngestResult, id: string, at: number) {
  return {
    id,
    name: spec.name,
    source: spec.source ?? spec.name,
    columns: res.columns,
    roles: res.roles,
    quality: res.quality,
    format: res.format,
    repairs: [] as RepairLogEntry[],
    importedAt: at,
    ...(spec.sample ? { sample: true } : {}),
  };
}

/** A quota failure worded for the person: nothing was saved, what to do. */
export function importQuotaError(spec: Pick<ImportSpec, 'name'>, res: IngestResult): JobError {
  const mb = ((res.table.rowCount * res.table.columns.length * 8) / 1e6).toFixed(0);
  return new JobError(
    'quota',
    `“${spec.name}” needs about ${mb} MB and the browser storage is full. Nothing was saved; your other datasets ` +
      'are unchanged. Delete old datasets in the library (or allow persistent storage) and import again.',
  );
}

export function importMetrics(dataset: DatasetRecord, bytes: number, seconds: number): ImportResult['metrics'] {
  return {
    rows: dataset.rows,
    columns: dataset.columns.length,
    MB: +(bytes / 1e6).toFixed(2),
    seconds: +seconds.toFixed(2),
    'rows/s': Math.round(dataset.rows / Math.max(seconds, 1e-3)),
  };
}

/** A head scan's answer: names, types, roles and PII kinds, never values. */
export function scanSummary(res: IngestResult): ImportScanResult {
  const columns = res.columns.map((c) => ({
    name: c.name,
    type: c.type,
    role: c.role,
    ...(c.pii ? { pii: c.pii } : {}),
  }));
  return {
    columns,
    format: {
      delimiter: res.format.delimiter,
      encoding: res.format.encoding,
      ...(res.format.encodingReason ? { encodingReason: res.format.encodingReason } : {}),
      hasHeader: res.format.hasHeader,
    },
    metrics: { columns: columns.length, pii: columns.filter((c) => c.pii).length },
  };
}

/** Cut a scan head at the last line break so it does not end inside a row (or a multi-byte character). */
export function trimHead(head: Uint8Array, fileSize: number): Uint8Array {
  if (fileSize <= head.length) return head;
  const nl = head.lastIndexOf(0x0a);
  // UTF-16 LE writes a line break as 0A 00: keep its second byte, or the head ends inside a character.
  const end = nl + (nl % 2 === 0 && head[nl + 1] === 0 ? 2 : 1);
  return nl > 0 ? head.subarray(0, end) : head;
}

/** The repair log entry a repair step leaves on the dataset. */
export function repairLogEntry(step: RepairStep, applied: AppliedRepair, at: number): RepairLogEntry {
  return {
    action: step.op,
    ...(step.column ? { column: step.column } : {}),
    count: applied.affected,
    message: applied.description,
    ...(applied.text ? { text: applied.text } : {}),
    at,
  };
}
