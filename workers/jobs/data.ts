// Data jobs in the worker: thin adapters of src/core/data/job.ts over storage — the head scan, the full import
// (PII hashed with the workspace key, stored atomically), a repair (rewritten in one transaction), rename/roles and
// delete. Every dataset write goes through here and updates the table cache (../tables.ts) with it.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { blobSource, bytesSource, ingestCsv } from '../../src/core/data/ingest.ts';
import { applyRepair } from '../../src/core/data/repairs.ts';
import { describeTable } from '../../src/core/data/describe.ts';
import { fileShape } from '../../src/core/data/shape.ts';
import {
  datasetPatch,
  importIngestOptions,
  importMetrics,
  importQuotaError,
  newDatasetMeta,
  repairLogEntry,
  rolesChanged,
  scanSummary,
  SCAN_BYTES,
  trimHead,
  type DatasetDeleteResult,
  type DatasetDeleteSpec,
  type DatasetShapeResult,
  type DatasetShapeSpec,
  type DatasetUpdateResult,
  type DatasetUpdateSpec,
  type ImportResult,
  type ImportScanResult,
  type ImportScanSpec,
  type ImportSpec,
  type RepairResult,
  type RepairSpec,
} from '../../src/core/data/job.ts';
import {
  deleteDataset,
  getDataset,
  replaceDatasetTable,
  saveDataset,
  updateDataset,
} from '../../src/storage/datasets.ts';
import { newId } from '../../src/storage/db.ts';
import { workspaceKey } from '../../src/storage/settings.ts';
import { datasetMissing, forgetTable, getTable, updateCachedMeta } from '../tables.ts';

export async function importJob(spec: ImportSpec, ctx: JobContext): Promise<ImportResult> {
  const t0 = performance.now();
  const key = new Uint8Array(await workspaceKey());
  const res = await ingestCsv(blobSource(spec.file, spec.source ?? spec.name), ctx, importIngestOptions(spec, key));
  ctx.checkCancelled();
  ctx.progress(1, 1, 'saving');
  // One transaction: a quota error or a closed tab leaves no partial dataset and every stored dataset intact.
  const dataset = await saveDataset(newDatasetMeta(spec, res, newId('ds'), Date.now()), res.table).catch(
    (e: unknown) => {
      if (e && typeof e === 'object' && (e as Error).name === 'QuotaExceededError') throw importQuotaError(spec, res);
      throw e;
    },
  );
  return { dataset, metrics: importMetrics(dataset, res.format.bytes, (performance.now() - t0) / 1000) };
}

/** Reads the head only, so the user can decide per PII column before anything is stored. */
export async function importScanJob(spec: ImportScanSpec, ctx: JobContext): Promise<ImportScanResult> {
  const head = trimHead(new Uint8Array(await spec.file.slice(0, SCAN_BYTES).arrayBuffer()), spec.file.size);
  return scanSummary(await ingestCsv(bytesSource(head), ctx, { pii: { disabled: true } }));
}

export async function repairJob(spec: RepairSpec, ctx: JobContext): Promise<RepairResult> {
  const { meta, table } = await getTable(spec.datasetId);
  ctx.progress(1, 4, 'repairing');
  let out: ReturnType<typeof applyRepair>;
  try {
    out = applyRepair(table, spec.step);
  } catch (e) {
    throw new JobError('repair-invalid', e instanceof Error ? e.message.replace(/^repair: /, '') : String(e));
  }
  ctx.checkCancelled();
  ctx.progress(2, 4, 'summarising');
  const { columns, quality } = describeTable(out.table, meta.roles, meta.columns, meta.quality);
  ctx.checkCancelled();
  ctx.progress(3, 4, 'saving');
  const repairs = [...meta.repairs, repairLogEntry(spec.step, out.applied, Date.now())];
  const dataset = await replaceDatasetTable(spec.datasetId, out.table, { columns, quality, repairs });
  forgetTable(spec.datasetId);
  return { dataset, applied: out.applied, metrics: { affected: out.applied.affected, rows: dataset.rows } };
}

/** Rename and/or re-map roles: metadata only, so a cached table keeps its rows and takes the new record. */
export async function datasetUpdateJob(spec: DatasetUpdateSpec, ctx: JobContext): Promise<DatasetUpdateResult> {
  const meta = await getDataset(spec.datasetId);
  if (!meta) throw datasetMissing(spec.datasetId);
  const patch = datasetPatch(meta, spec);
  ctx.checkCancelled();
  ctx.progress(1, 2, 'saving');
  const dataset = await updateDataset(spec.datasetId, patch);
  updateCachedMeta(dataset);
  return {
    dataset,
    metrics: { columns: dataset.columns.length, 'roles changed': rolesChanged(meta.roles, dataset.roles) },
  };
}

/** The stored dataset's shape and suggested analysis, from its cached table and current roles. */
export async function datasetShapeJob(spec: DatasetShapeSpec, _ctx: JobContext): Promise<DatasetShapeResult> {
  const { meta, table } = await getTable(spec.datasetId);
  const guess = fileShape(table, meta.roles);
  return { ...guess, metrics: { shape: guess.shape, suggested: guess.suggested?.job ?? 'none' } };
}

/** Deletes the dataset with its chunks, models and results (one transaction) and drops it from the cache. */
export async function datasetDeleteJob(spec: DatasetDeleteSpec, ctx: JobContext): Promise<DatasetDeleteResult> {
  const meta = await getDataset(spec.datasetId);
  if (!meta) throw datasetMissing(spec.datasetId);
  ctx.checkCancelled();
  ctx.progress(1, 2, 'deleting');
  // Forget before and after: a load that started meanwhile must not outlive the delete.
  forgetTable(spec.datasetId);
  await deleteDataset(spec.datasetId);
  forgetTable(spec.datasetId);
  return { datasetId: spec.datasetId, name: meta.name, metrics: { rows: meta.rows } };
}
