// The CTR models' parameters on the backend and one Adam step with hand-written gradients (gather → scatter-add).
import * as tf from '@tensorflow/tfjs';
import { gaussianFactors, normal, rng } from '../../random.ts';
import { linearGrad, linearTerm } from './logistic.ts';
import { pairwiseGrad, pairwiseTerm } from './fm.ts';

const BETA1 = 0.9,
  BETA2 = 0.999,
  EPSILON = 1e-7;

/** Weights [(buckets + 1), (factors + 1)] (see CtrWeights), Adam's moments and the L2 mask (0 on the bias row). */
export interface CtrNet {
  theta: tf.Variable<tf.Rank.R2>;
  m: tf.Variable<tf.Rank.R2>;
  v: tf.Variable<tf.Rank.R2>;
  mask: tf.Tensor2D;
  buckets: number;
  fields: number;
  factors: number;
  learningRate: number;
  l2: number;
  t: number;
}

export interface NetOptions {
  buckets: number;
  fields: number;
  factors: number;
  learningRate: number;
  /** Penalty (l2/2)·‖θ‖² added to the mean log loss (the bias is not penalised). */
  l2: number;
  /** Train click rate: the bias starts at its log-odds, so the first epochs learn effects, not the base rate. */
  baseRate: number;
  seed: number;
  /** sd of the initial factor entries. */
  initSd: number;
}

export function buildNet(o: NetOptions): CtrNet {
  const rows = o.buckets + 1,
    width = o.factors + 1;
  const init = new Float32Array(rows * width);
  const gauss = normal(rng(o.seed));
  const v = gaussianFactors(o.buckets, o.factors, o.initSd, gauss);
  for (let b = 0; b < o.buckets; b++) init.set(v.subarray(b * o.factors, (b + 1) * o.factors), b * width + 1);
  init[o.buckets * width] = Math.log(o.baseRate / (1 - o.baseRate));
  const mask = new Float32Array(rows).fill(1);
  mask[o.buckets] = 0;
  // Variables outlive the tidy; the tensors they were made from do not.
  const [theta, m, vv] = tf.tidy(() => [
    tf.variable(tf.tensor2d(init, [rows, width])),
    tf.variable(tf.zeros([rows, width])),
    tf.variable(tf.zeros([rows, width])),
  ]) as [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R2>];
  return {
    theta,
    m,
    v: vv,
    mask: tf.tensor2d(mask, [rows, 1]),
    buckets: o.buckets,
    fields: o.fields,
    factors: o.factors,
    learningRate: o.learningRate,
    l2: o.l2,
    t: 0,
  };
}

export function disposeNet(net: CtrNet): void {
  tf.dispose([net.theta, net.m, net.v, net.mask]);
}

/** Logits [n] of bucket rows idx [n, fields + 1], and the pieces the gradient reuses; call inside a tidy. */
function forward(net: CtrNet, theta: tf.Tensor2D, idx: tf.Tensor2D) {
  const g = tf.gather(theta, idx) as unknown as tf.Tensor3D;
  const lin = linearTerm(g);
  if (net.factors === 0) return { z: lin, pair: null };
  const pair = pairwiseTerm(g, net.fields, net.factors);
  return { z: tf.add(lin, pair.z) as tf.Tensor1D, pair };
}

/** Per-row binary cross-entropy from logits, stable: max(z, 0) − z·y + log(1 + e^−|z|). */
export function rowLoss(z: tf.Tensor1D, y: tf.Tensor1D): tf.Tensor1D {
  return tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
}

/** Mean log loss of `theta` (the live weights or a snapshot) on resident rows: a scalar left on the backend. */
export function meanLoss(net: CtrNet, theta: tf.Tensor2D, idx: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(rowLoss(forward(net, theta, idx).z, y)));
}

/**
 * The gradient of mean log loss + (l2/2)‖θ‖² with respect to θ: d loss / d z = (σ(z) − y) / n per row, spread over
 * the row's buckets by the linear and pairwise terms, summed into θ's shape by scatterND (duplicates add up).
 */
function gradient(net: CtrNet, idx: tf.Tensor2D, y: tf.Tensor1D): { g: tf.Tensor2D; loss: tf.Scalar } {
  const [n, f1] = idx.shape;
  const { z, pair } = forward(net, net.theta, idx);
  const dz3 = tf.reshape(tf.div(tf.sub(tf.sigmoid(z), y), n), [n, 1, 1]) as tf.Tensor3D;
  const lin = linearGrad(dz3, f1);
  const dg = pair ? tf.concat([lin, pairwiseGrad(dz3, pair.v, pair.s)], 2) : lin;
  const width = net.factors + 1;
  const scattered = tf.scatterND(tf.reshape(idx, [n * f1, 1]), tf.reshape(dg, [n * f1, width]), [
    net.buckets + 1,
    width,
  ]) as tf.Tensor2D;
  const g = tf.add(scattered, tf.mul(tf.mul(net.theta, net.mask), net.l2)) as tf.Tensor2D;
  return { g, loss: tf.mean(rowLoss(z, y)) };
}

/** One Adam step (as tf.train.adam, bias corrections folded into two scalars); returns the batch's mean loss. */
export function adamStep(net: CtrNet, idx: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
  net.t++;
  const c2 = Math.sqrt(1 - BETA2 ** net.t);
  const a = (net.learningRate * c2) / (1 - BETA1 ** net.t),
    e = EPSILON * c2;
  return tf.tidy(() => {
    const { g, loss } = gradient(net, idx, y);
    const m = tf.add(tf.mul(net.m, BETA1), tf.mul(g, 1 - BETA1)) as tf.Tensor2D;
    const v = tf.add(tf.mul(net.v, BETA2), tf.mul(tf.square(g), 1 - BETA2)) as tf.Tensor2D;
    net.theta.assign(tf.sub(net.theta, tf.mul(tf.div(m, tf.add(tf.sqrt(v), e)), a)) as tf.Tensor2D);
    net.m.assign(m);
    net.v.assign(v);
    return loss;
  });
}
