// The final propensity fit on all training rows: logistic at the chosen λ, GBDT on the raw columns, their blend, or the
// MLP with an inner validation split.
import { applyPipeline, type FeatureMatrix } from '../features/design.ts';
import { encodeTreeMatrix } from './tree-features.ts';
import { fitTreePropensity } from './gbdt-fit.ts';
import { fitLogistic } from './logistic.ts';
import { fitMlp, type MlpFit } from './mlp-classifier.ts';
import type { DenseLayer, LayeredModel, ModelMatrix, PropensityModel, TreeModel } from './scoring-model.ts';
import { makeBlend, sideBySide } from './blend.ts';
import { stratifiedSplit, take, takeRows } from './stratified-split.ts';
import { fitFeatures, type TrainingRun } from './training-run.ts';
import type { LogisticSettings } from './cross-validate.ts';
import { msg } from '../msg.ts';

export type { ModelMatrix };

export interface FinalModel {
  model: PropensityModel;
  xTrain: ModelMatrix;
  xTest: ModelMatrix;
  history: MlpFit['epochs'];
}

/** Fits the pipeline with the chosen expansion, then the model; `target` names the column and its positive value. */
export async function fitFinalModel(
  run: TrainingRun,
  settings: LogisticSettings,
  target: { name: string; positive: string },
): Promise<FinalModel> {
  if (run.kind === 'gbdt') return fitTreeModel(run, target);
  if (run.kind === 'blend') {
    const linear = await fitFinalModel({ ...run, kind: 'logistic' }, settings, target);
    return combineFits(linear, await fitTreeModel({ ...run, kind: 'gbdt' }, target));
  }
  const { pipeline, x: xTrain } = fitFeatures(run, settings.expand);
  run.notes.push(...pipeline.notes);
  const xTest = applyPipeline(pipeline, run.data.testTable);
  const { kind } = run;
  const base = {
    version: 1 as const,
    target: target.name,
    positive: target.positive,
    pipeline,
    featureNames: xTrain.names,
  };
  if (kind === 'logistic') {
    const layers = await fitLogisticLayers(run, xTrain, settings.chosenC);
    return { model: { ...base, kind, layers }, xTrain, xTest, history: [] };
  }
  const fit = await fitMlpLayers(run, xTrain);
  return { model: { ...base, kind: 'mlp', layers: fit.layers }, xTrain, xTest, history: fit.epochs };
}

/** A logistic fit and a GBDT fit of the same rows as their blend (matrices side by side). */
export function combineFits(linear: FinalModel, trees: FinalModel): FinalModel {
  const model = makeBlend(linear.model as LayeredModel, trees.model as TreeModel);
  const xTrain = sideBySide(linear.xTrain, trees.xTrain);
  return { model, xTrain, xTest: sideBySide(linear.xTest, trees.xTest), history: [] };
}

/** GBDT on the raw training columns; its own early stopping uses a validation split of the training rows. */
async function fitTreeModel(run: TrainingRun, target: { name: string; positive: string }): Promise<FinalModel> {
  const { trainTable, yTrain, testTable } = run.data;
  const fit = await fitTreePropensity(run, trainTable, yTrain);
  const model: TreeModel = {
    version: 1,
    kind: 'gbdt',
    target: target.name,
    positive: target.positive,
    spec: fit.spec,
    featureNames: fit.spec.columns,
    trees: fit.trees,
  };
  run.notes.push(fit.note);
  return { model, xTrain: fit.x, xTest: encodeTreeMatrix(fit.spec, testTable), history: [] };
}

async function fitLogisticLayers(
  run: TrainingRun,
  xTrain: FeatureMatrix,
  chosenC: number | null,
): Promise<DenseLayer[]> {
  const { yTrain } = run.data;
  const p = xTrain.cols,
    n = xTrain.rows;
  const l2 = run.options.l2 ?? 1 / (chosenC! * n);
  const fit = await fitLogistic(
    xTrain.data,
    yTrain,
    n,
    p,
    { l2, sampleWeights: yTrain.map((v) => run.weights[v > 0.5 ? 1 : 0]) },
    run.ctx,
  );
  if (!fit.converged) run.notes.push(msg('prop_note_not_converged', { iterations: fit.iterations }));
  return [{ weights: fit.weights, bias: Float32Array.of(fit.bias), inDim: p, outDim: 1, activation: 'sigmoid' }];
}

/** The MLP trains on 80 % of the training rows and keeps the weights of its best epoch on the other 20 %. */
async function fitMlpLayers(run: TrainingRun, xTrain: FeatureMatrix): Promise<MlpFit> {
  const { yTrain } = run.data;
  const { options, seed } = run;
  const p = xTrain.cols;
  const split = stratifiedSplit(yTrain, 0.2, seed + 1);
  const fit = await fitMlp(
    takeRows(xTrain.data, p, split.train),
    take(yTrain, split.train),
    split.train.length,
    takeRows(xTrain.data, p, split.test),
    take(yTrain, split.test),
    split.test.length,
    p,
    {
      ...(options.epochs ? { epochs: options.epochs } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      patience: options.patience ?? 3,
      learningRate: options.learningRate ?? 1e-3,
      seed,
      ...(run.balanced ? { classWeight: run.weights } : {}),
    },
    run.ctx,
  );
  const epochs = { epoch: fit.bestEpoch, epochs: fit.epochs.length };
  run.notes.push(fit.stoppedEarly ? msg('prop_note_mlp_stopped', epochs) : msg('prop_note_mlp', epochs));
  return fit;
}
