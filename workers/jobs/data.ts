// Data jobs in the worker: thin adapters of src/core/data/job.ts over storage — the head scan, the full import
// (PII hashed with the workspace key, stored atomically), a repair (rewritten in one transaction), rename/roles and
// delete. Every dataset write goes through here and updates the table cache (../tables.ts) with it.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { blobSource, bytesSource, ingestCsv } from '../../src/core/data/ingest.ts';
import {
  applyRepair,
  deltaBytes,
  repairDelta,
  revertDelta,
  type AppliedRepair,
  type RepairStep,
} from '../../src/core/data/repairs.ts';
import { msg } from '../../src/core/msg.ts';
import type { Table } from '../../src/core/data/table.ts';
import {
  MAX_UNDO,
  undoIndex,
  type DatasetRecord,
  type UndoChunk,
  type UndoEntry,
} from '../../src/core/data/dataset-record.ts';
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
  type ImportFileSpec,
  type ImportRereadSpec,
  type ImportSpec,
  type RepairResult,
  type RepairSpec,
} from '../../src/core/data/job.ts';
import {
  deleteDataset,
  getChunk,
  getDataset,
  replaceDatasetTable,
  saveDataset,
  updateDataset,
} from '../../src/storage/datasets.ts';
import { newId } from '../../src/storage/db.ts';
import { workspaceKey } from '../../src/storage/settings.ts';
import { datasetMissing, forgetTable, getTable, updateCachedMeta } from '../tables.ts';

/**
 * The bytes of this session's last imports (File handles: a picked file is read from disk again, not copied), so
 * "Read as …" can decode them again. Never stored: a file's raw bytes hold PII in clear text.
 */
const sources = new Map<string, ImportFileSpec>();
const MAX_SOURCES = 4;

function keepSource(id: string, spec: ImportFileSpec): void {
  sources.delete(id);
  sources.set(id, spec);
  while (sources.size > MAX_SOURCES) sources.delete(sources.keys().next().value as string);
}

export async function importJob(spec: ImportSpec, ctx: JobContext): Promise<ImportResult> {
  if ('reread' in spec) return rereadJob(spec, ctx);
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
  keepSource(dataset.id, spec);
  return { dataset, metrics: importMetrics(dataset, res.format.bytes, (performance.now() - t0) / 1000) };
}

/** Reads a file imported in this session again in another encoding, into the same dataset (one transaction). */
async function rereadJob(spec: ImportRereadSpec, ctx: JobContext): Promise<ImportResult> {
  const t0 = performance.now();
  const meta = await getDataset(spec.reread);
  if (!meta) throw datasetMissing(spec.reread);
  const kept = sources.get(spec.reread);
  if (!kept) {
    throw new JobError(
      'source-gone',
      `The original bytes of “${meta.name}” are no longer in memory (they are kept for the last ${MAX_SOURCES} imports until the page is reloaded, and never stored). Import the file again with the encoding chosen under “Import a table”.`,
      { datasetId: spec.reread, name: meta.name },
    );
  }
  const key = new Uint8Array(await workspaceKey());
  const file = { ...kept, options: { ...kept.options, encoding: spec.encoding } };
  const res = await ingestCsv(
    blobSource(kept.file, kept.source ?? kept.name),
    ctx,
    importIngestOptions(file, key),
  ).catch((e: unknown) => {
    // A picked file changed or moved on disk since the import: the browser refuses to read it again.
    if (e && typeof e === 'object' && (e as Error).name === 'NotReadableError') {
      throw new JobError('source-gone', `“${meta.name}” changed on disk since it was imported; import it again.`, {
        name: meta.name,
      });
    }
    throw e;
  });
  ctx.checkCancelled();
  ctx.progress(1, 1, 'saving');
  const patch = {
    columns: res.columns,
    roles: res.roles,
    quality: res.quality,
    format: res.format,
    repairs: [],
    undo: [],
  };
  const drop = (meta.undo ?? []).map((u) => undoIndex(u.seq));
  const dataset = await replaceDatasetTable(spec.reread, res.table, patch, { drop }).catch((e: unknown) => {
    if (e && typeof e === 'object' && (e as Error).name === 'QuotaExceededError') throw importQuotaError(spec, res);
    throw e;
  });
  forgetTable(spec.reread);
  return { dataset, metrics: importMetrics(dataset, res.format.bytes, (performance.now() - t0) / 1000) };
}

