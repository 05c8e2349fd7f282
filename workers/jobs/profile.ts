// Profiling jobs in the worker: segmentation (stored with its model), segment renames, propensity (stored with its
// model, joined with segments) and re-scoring a stored propensity model to prove it reproduces its probabilities.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { runSegmentation, type SegmentModel, type SegmentResult } from '../../src/core/profile/segment.ts';
import { runPropensity, targetVector, type PropensityResult } from '../../src/core/profile/propensity.ts';
import { scoreTable, type PropensityModel } from '../../src/core/profile/model.ts';
import { getModel, getResult, saveResult } from '../../src/storage/results.ts';
import { newId } from '../../src/storage/db.ts';
import { getTable } from '../tables.ts';
import type { Table } from '../../src/core/data/table.ts';

export interface SegmentSpec {
  kind: 'segment';
  datasetId: string;
  /** null = evaluate k = 2…10 and use the recommendation. */
  k: number | null;
  seed: number;
  minSize: number;
  /** Feature columns; empty = defaults (R, F, M for transactions). */
  features?: string[];
  /** A customer table joined on the customer id (transactions only). */
  customerDatasetId?: string | null;
}

export type SegmentJobResult = Omit<SegmentResult, 'model'> & { metrics: Record<string, number | string> };

export async function segmentJob(spec: SegmentSpec, ctx: JobContext): Promise<SegmentJobResult> {
  const { meta, table } = await getTable(spec.datasetId);
  let customerTable: { table: typeof table; idColumn: string } | undefined;
  if (spec.customerDatasetId) {
    const extra = await getTable(spec.customerDatasetId);
    const idColumn = Object.keys(extra.meta.roles).find((c) => extra.meta.roles[c] === 'customer_id');
    if (!idColumn) throw new JobError('missing-role', `Dataset "${extra.meta.name}" has no column mapped to "customer id" to join on.`);
    customerTable = { table: extra.table, idColumn };
  }
  const res = await runSegmentation(table, { ...meta.roles }, {
    ...(spec.k ? { k: spec.k } : {}), seed: spec.seed, minSize: spec.minSize,
    ...(spec.features?.length ? { features: spec.features } : {}), ...(customerTable ? { customerTable } : {}),
  }, ctx);
  ctx.checkCancelled();
  const { model, ...rest } = res;
  const out: SegmentJobResult = {
    ...rest,
    metrics: { k: res.k, inertia: Number(res.inertia.toFixed(2)), customers: res.customers.length, 'rule accuracy': Number(res.ruleAccuracy.toFixed(3)) },
  };
  await saveResult({ kind: 'segment', datasetId: spec.datasetId, spec, result: out }, { id: newId('model'), kind: 'kmeans', datasetId: spec.datasetId, model });
  return out;
}

export interface SegmentRenameSpec { kind: 'segment-rename'; datasetId: string; names: string[] }

/** The user's own segment names replace the automatic ones in the stored result (model kept). */
export async function segmentRenameJob(spec: SegmentRenameSpec, ctx: JobContext): Promise<SegmentJobResult> {
  const rec = await getResult<SegmentJobResult>('segment', spec.datasetId);
  if (!rec) throw new JobError('no-segments', 'Run the segmentation first.');
  const names = spec.names.map((n, i) => n.trim() || rec.result.cards[i]?.name || `Segment ${i + 1}`);
  const result: SegmentJobResult = { ...rec.result, cards: rec.result.cards.map((c, i) => ({ ...c, name: names[i] ?? c.name })) };
  result.rules = result.rules.map((r) => ({ ...r, text: r.text.replace(/→ .*, (\d+ % pure)$/, `→ ${names[r.segment]}, $1`) }));
  const model = rec.modelId ? await getModel(rec.modelId) : undefined;
  ctx.checkCancelled();
  await saveResult({ kind: 'segment', datasetId: spec.datasetId, spec: rec.spec, result },
    model ? { id: model.id, kind: model.kind, datasetId: model.datasetId, model: { ...(model.model as SegmentModel), names } } : undefined);
  return result;
}

export interface PropensitySpec {
  kind: 'propensity';
  datasetId: string;
  target: string;
  model: 'logistic' | 'mlp';
  seed: number;
  epochs?: number;
  /** Feature columns the user kept ticked; empty = every usable column. */
  features?: string[];
  /** A separate labelled dataset to test on; default: a stratified 20 % split. */
  testDatasetId?: string | null;
}

export interface SegmentPropensityRow { segment: number; name: string; customers: number; meanProbability: number; topDecileShare: number }

export type PropensityJobResult = Omit<PropensityResult, 'model'> & {
  modelKind: 'logistic' | 'mlp';
  featureNames: string[];
  /** Test labels and scores, so the page can move the threshold without a job. */
  testY: Float32Array;
  testScores: Float32Array;
  bySegment: SegmentPropensityRow[] | null;
  metrics: Record<string, number | string>;
};

