// The MLP propensity model: Dense 64 ReLU → Dense 32 ReLU → Dense 1 sigmoid, Adam + BCE, seeded, early stopping.
import * as tf from '@tensorflow/tfjs';
import type { JobContext } from '../jobs.ts';
import { permutation, rng } from '../random.ts';
import type { DenseLayer } from './scoring-model.ts';

export interface MlpOptions {
  hidden?: number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Epochs without a validation-loss improvement before stopping; the best epoch's weights are kept. */
  patience?: number;
  seed?: number;
  /** Per-class weights {0: w0, 1: w1}. */
  classWeight?: [number, number];
}

export interface MlpFit {
  layers: DenseLayer[];
  epochs: { epoch: number; loss: number; acc: number; val_loss: number; val_acc: number }[];
  bestEpoch: number;
  stoppedEarly: boolean;
}

function snapshot(model: tf.LayersModel): DenseLayer[] {
  return model.layers.map((layer, i) => {
    const [k, b] = layer.getWeights();
    const shape = k!.shape as [number, number];
    return {
      weights: k!.dataSync() as Float32Array,
      bias: b!.dataSync() as Float32Array,
      inDim: shape[0],
      outDim: shape[1],
      activation: i === model.layers.length - 1 ? 'sigmoid' : 'relu',
    };
  });
}

/** Dense ReLU layers of `hidden` units then one sigmoid unit, Glorot-initialised from the seed. */
function buildModel(p: number, hidden: number[], seed: number): tf.Sequential {
  const model = tf.sequential();
  [...hidden, 1].forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: i === hidden.length ? 'sigmoid' : 'relu',
        ...(i === 0 ? { inputShape: [p] } : {}),
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 31 + i + 1 }),
        biasInitializer: 'zeros',
      }),
    );
  });
  return model;
}

/** Our own seeded shuffle each epoch (tf's fit shuffle uses Math.random). */
function shuffledRows(
  xTrain: Float32Array,
  yTrain: Float32Array,
  nTrain: number,
  p: number,
  rand: () => number,
): { xs: Float32Array; ys: Float32Array } {
  const order = permutation(nTrain, rand);
  const xs = new Float32Array(nTrain * p),
    ys = new Float32Array(nTrain);
  order.forEach((r, i) => {
    xs.set(xTrain.subarray(r * p, r * p + p), i * p);
    ys[i] = yTrain[r]!;
  });
  return { xs, ys };
}

/** What every epoch of one fit shares. */
interface EpochRun {
  model: tf.Sequential;
  xv: tf.Tensor2D;
  yv: tf.Tensor2D;
  nTrain: number;
  p: number;
  epochs: number;
  options: MlpOptions;
  batchSize: number;
  history: MlpFit['epochs'];
  ctx: JobContext;
}

/**
 * One epoch of model.fit on the shuffled rows; its logs go to history, ctx.epoch and ctx.progress. A cancel seen
 * between batches stops training; it returns true then, and the caller rethrows.
 */
async function fitEpoch(run: EpochRun, e: number, rows: { xs: Float32Array; ys: Float32Array }): Promise<boolean> {
  const { model, nTrain, p, options, ctx } = run;
  const xt = tf.tensor2d(rows.xs, [nTrain, p]);
  const yt = tf.tensor2d(rows.ys, [nTrain, 1]);
  let cancelled = false;
  try {
    const h = await model.fit(xt, yt, {
      batchSize: run.batchSize,
      epochs: 1,
      shuffle: false,
      validationData: [run.xv, run.yv],
      verbose: 0,
      ...(options.classWeight ? { classWeight: { 0: options.classWeight[0], 1: options.classWeight[1] } } : {}),
      callbacks: {
        onBatchEnd: async (batch) => {
          try {
            ctx.checkCancelled();
          } catch {
            cancelled = true;
            model.stopTraining = true;
          }
          if (batch % 40 === 39) await ctx.yield();
        },
      },
    });
    const get = (k: string) => Number((h.history[k] as number[] | undefined)?.[0] ?? NaN);
    const logs = {
      loss: get('loss'),
      acc: get('acc') || get('accuracy'),
      val_loss: get('val_loss'),
      val_acc: get('val_acc') || get('val_accuracy'),
    };
    run.history.push({ epoch: e, ...logs });
    ctx.epoch(e, logs);
    ctx.progress(e, run.epochs, `epoch ${e}/${run.epochs}`);
  } finally {
    tf.dispose([xt, yt]);
  }
  return cancelled;
}

/** Trains on (xTrain, yTrain), monitors (xVal, yVal). Epoch events go to ctx.epoch as they happen. */
export async function fitMlp(
  xTrain: Float32Array,
  yTrain: Float32Array,
  nTrain: number,
  xVal: Float32Array,
  yVal: Float32Array,
  nVal: number,
  p: number,
  options: MlpOptions,
  ctx: JobContext,
): Promise<MlpFit> {
  const epochs = options.epochs ?? 10;
  const patience = options.patience ?? 3;
  const seed = options.seed ?? 0;
  const rand = rng(seed);
  const model = buildModel(p, options.hidden ?? [64, 32], seed);
  // Passed-in optimizers are not owned by the model: disposed explicitly below.
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  model.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const xv = tf.tensor2d(xVal, [nVal, p]);
  const yv = tf.tensor2d(yVal, [nVal, 1]);
  const batchSize = options.batchSize ?? 32;
  const run: EpochRun = { model, xv, yv, nTrain, p, epochs, options, batchSize, history: [], ctx };
  let best: { loss: number; layers: DenseLayer[]; epoch: number } | null = null;
  let stale = 0,
    stoppedEarly = false;
  try {
    for (let e = 1; e <= epochs; e++) {
      ctx.checkCancelled();
      if (await fitEpoch(run, e, shuffledRows(xTrain, yTrain, nTrain, p, rand))) ctx.checkCancelled();
      // Early stopping on validation loss; the best epoch's weights are the ones returned.
      const vl = run.history[run.history.length - 1]!.val_loss;
      if (!best || vl < best.loss - 1e-5) {
        best = { loss: vl, layers: snapshot(model), epoch: e };
        stale = 0;
      } else if (++stale >= patience) {
        stoppedEarly = e < epochs;
        break;
      }
    }
  } finally {
    tf.dispose([xv, yv]);
    model.dispose();
    optimizer.dispose();
  }
  return { layers: best!.layers, epochs: run.history, bestEpoch: best!.epoch, stoppedEarly };
}
