// Propensity models as plain data (typed-array weights + feature pipeline) and the one scoring path for all of them.
import * as tf from '@tensorflow/tfjs';
import type { Table } from '../data/table.ts';
import { applyPipeline, type FeaturePipeline } from '../features/design.ts';
import type { GbdtModel } from '../trees/types.ts';
import { predictProba, sigmoid } from '../trees/predict.ts';
import { blendLogits, blendMatrix, type BlendModel } from './blend.ts';
import { modelFromJson as treesFromJson, modelToJson as treesToJson, type GbdtModelJson } from '../trees/serialize.ts';
import { encodeTreeMatrix, type TreeSpec } from './tree-features.ts';

export interface DenseLayer {
  /** inDim × outDim, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  inDim: number;
  outDim: number;
  activation: 'relu' | 'sigmoid';
}

export type PropensityKind = 'logistic' | 'gbdt' | 'mlp' | 'blend';

/** A model's matrix: the standardized design (layered models) or the raw tree columns. */
export interface ModelMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Logistic regression and the MLP: dense layers over the standardized feature design. */
export interface LayeredModel {
  version: 1;
  kind: 'logistic' | 'mlp';
  target: string;
  /** The target value that counts as positive (e.g. "Yes"). */
  positive: string;
  pipeline: FeaturePipeline;
  featureNames: string[];
  /** Logistic regression is one sigmoid layer; the MLP is three layers. */
  layers: DenseLayer[];
}

/** Gradient-boosted trees over the raw columns (tree-features.ts), categories and missing values native. */
export interface TreeModel {
  version: 1;
  kind: 'gbdt';
  target: string;
  positive: string;
  spec: TreeSpec;
  /** One feature per source column, in matrix order. */
  featureNames: string[];
  trees: GbdtModel;
}

export type PropensityModel = LayeredModel | TreeModel | BlendModel;

/** The source column of every matrix feature (one-hot levels and expansions map back to their column). */
export function featureColumns(model: PropensityModel): string[] {
  if (model.kind === 'gbdt') return model.spec.columns;
  if (model.kind === 'blend') return [...featureColumns(model.logistic), ...featureColumns(model.trees)];
  return model.pipeline.features.filter((f) => f.enabled).map((f) => f.column);
}

/** The model's matrix of a table: the standardized design for layered models, raw columns for trees. */
export function modelMatrix(model: PropensityModel, table: Table): { data: Float32Array; rows: number } {
  if (model.kind === 'blend') return blendMatrix(model, table);
  return model.kind === 'gbdt' ? encodeTreeMatrix(model.spec, table) : applyPipeline(model.pipeline, table);
}

/**
 * Probabilities for a row-major matrix. Training, evaluation and re-scoring after a reload all go through this
 * function on the plain weights, so a stored model scores identically to the one just trained.
 */
export function scoreMatrix(model: PropensityModel, x: Float32Array, n: number, chunkRows = 65_536): Float32Array {
  if (model.kind === 'gbdt') {
    const d = model.featureNames.length;
    return Float32Array.from(predictProba(model.trees, Float64Array.from(x), n, d));
  }
  if (model.kind === 'blend') return Float32Array.from(blendLogits(model, x, n), sigmoid);
  const p = model.layers[0]!.inDim;
  if (x.length !== n * p) throw new Error(`matrix has ${x.length} values, expected ${n} × ${p}`);
  const out = new Float32Array(n);
  const params = model.layers.map((l) => [tf.tensor2d(l.weights, [l.inDim, l.outDim]), tf.tensor1d(l.bias)] as const);
  try {
    for (let s = 0; s < n; s += chunkRows) {
      const e = Math.min(n, s + chunkRows);
      const probs = tf.tidy(() => {
        let h: tf.Tensor2D = tf.tensor2d(x.subarray(s * p, e * p), [e - s, p]);
        model.layers.forEach((l, i) => {
          const [w, b] = params[i]!;
          h = tf.fused.matMul({
            a: h,
            b: w,
            bias: b,
            activation: l.activation === 'relu' ? 'relu' : 'linear',
          }) as tf.Tensor2D;
          if (l.activation === 'sigmoid') h = tf.sigmoid(h);
        });
        return h;
      });
      out.set(probs.dataSync() as Float32Array, s);
      probs.dispose();
    }
  } finally {
    tf.dispose(params.flat());
  }
  return out;
}

export function scoreTable(model: PropensityModel, table: Table): Float32Array {
  const fm = modelMatrix(model, table);
  return scoreMatrix(model, fm.data, fm.rows);
}

/** Deciles 1 (highest scores) … 10. */
export function deciles(scores: Float32Array): Uint8Array {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const out = new Uint8Array(n);
  order.forEach((row, rank) => {
    out[row] = Math.min(10, Math.floor((rank * 10) / n) + 1);
  });
  return out;
}

/** JSON-safe form (typed arrays → number arrays) for files and the CLI; `modelFromJson` reverses it exactly. */
export function modelToJson(model: PropensityModel): unknown {
  if (model.kind === 'gbdt') return { ...model, trees: treesToJson(model.trees) };
  if (model.kind === 'blend')
    return { ...model, logistic: modelToJson(model.logistic), trees: modelToJson(model.trees) };
  return {
    ...model,
    layers: model.layers.map((l) => ({ ...l, weights: Array.from(l.weights), bias: Array.from(l.bias) })),
  };
}

type LayerJson = Omit<DenseLayer, 'weights' | 'bias'> & { weights: number[]; bias: number[] };

export function modelFromJson(json: unknown): PropensityModel {
  const m = json as
    | (Omit<LayeredModel, 'layers'> & { layers: LayerJson[] })
    | (Omit<TreeModel, 'trees'> & { trees: GbdtModelJson })
    | (Omit<BlendModel, 'logistic' | 'trees'> & { logistic: unknown; trees: unknown });
  if (m.kind === 'gbdt') return { ...m, trees: treesFromJson(m.trees) };
  if (m.kind === 'blend')
    return {
      ...m,
      logistic: modelFromJson(m.logistic) as LayeredModel,
      trees: modelFromJson(m.trees) as TreeModel,
    };
  return {
    ...m,
    layers: m.layers.map((l) => ({ ...l, weights: Float32Array.from(l.weights), bias: Float32Array.from(l.bias) })),
  };
}
