// The propensity feature's job contract: train and re-score specs/results, spec → core options, the stored
// result (test labels and scores for the threshold slider) and the segment × propensity join.
// The worker (workers/jobs/propensity.ts) and the CLI (`locallift propensity`) are thin adapters over it.
import type { Table } from '../data/table.ts';
import { JobError, type JobContext } from '../jobs.ts';
import { toCsv } from '../data/csv-write.ts';
import { targetVector, type PropensityOptions, type PropensityResult } from './run.ts';
import { explainTable, trainMeans } from './explain.ts';
import type { Msg } from '../msg.ts';
import type { PropensityKind, PropensityModel } from './scoring-model.ts';

/** What the user picks: 'auto' trains logistic, GBDT and the MLP and keeps the best on validation. */
export type PropensityModelKind = 'auto' | PropensityKind;

export interface PropensitySpec {
  kind: 'propensity';
  /** The dataset (app) or file path (CLI). */
  datasetId: string;
  /** Target column; empty = the column with role "target". */
  target: string;
  model: PropensityModelKind;
  seed: number;
  epochs?: number;
  /** Feature columns the user kept ticked; empty = every usable column. */
  features?: string[];
  /** A separate labelled dataset to test on; default: a stratified 20 % split. */
  testDatasetId?: string | null;
  positive?: string;
  testFraction?: number;
  threshold?: number;
  classWeights?: PropensityOptions['classWeights'];
  expand?: PropensityOptions['expand'];
}

export interface SegmentPropensityRow {
  segment: number;
  /** The segment's name as the user or the segmentation gave it (English for automatic names). */
  name: string;
  /** An automatic name as a message, worded in the reader's language; absent for names the user wrote. */
  nameMsg?: Msg;
  customers: number;
  meanProbability: number;
  topDecileShare: number;
}

export type PropensityJobResult = Omit<PropensityResult, 'model'> & {
  modelKind: PropensityKind;
  featureNames: string[];
  /** Test labels and scores, so the page can move the threshold without a job. */
  testY: Float32Array;
  testScores: Float32Array;
  bySegment: SegmentPropensityRow[] | null;
  metrics: Record<string, number | string>;
};

export interface PropensityScoreSpec {
  kind: 'propensity-score';
  datasetId: string;
}

export interface PropensityScoreResult {
  rows: number;
  identical: boolean;
  maxDifference: number;
  modelKind: string;
  metrics: Record<string, number | string>;
}

/** What a segmentation contributes to the join: customer ids, labels and card names. */
export interface SegmentLabels {
  customers: string[];
  labels: ArrayLike<number>;
  cards: { id: number; name: string; nameMsg?: Msg }[];
}

/** Spec → options of runPropensity; the test table is loaded by the adapter (storage or file). */
export function propensityOptions(spec: PropensitySpec, testTable?: Table): PropensityOptions {
  const o: PropensityOptions = { model: spec.model, seed: spec.seed };
  if (spec.target) o.target = spec.target;
  if (spec.epochs) o.epochs = spec.epochs;
  if (testTable) o.testTable = testTable;
  if (spec.features?.length) o.features = spec.features;
  if (spec.positive) o.positive = spec.positive;
  if (spec.testFraction !== undefined) o.testFraction = spec.testFraction;
  if (spec.threshold !== undefined && !(spec.threshold > 0 && spec.threshold < 1))
    throw new JobError(
      'bad-threshold',
      `The classification threshold must be between 0 and 1; got ${spec.threshold}.`,
      {
        threshold: spec.threshold,
      },
    );
  if (spec.threshold !== undefined) o.threshold = spec.threshold;
  if (spec.classWeights) o.classWeights = spec.classWeights;
  if (spec.expand) o.expand = spec.expand;
  return o;
}

