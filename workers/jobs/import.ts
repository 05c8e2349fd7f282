// The import job: a File/Blob streamed through the core ingest, PII hashed with the workspace key, stored atomically.
import type { JobContext } from '../../src/core/jobs.ts';
import { blobSource, ingestCsv, type IngestOptions } from '../../src/core/data/ingest.ts';
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
  metrics: { rows: number; columns: number; MB: number; seconds: number };
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
  );
  const seconds = (performance.now() - t0) / 1000;
  return { dataset, metrics: { rows: dataset.rows, columns: dataset.columns.length, MB: +(res.format.bytes / 1e6).toFixed(2), seconds: +seconds.toFixed(2) } };
}
