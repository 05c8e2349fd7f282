// Propensity jobs in the worker: thin adapters of src/core/propensity/job.ts over storage — training (stored with
// its model, joined with stored segments) and re-scoring a stored model to prove it reproduces its probabilities.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { runPropensity } from '../../src/core/propensity/run.ts';
import { scoreTable, type PropensityModel } from '../../src/core/propensity/scoring-model.ts';
import {
  compareScores,
  propensityJobResult,
  propensityOptions,
  propensityScoresCsv,
  type PropensityExportResult,
  type PropensityExportSpec,
  type PropensityJobResult,
  type PropensityScoreResult,
  type PropensityScoreSpec,
  type PropensitySpec,
} from '../../src/core/propensity/job.ts';
import type { SegmentJobResult } from '../../src/core/segments/job.ts';
import { getModel, getResult, saveResult } from '../../src/storage/results.ts';
import { newId } from '../../src/storage/db.ts';
import { getTable } from '../tables.ts';

export async function propensityJob(spec: PropensitySpec, ctx: JobContext): Promise<PropensityJobResult> {
  const { meta, table } = await getTable(spec.datasetId);
  const testTable = spec.testDatasetId ? (await getTable(spec.testDatasetId)).table : undefined;
  const res = await runPropensity(table, { ...meta.roles }, propensityOptions(spec, testTable), ctx);
  ctx.checkCancelled();
  const segments = (await getResult<SegmentJobResult>('segment', spec.datasetId))?.result ?? null;
  const { result, model } = propensityJobResult(res, table, testTable, segments);
  const modelRec = { id: newId('model'), kind: `propensity-${model.kind}`, datasetId: spec.datasetId, model };
  await saveResult({ kind: 'propensity', datasetId: spec.datasetId, spec, result }, modelRec);
  return result;
}

/** Re-score the dataset from the stored model (as after a reload) and compare with the stored probabilities. */
export async function propensityScoreJob(spec: PropensityScoreSpec, ctx: JobContext): Promise<PropensityScoreResult> {
  const rec = await getResult<PropensityJobResult>('propensity', spec.datasetId);
  const modelRec = rec?.modelId ? await getModel(rec.modelId) : undefined;
  if (!rec || !modelRec) throw new JobError('no-model', 'Train a propensity model on this dataset first.');
  const { table } = await getTable(spec.datasetId);
  ctx.progress(0, 1, 'scoring');
  const model = modelRec.model as PropensityModel;
  return compareScores(scoreTable(model, table), rec.result.scores.probability, model.kind);
}

/** The scores CSV with each customer's reasons, built in the worker from the stored model (progress, cancel). */
export async function propensityExportJob(
  spec: PropensityExportSpec,
  ctx: JobContext,
): Promise<PropensityExportResult> {
  const rec = await getResult<PropensityJobResult>('propensity', spec.datasetId);
  const modelRec = rec?.modelId ? await getModel(rec.modelId) : undefined;
  if (!rec || !modelRec) throw new JobError('no-model', 'Train a propensity model on this dataset first.');
  const { table } = await getTable(spec.datasetId);
  const recSpec = rec.spec as PropensitySpec;
  const testTable = recSpec.testDatasetId ? (await getTable(recSpec.testDatasetId)).table : undefined;
  const out = await propensityScoresCsv(rec.result.scores, modelRec.model as PropensityModel, table, testTable, ctx);
  return { ...out, metrics: { rows: out.rows } };
}
