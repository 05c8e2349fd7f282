// The MLP's epochs: rows shuffled in JS, each batch a plain upload and one Adam step, one read-back per epoch.
import * as tf from '@tensorflow/tfjs';
import type { JobContext } from '../jobs.ts';
import { adamStep, logits, type Batch, type MlpNet } from './mlp-net.ts';

export interface EpochLogs {
  loss: number;
  acc: number;
  val_loss: number;
  val_acc: number;
}

/** Per-row binary cross-entropy from logits: max(z, 0) − z·y + log(1 + e^−|z|) (stable; equals BCE on sigmoid(z)). */
function rowLoss(z: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
}

/** Rows whose thresholded prediction (z > 0, i.e. p > 0.5) equals the label. */
function correctCount(z: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.greater(z, 0), tf.greater(y, 0.5)), 'float32'));
}

/**
 * The rows of one fit: training rows stay in JS (each batch is copied out and uploaded: on wasm, slicing a resident
 * tensor reads the whole tensor back first), validation rows live on the backend.
 */
export interface MlpData {
  x: Float32Array;
  y: Float32Array;
  /** Per-row class weight; null = unweighted. */
  w: Float32Array | null;
  n: number;
  p: number;
  xv: tf.Tensor2D;
  yv: tf.Tensor2D;
}

export function uploadData(
  xTrain: Float32Array,
  yTrain: Float32Array,
  n: number,
  xVal: Float32Array,
  yVal: Float32Array,
  nVal: number,
  p: number,
  classWeight: [number, number] | undefined,
): MlpData {
  const y = yTrain.subarray(0, n);
  return {
    x: xTrain,
    y,
    w: classWeight ? y.map((v) => classWeight[v > 0.5 ? 1 : 0]) : null,
    n,
    p,
    xv: tf.tensor2d(xVal.subarray(0, nVal * p), [nVal, p]),
    yv: tf.tensor2d(yVal.subarray(0, nVal), [nVal, 1]),
  };
}

export function disposeData(d: MlpData): void {
  tf.dispose([d.xv, d.yv]);
}

/** The epoch's rows in `order`: features, labels and weights, as one contiguous copy each. */
function shuffled(d: MlpData, order: Int32Array): { x: Float32Array; y: Float32Array; w: Float32Array | null } {
  const { p, n } = d;
  const x = new Float32Array(n * p),
    y = new Float32Array(n),
    w = d.w ? new Float32Array(n) : null;
  for (let i = 0; i < n; i++) {
    const r = order[i]!;
    x.set(d.x.subarray(r * p, r * p + p), i * p);
    y[i] = d.y[r]!;
    if (w) w[i] = d.w![r]!;
  }
  return { x, y, w };
}

/** Validation loss and accuracy on all validation rows (unweighted, as Keras reports them): one read-back. */
async function validate(net: MlpNet, d: MlpData): Promise<{ val_loss: number; val_acc: number }> {
  const both = tf.tidy(() => {
    const z = logits(net, d.xv);
    return tf.stack([tf.mean(rowLoss(z, d.yv)), tf.div(correctCount(z, d.yv), d.yv.shape[0])]);
  });
  const [val_loss, val_acc] = Array.from(await both.data());
  both.dispose();
  return { val_loss: val_loss!, val_acc: val_acc! };
}

/** Rows [start, end) of the epoch as backend tensors: plain uploads, no kernels. */
function upload(rows: ReturnType<typeof shuffled>, p: number, start: number, end: number): Batch {
  const n = end - start;
  const x = rows.x.subarray(start * p, end * p);
  const xT = new Float32Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xT[j * n + i] = x[i * p + j]!;
  return {
    x: tf.tensor2d(x, [n, p]),
    xT: tf.tensor2d(xT, [p, n]),
    y: tf.tensor2d(rows.y.subarray(start, end), [n, 1]),
    w: rows.w ? tf.tensor2d(rows.w.subarray(start, end), [n, 1]) : null,
  };
}

/** Weighted mean BCE and accuracy of the epoch's logits against its labels: the running train metrics. */
function trainMetrics(zs: tf.Tensor2D[], y: Float32Array, w: Float32Array | null): tf.Tensor1D {
  return tf.tidy(() => {
    const z = tf.concat(zs, 0);
    const yt = tf.tensor2d(y, [y.length, 1]);
    const l = rowLoss(z, yt);
    return tf.stack([
      tf.mean(w ? tf.mul(l, tf.tensor2d(w, [w.length, 1])) : l),
      tf.div(correctCount(z, yt), y.length),
    ]) as tf.Tensor1D;
  });
}

/**
 * One epoch: one Adam step per batch of the rows in `order`. Each batch's logits stay on the backend; the epoch's
 * loss (class-weighted mean, as Keras averages its batch losses) and accuracy come from them and are read back once,
 * with validation. Returns null when a cancel was seen between batches.
 */
export async function trainEpoch(
  net: MlpNet,
  d: MlpData,
  order: Int32Array,
  batchSize: number,
  ctx: JobContext,
): Promise<EpochLogs | null> {
  const rows = shuffled(d, order);
  const { p } = d;
  const zs: tf.Tensor2D[] = [];
  try {
    for (let start = 0, b = 0; start < d.n; start += batchSize, b++) {
      if (cancelled(ctx)) return null;
      const batch = upload(rows, p, start, Math.min(start + batchSize, d.n));
      zs.push(adamStep(net, batch));
      tf.dispose([batch.x, batch.xT, batch.y, ...(batch.w ? [batch.w] : [])]);
      if (b % 40 === 39) await ctx.yield();
    }
    const train = trainMetrics(zs, rows.y, rows.w);
    const [loss, acc] = Array.from(await train.data());
    train.dispose();
    const val = await validate(net, d);
    return { loss: loss!, acc: acc!, ...val };
  } finally {
    tf.dispose(zs);
  }
}

function cancelled(ctx: JobContext): boolean {
  try {
    ctx.checkCancelled();
    return false;
  } catch {
    return true;
  }
}
