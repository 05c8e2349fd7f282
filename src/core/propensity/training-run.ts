// One propensity training run's shared state (train/test data, class weights) and the feature pipeline fitted on train.
import { fmt } from '../format.ts';
import type { JobContext } from '../jobs.ts';
import { applyPipeline, fitPipeline, type FeatureMatrix, type FeaturePipeline } from '../features/design.ts';
import type { TrainTest } from './train-test.ts';
import type { Note, PropensityOptions } from './types.ts';
import { msg, type Msg } from '../msg.ts';
import type { PropensityKind } from './scoring-model.ts';

export type Expansion = 'none' | 'log' | 'bins';

export interface TrainingRun {
  data: TrainTest;
  featureColumns: string[];
  kind: PropensityKind;
  weights: [number, number];
  balanced: boolean;
  seed: number;
  options: PropensityOptions;
  ctx: JobContext;
  /** Notes for the person, in the order the run makes them. */
  notes: Note[];
}

/**
 * Balanced class weights when asked, or ('auto') when positives are under 10 % or over 90 % of training rows. For
 * the cross-validated logistic model 'auto' only proposes them: selectLogisticSettings keeps them only if they do not
 * lower CV AUC.
 */
export function chooseClassWeights(
  data: TrainTest,
  mode: NonNullable<PropensityOptions['classWeights']>,
  notes: Note[],
): { weights: [number, number]; balanced: boolean } {
  const share = data.trainPos / data.yTrain.length;
  const balanced = mode === 'balanced' || (mode === 'auto' && (share < 0.1 || share > 0.9));
  const weights: [number, number] = balanced ? [0.5 / (1 - share), 0.5 / share] : [1, 1];
  if (balanced) notes.push(weightingNote(data, weights));
  return { weights, balanced };
}

/** The note that says the classes are weighted (cross-validation replaces it when it decides otherwise). */
export function weightingNote(data: TrainTest, weights: [number, number]): Msg {
  const share = data.trainPos / data.yTrain.length;
  return msg('prop_note_weighted', { share: fmt(share * 100, 1), w0: fmt(weights[0], 2), w1: fmt(weights[1], 2) });
}

type Features = { pipeline: FeaturePipeline; x: FeatureMatrix };

/** Designs already fitted for a run's training data, by expansion (the CV search builds them, the final fit reuses). */
const fitted = new WeakMap<
  TrainTest,
  { columns: string[]; disabled: string[] | undefined; byExpansion: Map<Expansion, Features> }
>();

/** The feature pipeline fitted on the training rows with the given expansion, and the training matrix. */
export function fitFeatures(run: TrainingRun, expand: Expansion): Features {
  const { trainTable } = run.data;
  const { disabled } = run.options;
  let cache = fitted.get(run.data);
  // Same data, columns and unticked features (by identity: a run's copies share them) → the same design.
  if (!cache || cache.columns !== run.featureColumns || cache.disabled !== disabled) {
    cache = { columns: run.featureColumns, disabled, byExpansion: new Map() };
    fitted.set(run.data, cache);
  }
  const hit = cache.byExpansion.get(expand);
  if (hit) return hit;
  const pipeline = fitPipeline(trainTable, run.featureColumns, { disabled: disabled ?? [], expand });
  const features = { pipeline, x: applyPipeline(pipeline, trainTable) };
  cache.byExpansion.set(expand, features);
  return features;
}

/** Drops the run's cached designs except `keep` (the search fitted every expansion; only one is used after it). */
export function keepFeatures(run: TrainingRun, keep: Expansion): void {
  const byExpansion = fitted.get(run.data)?.byExpansion;
  if (byExpansion) for (const e of [...byExpansion.keys()]) if (e !== keep) byExpansion.delete(e);
}
