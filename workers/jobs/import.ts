// The import jobs: a quick PII/format scan of a file's head (no values leave the worker), and the full import:
// File/Blob streamed through the core ingest, PII hashed with the workspace key, stored atomically.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { blobSource, bytesSource, ingestCsv, type IngestOptions } from '../../src/core/data/ingest.ts';
import type { ColumnType, Role } from '../../src/core/data/table.ts';
import { saveDataset } from '../../src/storage/datasets.ts';
import { newId, type DatasetRecord } from '../../src/storage/db.ts';
import { workspaceKey } from '../../src/storage/settings.ts';

export interface ImportSpec {
  kind: 'import';
  file: Blob;
  /** Display name (defaults to the file name without extension). */
  name: string;
  source?: string;
  sample?: boolean;
  options?: Omit<IngestOptions, 'pii' | 'limits'> & { piiOptOut?: string[] };
}

export interface ImportResult {
  dataset: DatasetRecord;
  metrics: { rows: number; columns: number; MB: number; seconds: number; 'rows/s': number };
}

export async function importJob(spec: ImportSpec, ctx: JobContext): Promise<ImportResult> {
  const t0 = performance.now();
  const { piiOptOut, ...opts } = spec.options ?? {};
  const key = new Uint8Array(await workspaceKey());
  const res = await ingestCsv(blobSource(spec.file, spec.source ?? spec.name), ctx, {
    ...opts,
    pii: { key, ...(piiOptOut ? { optOut: piiOptOut } : {}) },
  });
  ctx.checkCancelled();
  ctx.progress(1, 1, 'saving');
  // One transaction: a quota error or a closed tab leaves no partial dataset and every stored dataset intact.
  const dataset = await saveDataset(
    {
      id: newId('ds'),
      name: spec.name,
      source: spec.source ?? spec.name,
      columns: res.columns,
      roles: res.roles,
      quality: res.quality,
      format: res.format,
      repairs: [],
      importedAt: Date.now(),
      ...(spec.sample ? { sample: true } : {}),
    },
    res.table,
  ).catch((e: unknown) => {
    if (e && typeof e === 'object' && (e as Error).name === 'QuotaExceededError') {
      throw new JobError('quota', `“${spec.name}” needs about ${(res.table.rowCount * res.table.columns.length * 8 / 1e6).toFixed(0)} MB and the browser storage is full. Nothing was saved; your other datasets are unchanged. Delete old datasets in the library (or allow persistent storage) and import again.`);
    }
    throw e;
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    dataset,
    metrics: { rows: dataset.rows, columns: dataset.columns.length, MB: +(res.format.bytes / 1e6).toFixed(2), seconds: +seconds.toFixed(2), 'rows/s': Math.round(dataset.rows / Math.max(seconds, 1e-3)) },
  };
}

export interface ImportScanSpec {
  kind: 'import-scan';
  file: Blob;
  name: string;
}

export interface ImportScanResult {
  /** Column names with inferred type/role and the PII kind when flagged: never values. */
  columns: { name: string; type: ColumnType; role: Role; pii?: 'email' | 'phone' | 'name' }[];
  format: { delimiter: string; encoding: string; hasHeader: boolean };
  metrics: { columns: number; pii: number };
}

/** Reads the first 2 MB only, so the user can decide per PII column before anything is stored. */
export async function importScanJob(spec: ImportScanSpec, ctx: JobContext): Promise<ImportScanResult> {
  // Cut at the last line break so the scan does not end inside a row (or a multi-byte character).
  let head = new Uint8Array(await spec.file.slice(0, 2 * 1024 * 1024).arrayBuffer());
  if (spec.file.size > head.length) {
    const nl = head.lastIndexOf(0x0a);
    if (nl > 0) head = head.subarray(0, nl + 1);
  }
  const res = await ingestCsv(bytesSource(head), ctx, { pii: { disabled: true } });
  const columns = res.columns.map((c) => ({ name: c.name, type: c.type, role: c.role, ...(c.pii ? { pii: c.pii } : {}) }));
  return {
    columns,
    format: { delimiter: res.format.delimiter, encoding: res.format.encoding, hasHeader: res.format.hasHeader },
    metrics: { columns: columns.length, pii: columns.filter((c) => c.pii).length },
  };
}