/** Reads the head only, so the user can decide per PII column before anything is stored. */
export async function importScanJob(spec: ImportScanSpec, ctx: JobContext): Promise<ImportScanResult> {
  const head = trimHead(new Uint8Array(await spec.file.slice(0, SCAN_BYTES).arrayBuffer()), spec.file.size);
  const encoding = spec.encoding ? { encoding: spec.encoding } : {};
  return scanSummary(await ingestCsv(bytesSource(head), ctx, { pii: { disabled: true }, ...encoding }));
}

export async function repairJob(spec: RepairSpec, ctx: JobContext): Promise<RepairResult> {
  if (spec.undo) return undoRepairJob(spec.datasetId, ctx);
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
  const at = Date.now();
  const repairs = [...meta.repairs, repairLogEntry(spec.step, out.applied, at)];
  const undo = keepUndo(meta, spec.step, table, out.applied, at);
  const dataset = await replaceDatasetTable(
    spec.datasetId,
    out.table,
    { columns, quality, repairs, undo: undo.list },
    undo,
  );
  forgetTable(spec.datasetId);
  return { dataset, applied: out.applied, metrics: { affected: out.applied.affected, rows: dataset.rows } };
}

/** The undo entry and delta chunk of a repair about to be saved, and the deltas that fall off the end (MAX_UNDO). */
function keepUndo(meta: DatasetRecord, step: RepairStep, before: Table, applied: AppliedRepair, at: number) {
  const delta = repairDelta(before, step);
  const seq = (meta.undo?.at(-1)?.seq ?? -1) + 1;
  const said = { message: applied.description, ...(applied.text ? { text: applied.text } : {}) };
  const list: UndoEntry[] = [...(meta.undo ?? []), { seq, ...said, bytes: deltaBytes(delta), at }];
  const drop = list.splice(0, Math.max(0, list.length - MAX_UNDO)).map((u) => undoIndex(u.seq));
  const chunk: UndoChunk = {
    step,
    delta,
    before: { columns: meta.columns, quality: meta.quality, repairs: meta.repairs },
  };
  return { list, drop, put: [{ datasetId: meta.id, index: undoIndex(seq), undo: chunk }] };
}

/** Reverts the newest repair that can be undone: the table, its summaries, quality report and repair log as before. */
async function undoRepairJob(datasetId: string, ctx: JobContext): Promise<RepairResult> {
  const { meta, table } = await getTable(datasetId);
  const last = meta.undo?.at(-1);
  if (!last)
    throw new JobError('nothing-to-undo', `“${meta.name}” has no repair left to undo.`, { datasetId, name: meta.name });
  const saved = (await getChunk(datasetId, undoIndex(last.seq)))?.undo;
  if (!saved) {
    await updateDataset(datasetId, { undo: [] });
    forgetTable(datasetId);
    throw new JobError('nothing-to-undo', `The saved state before “${last.message}” is missing; it cannot be undone.`, {
      name: meta.name,
    });
  }
  ctx.progress(1, 3, 'undoing');
  const restored = revertDelta(table, saved.delta);
  ctx.checkCancelled();
  ctx.progress(2, 3, 'saving');
  // Roles changed since the repair stay as the user set them; the summaries take them.
  const columns = saved.before.columns.map((c) => ({ ...c, role: meta.roles[c.name] ?? c.role }));
  const patch = { ...saved.before, columns, undo: meta.undo!.slice(0, -1) };
  const dataset = await replaceDatasetTable(datasetId, restored, patch, { drop: [undoIndex(last.seq)] });
  forgetTable(datasetId);
  const affected = Math.abs(restored.rowCount - table.rowCount) || (saved.delta.kind === 'column' ? table.rowCount : 0);
  const text = msg('repair_undone', { repair: last.text ?? last.message });
  const applied = { step: saved.step, affected, description: `Undone: ${last.message}`, text };
  return { dataset, applied, metrics: { affected, rows: dataset.rows } };
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
  sources.delete(spec.datasetId);
  return { datasetId: spec.datasetId, name: meta.name, metrics: { rows: meta.rows } };
}
