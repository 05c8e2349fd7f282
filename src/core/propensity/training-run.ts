// One propensity training run's shared state (train/test data, class weights) and the feature pipeline fitted on train.
import type { JobContext } from '../jobs.ts';
import { applyPipeline, fitPipeline } from '../features/design.ts';
import type { TrainTest } from './train-test.ts';
import type { PropensityOptions } from './types.ts';
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
  notes: string[];
}

/** Balanced class weights when asked, or ('auto') when positives are under 10 % or over 90 % of training rows. */
export function chooseClassWeights(
  data: TrainTest,
  mode: NonNullable<PropensityOptions['classWeights']>,
  notes: string[],
): { weights: [number, number]; balanced: boolean } {
  const share = data.trainPos / data.yTrain.length;
  const balanced = mode === 'balanced' || (mode === 'auto' && (share < 0.1 || share > 0.9));
  const weights: [number, number] = balanced ? [0.5 / (1 - share), 0.5 / share] : [1, 1];
  if (balanced)
    notes.push(
      `Positives are ${(share * 100).toFixed(1)} % of training rows: classes weighted ${weights[0].toFixed(2)} / ${weights[1].toFixed(2)} so the model does not ignore them (probabilities are then higher than the raw rate).`,
    );
  return { weights, balanced };
}

/** The feature pipeline fitted on the training rows with the given expansion, and the training matrix. */
export function fitFeatures(run: TrainingRun, expand: Expansion) {
  const { trainTable } = run.data;
  const pl = fitPipeline(trainTable, run.featureColumns, { disabled: run.options.disabled ?? [], expand });
  return { pipeline: pl, x: applyPipeline(pl, trainTable) };
}
