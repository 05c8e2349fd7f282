// Segments jobs in the worker: thin adapters of src/core/segments/job.ts over storage — segmentation (stored with
// its model) and segment renames.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { runSegmentation, type SegmentModel } from '../../src/core/segments/run.ts';
import {
  renameSegments,
  segmentJobResult,
  segmentOptions,
  type SegmentJobResult,
  type SegmentRenameSpec,
  type SegmentSpec,
} from '../../src/core/segments/job.ts';
import { getModel, getResult, saveResult } from '../../src/storage/results.ts';
import { newId } from '../../src/storage/db.ts';
import { getTable } from '../tables.ts';

export async function segmentJob(spec: SegmentSpec, ctx: JobContext): Promise<SegmentJobResult> {
  const { meta, table } = await getTable(spec.datasetId);
  let customerTable: { table: typeof table; idColumn: string } | undefined;
  if (spec.customerDatasetId) {
    const extra = await getTable(spec.customerDatasetId);
    const idColumn = Object.keys(extra.meta.roles).find((c) => extra.meta.roles[c] === 'customer_id');
    if (!idColumn) {
      throw new JobError(
        'no-join-id',
        `Dataset "${extra.meta.name}" has no column mapped to "customer id" to join on.`,
        { dataset: extra.meta.name },
      );
    }
    customerTable = { table: extra.table, idColumn };
  }
  const res = await runSegmentation(table, { ...meta.roles }, segmentOptions(spec, customerTable), ctx);
  ctx.checkCancelled();
  const { result, model } = segmentJobResult(res);
  const modelRec = { id: newId('model'), kind: 'kmeans', datasetId: spec.datasetId, model };
  await saveResult({ kind: 'segment', datasetId: spec.datasetId, spec, result }, modelRec);
  return result;
}

/** The user's own segment names replace the automatic ones in the stored result (model kept). */
export async function segmentRenameJob(spec: SegmentRenameSpec, ctx: JobContext): Promise<SegmentJobResult> {
  const rec = await getResult<SegmentJobResult>('segment', spec.datasetId);
  if (!rec) throw new JobError('no-segments', 'Run the segmentation first.');
  const { result, names } = renameSegments(rec.result, spec.names);
  const model = rec.modelId ? await getModel(rec.modelId) : undefined;
  ctx.checkCancelled();
  const modelRec = model && {
    id: model.id,
    kind: model.kind,
    datasetId: model.datasetId,
    model: { ...(model.model as SegmentModel), names },
  };
  await saveResult({ kind: 'segment', datasetId: spec.datasetId, spec: rec.spec, result }, modelRec);
  return result;
}