/** The stored result: the core result without the model, plus the test labels/scores in split order. */
export function propensityJobResult(
  res: PropensityResult,
  table: Table,
  testTable: Table | undefined,
  segments: SegmentLabels | null,
): { result: PropensityJobResult; model: PropensityModel } {
  const { model, ...rest } = res;
  // Test rows in order: the same split the evaluation used, re-scored from the plain model.
  const testRows: number[] = [];
  res.scores.split.forEach((s, i) => {
    if (s === 1) testRows.push(i);
  });
  const result: PropensityJobResult = {
    ...rest,
    modelKind: model.kind,
    featureNames: model.featureNames,
    testY: testLabels(res, testRows, table, testTable),
    testScores: Float32Array.from(testRows, (i) => res.scores.probability[i]!),
    bySegment: segments ? joinSegments(segments, res) : null,
    metrics: {
      model: model.kind,
      target: res.target,
      'test AUC': Number(res.test.auc.toFixed(4)),
      'log loss': Number(res.test.logLoss.toFixed(4)),
      'train s': Number(res.trainSeconds.toFixed(2)),
    },
  };
  return { result, model };
}

/** Labels of the test rows (main table split, or the separate test table), aligned with `testRows`. */
function testLabels(res: PropensityResult, testRows: number[], table: Table, testTable?: Table): Float32Array {
  if (testTable) {
    const y = targetVector(
      testTable.columns.find((c) => c.name === res.target)!,
      res.positive,
    ).y;
    return y.filter((v) => !Number.isNaN(v));
  }
  const y = targetVector(
    table.columns.find((c) => c.name === res.target)!,
    res.positive,
  ).y;
  return Float32Array.from(testRows, (i) => y[i]!);
}

/** Segment × propensity: mean score and top-decile share per segment, when the customers were segmented. */
export function joinSegments(seg: SegmentLabels, res: PropensityResult): SegmentPropensityRow[] | null {
  const segOf = new Map<string, number>();
  seg.customers.forEach((c, i) => segOf.set(c, seg.labels[i]!));
  const rows = seg.cards.map((c) => ({
    segment: c.id,
    name: c.name,
    nameMsg: c.nameMsg,
    customers: 0,
    sum: 0,
    top: 0,
  }));
  res.scores.ids.forEach((id, i) => {
    const s = segOf.get(id);
    if (s === undefined) return;
    const r = rows[s]!;
    r.customers++;
    r.sum += res.scores.probability[i]!;
    if (res.scores.decile[i] === 1) r.top++;
  });
  if (!rows.some((r) => r.customers)) return null;
  return rows.map((r) => ({
    segment: r.segment,
    name: r.name,
    ...(r.nameMsg ? { nameMsg: r.nameMsg } : {}),
    customers: r.customers,
    meanProbability: r.customers ? r.sum / r.customers : NaN,
    topDecileShare: r.customers ? r.top / r.customers : NaN,
  }));
}

/** Re-scored probabilities against the stored ones: proof that the stored model reproduces its scores. */
export function compareScores(
  scores: Float32Array,
  stored: ArrayLike<number>,
  modelKind: string,
): PropensityScoreResult {
  let maxDifference = 0;
  for (let i = 0; i < scores.length; i++) maxDifference = Math.max(maxDifference, Math.abs(scores[i]! - stored[i]!));
  const identical = maxDifference === 0;
  return {
    rows: scores.length,
    identical,
    maxDifference,
    modelKind,
    metrics: { rows: scores.length, identical: identical ? 'yes' : 'no' },
  };
}

export interface PropensityExportSpec {
  kind: 'propensity-export';
  datasetId: string;
}

export interface PropensityExportResult {
  csv: string;
  rows: number;
  metrics: Record<string, number | string>;
}

// The CSV is a file for tools: its header, split names and reasons ("Contract=Month-to-month (+0.84)") stay English.
const SPLIT_NAMES = ['train', 'test', 'unlabelled'];

/** The scores CSV: id, probability, decile, split and each customer's top reasons (main table, then the test table). */
export async function propensityScoresCsv(
  scores: PropensityResult['scores'],
  model: PropensityModel,
  table: Table,
  testTable: Table | undefined,
  ctx: Pick<JobContext, 'progress' | 'checkCancelled' | 'yield'>,
): Promise<{ csv: string; rows: number }> {
  const means = trainMeans(model, table, scores.split);
  const reasons = await explainTable(model, table, means, ctx);
  if (testTable) reasons.push(...(await explainTable(model, testTable, means, ctx)));
  const rows = scores.ids.map((id, i) => [
    id,
    +scores.probability[i]!.toFixed(6),
    scores.decile[i],
    SPLIT_NAMES[scores.split[i]!],
    reasons[i] ?? '',
  ]);
  return { csv: toCsv(['id', 'probability', 'decile', 'split', 'reasons'], rows), rows: rows.length };
}