export async function propensityJob(spec: PropensitySpec, ctx: JobContext): Promise<PropensityJobResult> {
  const { meta, table } = await getTable(spec.datasetId);
  const testTable = spec.testDatasetId ? (await getTable(spec.testDatasetId)).table : undefined;
  const res = await runPropensity(table, { ...meta.roles }, {
    target: spec.target, model: spec.model, seed: spec.seed, ...(spec.epochs ? { epochs: spec.epochs } : {}), ...(testTable ? { testTable } : {}),
    ...(spec.features?.length ? { features: spec.features } : {}),
  }, ctx);
  ctx.checkCancelled();
  const { model, ...rest } = res;
  // Test rows in order: the same split the evaluation used, re-scored from the plain model.
  const testRows: number[] = [];
  res.scores.split.forEach((s, i) => { if (s === 1) testRows.push(i); });
  const testScores = Float32Array.from(testRows, (i) => res.scores.probability[i]!);
  const out: PropensityJobResult = {
    ...rest, modelKind: model.kind, featureNames: model.featureNames,
    testY: testLabels(res, testRows, table, testTable), testScores,
    bySegment: await joinSegments(spec.datasetId, res),
    metrics: { model: model.kind, target: res.target, 'test AUC': Number(res.test.auc.toFixed(4)), 'log loss': Number(res.test.logLoss.toFixed(4)), 'train s': Number(res.trainSeconds.toFixed(2)) },
  };
  await saveResult({ kind: 'propensity', datasetId: spec.datasetId, spec, result: out }, { id: newId('model'), kind: `propensity-${model.kind}`, datasetId: spec.datasetId, model });
  return out;
}

/** Labels of the test rows (main table split, or the separate test table), aligned with `testRows`. */
function testLabels(res: PropensityResult, testRows: number[], table: Table, testTable?: Table): Float32Array {
  if (testTable) {
    const y = targetVector(testTable.columns.find((c) => c.name === res.target)!, res.positive).y;
    return y.filter((v) => !Number.isNaN(v));
  }
  const y = targetVector(table.columns.find((c) => c.name === res.target)!, res.positive).y;
  return Float32Array.from(testRows, (i) => y[i]!);
}

/** Segment × propensity: when this dataset has stored segments, mean score and top-decile share per segment. */
async function joinSegments(datasetId: string, res: PropensityResult): Promise<SegmentPropensityRow[] | null> {
  const seg = await getResult<SegmentJobResult>('segment', datasetId);
  if (!seg) return null;
  const segOf = new Map<string, number>();
  seg.result.customers.forEach((c, i) => segOf.set(c, seg.result.labels[i]!));
  const rows = seg.result.cards.map((c) => ({ segment: c.id, name: c.name, customers: 0, sum: 0, top: 0 }));
  res.scores.ids.forEach((id, i) => {
    const s = segOf.get(id);
    if (s === undefined) return;
    const r = rows[s]!;
    r.customers++; r.sum += res.scores.probability[i]!; if (res.scores.decile[i] === 1) r.top++;
  });
  if (!rows.some((r) => r.customers)) return null;
  return rows.map((r) => ({ segment: r.segment, name: r.name, customers: r.customers, meanProbability: r.customers ? r.sum / r.customers : NaN, topDecileShare: r.customers ? r.top / r.customers : NaN }));
}

export interface PropensityScoreSpec { kind: 'propensity-score'; datasetId: string }
export interface PropensityScoreResult { rows: number; identical: boolean; maxDifference: number; modelKind: string; metrics: Record<string, number | string> }

/** Re-score the dataset from the stored model (as after a reload) and compare with the stored probabilities. */
export async function propensityScoreJob(spec: PropensityScoreSpec, ctx: JobContext): Promise<PropensityScoreResult> {
  const rec = await getResult<PropensityJobResult>('propensity', spec.datasetId);
  const modelRec = rec?.modelId ? await getModel(rec.modelId) : undefined;
  if (!rec || !modelRec) throw new JobError('no-model', 'Train a propensity model on this dataset first.');
  const { table } = await getTable(spec.datasetId);
  ctx.progress(0, 1, 'scoring');
  const scores = scoreTable(modelRec.model as PropensityModel, table);
  let maxDifference = 0;
  for (let i = 0; i < scores.length; i++) maxDifference = Math.max(maxDifference, Math.abs(scores[i]! - rec.result.scores.probability[i]!));
  const identical = maxDifference === 0;
  return { rows: scores.length, identical, maxDifference, modelKind: (modelRec.model as PropensityModel).kind, metrics: { rows: scores.length, identical: identical ? 'yes' : 'no' } };
}
