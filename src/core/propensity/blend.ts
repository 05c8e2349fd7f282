// The blend: logistic regression and gradient-boosted trees averaged on the log-odds scale (a two-model ensemble of
// different families — a linear model's smooth trends plus the trees' thresholds and interactions). Its matrix is the
// two parts' matrices side by side (logistic design columns, then the raw tree columns), so evaluation, permutation
// importance and reasons work on it as on any model; contributions are the parts' weighted contributions, still
// summing exactly to the blended logit.
import type { Table } from '../data/table.ts';
import { applyPipeline } from '../features/design.ts';
import { predictRaw } from '../trees/predict.ts';
import { encodeTreeMatrix } from './tree-features.ts';
import type { Contributions } from './reasons.ts';
import type { LayeredModel, ModelMatrix, TreeModel } from './scoring-model.ts';

export interface BlendModel {
  version: 1;
  kind: 'blend';
  target: string;
  positive: string;
  /** A one-layer (logistic) model over the feature design, and the trees over the raw columns. */
  logistic: LayeredModel;
  trees: TreeModel;
  /** Weights of the two logits (they sum to 1). */
  weights: [number, number];
  /** The logistic model's features, then the trees'. */
  featureNames: string[];
}

/** Rows of two matrices side by side. */
export function sideBySide(a: ModelMatrix, b: ModelMatrix): ModelMatrix {
  const cols = a.cols + b.cols;
  const data = new Float32Array(a.rows * cols);
  for (let r = 0; r < a.rows; r++) {
    data.set(a.data.subarray(r * a.cols, (r + 1) * a.cols), r * cols);
    data.set(b.data.subarray(r * b.cols, (r + 1) * b.cols), r * cols + a.cols);
  }
  return { data, rows: a.rows, cols };
}

export function makeBlend(logistic: LayeredModel, trees: TreeModel, weights: [number, number] = [0.5, 0.5]) {
  const featureNames = [...logistic.featureNames, ...trees.featureNames];
  const { target, positive } = logistic;
  return { version: 1, kind: 'blend', target, positive, logistic, trees, weights, featureNames } as BlendModel;
}

export function blendMatrix(model: BlendModel, table: Table): ModelMatrix {
  const a = applyPipeline(model.logistic.pipeline, table);
  const b = encodeTreeMatrix(model.trees.spec, table);
  return sideBySide({ ...a, cols: model.logistic.featureNames.length }, b);
}

/** The parts' columns of a blend matrix, as float64 (logistic) and float64 (trees). */
function split(model: BlendModel, x: Float32Array, n: number): [Float64Array, Float64Array, number, number] {
  const da = model.logistic.featureNames.length;
  const db = model.trees.featureNames.length;
  const a = new Float64Array(n * da);
  const b = new Float64Array(n * db);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < da; j++) a[r * da + j] = x[r * (da + db) + j]!;
    for (let j = 0; j < db; j++) b[r * db + j] = x[r * (da + db) + da + j]!;
  }
  return [a, b, da, db];
}

/** Blended log-odds of each row (the logistic part in float64: one layer, a dot product). */
export function blendLogits(model: BlendModel, x: Float32Array, n: number): Float64Array {
  const [a, b, da, db] = split(model, x, n);
  const layer = model.logistic.layers[0]!;
  const g = predictRaw(model.trees.trees, b, n, db);
  const [wa, wb] = model.weights;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let z = layer.bias[0]!;
    for (let j = 0; j < da; j++) z += layer.weights[j]! * a[r * da + j]!;
    out[r] = wa * z + wb * g[r]!;
  }
  return out;
}

/** The blend's contributions from each part's own (logistic: coef × centred; trees: TreeSHAP), weighted. */
export function blendContributions(
  model: BlendModel,
  x: Float32Array,
  n: number,
  partContributions: (part: LayeredModel | TreeModel, x: Float32Array, n: number) => Contributions,
): Contributions {
  const [a, b, da, db] = split(model, x, n);
  const ca = partContributions(model.logistic, Float32Array.from(a), n);
  const cb = partContributions(model.trees, Float32Array.from(b), n);
  const [wa, wb] = model.weights;
  const d = da + db;
  const values = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < da; j++) values[r * d + j] = wa * ca.values[r * da + j]!;
    for (let j = 0; j < db; j++) values[r * d + da + j] = wb * cb.values[r * db + j]!;
  }
  return { values, n, d, expectedValue: wa * ca.expectedValue + wb * cb.expectedValue };
}
