// The MLP propensity model: Dense 64 ReLU → Dense 32 ReLU → Dense 1 sigmoid, Adam + BCE, seeded, early stopping.
// Its own loop (mlp-train-loop.ts, mlp-net.ts): tf's model.fit cost ~3 ms of overhead and two read-backs per batch.
import { CancelledError, type JobContext } from '../jobs.ts';
import { permutation, rng } from '../random.ts';
import type { DenseLayer } from './scoring-model.ts';
import { buildNet, disposeNet, readLayers } from './mlp-net.ts';
import { disposeData, trainEpoch, uploadData } from './mlp-train-loop.ts';

export interface MlpOptions {
  hidden?: number[];
  epochs?: number;
  /** Rows per Adam step; default min(200, rows), as scikit-learn's MLPClassifier. */
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

/** Rows per step when the caller does not say: scikit-learn's min(200, n). */
export function defaultBatchSize(nTrain: number): number {
  return Math.max(1, Math.min(200, nTrain));
}

/**
 * Epochs when the caller does not say: 10, or more on small tables so that training takes at least 400 Adam steps
 * (a 1,400-row table at batch 200 makes only 7 steps an epoch), at most 60; early stopping ends it sooner.
 */
export function defaultEpochs(nTrain: number, batchSize: number): number {
  const steps = Math.ceil(nTrain / batchSize);
  return Math.min(60, Math.max(10, Math.ceil(400 / steps)));
}

/**
 * Trains on (xTrain, yTrain), monitors (xVal, yVal); the weights of the epoch with the lowest validation loss are
 * returned. Epoch events go to ctx.epoch as they happen. Every tensor it makes is disposed, on cancel too.
 */
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
  const batchSize = options.batchSize ?? defaultBatchSize(nTrain);
  const epochs = options.epochs ?? defaultEpochs(nTrain, batchSize);
  const patience = options.patience ?? 3;
  const seed = options.seed ?? 0;
  const rand = rng(seed);
  const net = buildNet(p, options.hidden ?? [64, 32], seed, options.learningRate ?? 1e-3);
  const data = uploadData(xTrain, yTrain, nTrain, xVal, yVal, nVal, p, options.classWeight);
  const history: MlpFit['epochs'] = [];
  let best: { loss: number; layers: DenseLayer[]; epoch: number } | null = null;
  let stale = 0,
    stoppedEarly = false;
  try {
    for (let e = 1; e <= epochs; e++) {
      ctx.checkCancelled();
      // Our own seeded shuffle each epoch.
      const order = permutation(nTrain, rand);
      const logs = await trainEpoch(net, data, order, batchSize, ctx);
      if (!logs) throw new CancelledError();
      history.push({ epoch: e, ...logs });
      ctx.epoch(e, { ...logs });
      ctx.progress(e, epochs, `epoch ${e}/${epochs}`);
      // Early stopping on validation loss; the best epoch's weights are the ones returned.
      if (!best || logs.val_loss < best.loss - 1e-5) {
        best = { loss: logs.val_loss, layers: await readLayers(net), epoch: e };
        stale = 0;
      } else if (++stale >= patience) {
        stoppedEarly = e < epochs;
        break;
      }
    }
  } finally {
    disposeData(data);
    disposeNet(net);
  }
  return { layers: best!.layers, epochs: history, bestEpoch: best!.epoch, stoppedEarly };
}
