// The shared training loop of both CTR models: shuffled minibatches uploaded from JS, Adam, one read-back per epoch,
// early stopping on a validation split carved from the training rows (the test rows are never seen).
import * as tf from '@tensorflow/tfjs';
import type { JobContext } from '../../jobs.ts';
import { permutation, rng } from '../../random.ts';
import { adamStep, buildNet, disposeNet, meanLoss, type CtrNet } from './net.ts';
import type { HashedKind, CtrWeights } from './types.ts';

/** Bucket rows [n × (fields + 1)] and 0/1 labels of the fitting and validation rows. */
export interface TrainData {
  idx: Int32Array;
  y: Float32Array;
  idxVal: Int32Array;
  yVal: Float32Array;
  fields: number;
  buckets: number;
}

export interface TrainOptions {
  kind: HashedKind;
  factors: number;
  learningRate: number;
  l2: number;
  batchSize: number;
  maxEpochs: number;
  /** Stop after this many epochs without a validation-loss gain of at least MIN_GAIN. */
  patience: number;
  seed: number;
  initSd: number;
}

export interface TrainOutcome {
  weights: CtrWeights;
  epochs: number;
  bestEpoch: number;
  valLogLoss: number;
  seconds: number;
}

const MIN_GAIN = 1e-5;

/** One epoch of Adam steps over the rows in a fresh order; returns the mean batch loss, left on the backend. */
async function epochSteps(net: CtrNet, d: TrainData, o: TrainOptions, rand: () => number, ctx: JobContext) {
  const f1 = d.fields + 1;
  const n = d.y.length;
  const order = permutation(n, rand);
  const losses: tf.Scalar[] = [];
  try {
    for (let start = 0, b = 0; start < n; start += o.batchSize, b++) {
      ctx.checkCancelled();
      const end = Math.min(n, start + o.batchSize);
      const bi = new Int32Array((end - start) * f1),
        by = new Float32Array(end - start);
      for (let i = start; i < end; i++) {
        const r = order[i]!;
        bi.set(d.idx.subarray(r * f1, r * f1 + f1), (i - start) * f1);
        by[i - start] = d.y[r]!;
      }
      const xb = tf.tensor2d(bi, [end - start, f1], 'int32'),
        yb = tf.tensor1d(by);
      losses.push(adamStep(net, xb, yb));
      tf.dispose([xb, yb]);
      if (b % 20 === 19) await ctx.yield();
    }
    return tf.tidy(() => tf.mean(tf.stack(losses)));
  } finally {
    tf.dispose(losses);
  }
}

function meanRate(y: Float32Array): number {
  let s = 0;
  for (const v of y) s += v;
  return Math.min(1 - 1e-6, Math.max(1e-6, s / Math.max(1, y.length)));
}

/** Trains one model; the kept weights are those of the epoch with the lowest validation log loss. */
export async function trainCtr(d: TrainData, o: TrainOptions, ctx: JobContext): Promise<TrainOutcome> {
  const t0 = performance.now();
  const f1 = d.fields + 1;
  const net = buildNet({ ...o, buckets: d.buckets, fields: d.fields, baseRate: meanRate(d.y) });
  const xv = tf.tensor2d(d.idxVal, [d.yVal.length, f1], 'int32'),
    yv = tf.tensor1d(d.yVal);
  const rand = rng(o.seed + 1);
  let best: tf.Tensor2D | null = null;
  let bestLoss = Infinity,
    bestEpoch = 0,
    epochs = 0;
  try {
    for (let epoch = 1, wait = 0; epoch <= o.maxEpochs && wait < o.patience; epoch++) {
      const train = await epochSteps(net, d, o, rand, ctx);
      const both = tf.tidy(() => tf.stack([train, meanLoss(net, net.theta, xv, yv)]));
      train.dispose();
      const [loss, valLoss] = Array.from(await both.data());
      both.dispose();
      epochs = epoch;
      ctx.epoch(epoch, { loss: loss!, val_loss: valLoss! });
      ctx.progress(epoch, o.maxEpochs, `Training the ${o.kind === 'fm' ? 'factorisation machine' : 'logistic model'}`);
      if (valLoss! < bestLoss - MIN_GAIN) {
        best?.dispose();
        best = tf.clone(net.theta);
        [bestLoss, bestEpoch, wait] = [valLoss!, epoch, 0];
      } else wait++;
    }
    const theta = (await (best ?? net.theta).data()) as Float32Array;
    const weights: CtrWeights = { kind: o.kind, factors: o.factors, buckets: d.buckets, theta };
    return { weights, epochs, bestEpoch, valLogLoss: bestLoss, seconds: (performance.now() - t0) / 1000 };
  } finally {
    best?.dispose();
    tf.dispose([xv, yv]);
    disposeNet(net);
  }
}
