// The MLP's parameters and one Adam step with hand-written backprop: ~50 kernels per batch instead of ~180 taped ones.
import * as tf from '@tensorflow/tfjs';
import type { DenseLayer } from './scoring-model.ts';

const BETA1 = 0.9,
  BETA2 = 0.999,
  // tf.train.adam's default epsilon (the float32 backend epsilon), so steps match the layers-model fit.
  EPSILON = 1e-7;

/**
 * Every kernel [in, out] and bias [out] of the Dense layers in one flat variable (kernel 0, bias 0, kernel 1, …),
 * with Adam's two moment vectors beside it: one Adam update is then a dozen kernels whatever the layer count.
 */
export interface MlpNet {
  theta: tf.Variable<tf.Rank.R1>;
  m: tf.Variable<tf.Rank.R1>;
  v: tf.Variable<tf.Rank.R1>;
  /** Layer widths: input, hidden…, 1. */
  dims: number[];
  learningRate: number;
  /** Adam steps taken. */
  t: number;
}

/** Glorot-uniform kernels (the same seeds, hence the same initial weights, as the layers model used), zero biases. */
export function buildNet(p: number, hidden: number[], seed: number, learningRate: number): MlpNet {
  const dims = [p, ...hidden, 1];
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (let i = 0; i + 1 < dims.length; i++) {
      const init = tf.initializers.glorotUniform({ seed: seed * 31 + i + 1 });
      parts.push(tf.reshape(init.apply([dims[i]!, dims[i + 1]!]), [-1]), tf.zeros([dims[i + 1]!]));
    }
    const theta = tf.concat(parts) as tf.Tensor1D;
    // Variables outlive the tidy; the tensors they were made from do not.
    return {
      theta: tf.variable(theta),
      m: tf.variable(tf.zerosLike(theta)),
      v: tf.variable(tf.zerosLike(theta)),
      dims,
      learningRate,
      t: 0,
    };
  });
}

export function disposeNet(net: MlpNet): void {
  tf.dispose([net.theta, net.m, net.v]);
}

function partSizes(dims: number[]): number[] {
  const sizes: number[] = [];
  for (let i = 0; i + 1 < dims.length; i++) sizes.push(dims[i]! * dims[i + 1]!, dims[i + 1]!);
  return sizes;
}

/** Kernels and biases as views of theta (one split, a reshape per kernel). */
function unpack(net: MlpNet): { kernels: tf.Tensor2D[]; biases: tf.Tensor1D[] } {
  const { dims } = net;
  const parts = tf.split(net.theta, partSizes(dims));
  const kernels: tf.Tensor2D[] = [],
    biases: tf.Tensor1D[] = [];
  for (let i = 0; i + 1 < dims.length; i++) {
    kernels.push(tf.reshape(parts[2 * i]!, [dims[i]!, dims[i + 1]!]));
    biases.push(parts[2 * i + 1] as tf.Tensor1D);
  }
  return { kernels, biases };
}

/** Activations of every layer (input first) and the pre-sigmoid output [n, 1]; call inside a tidy. */
function forward(
  kernels: tf.Tensor2D[],
  biases: tf.Tensor1D[],
  x: tf.Tensor2D,
): { acts: tf.Tensor2D[]; z: tf.Tensor2D } {
  const acts = [x];
  const last = kernels.length - 1;
  let z = x;
  kernels.forEach((k, i) => {
    const activation = i < last ? 'relu' : 'linear';
    z = tf.fused.matMul({ a: acts[i]!, b: k, bias: biases[i], activation }) as tf.Tensor2D;
    if (i < last) acts.push(z);
  });
  return { acts, z };
}

/** The pre-sigmoid output [n, 1] of the current weights. */
export function logits(net: MlpNet, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { kernels, biases } = unpack(net);
    return forward(kernels, biases, x).z;
  });
}

/**
 * One batch on the backend: rows [n, p], the same rows transposed [p, n] (made in JS: cheaper than on wasm), labels
 * and optional per-row weights [n, 1].
 */
export interface Batch {
  x: tf.Tensor2D;
  xT: tf.Tensor2D;
  y: tf.Tensor2D;
  w: tf.Tensor2D | null;
}

/**
 * The gradient (flat, in theta's layout) of the class-weighted mean binary cross-entropy (Keras's: mean over the
 * batch of weight × BCE) and the batch's logits; call inside a tidy. d loss / d z = w·(sigmoid(z) − y) / rows, then
 * backprop through the Dense layers and ReLU masks.
 */
export function gradient(net: MlpNet, batch: Batch): { g: tf.Tensor1D; z: tf.Tensor2D } {
  const { x, xT, y, w } = batch;
  const rows = x.shape[0];
  const { kernels, biases } = unpack(net);
  const { acts, z } = forward(kernels, biases, x);
  let delta = tf.sub(tf.sigmoid(z), y);
  delta = tf.mul(w ? tf.mul(delta, w) : delta, 1 / rows) as tf.Tensor2D;
  // Bias gradients as ones · delta, kernel gradients as aᵀ · delta and delta · Wᵀ with explicit transposes: on
  // wasm, matMul's transpose flags and sum over axis 0 are several times slower than these.
  const ones = tf.ones([1, rows]);
  const grads: tf.Tensor[] = new Array<tf.Tensor>(2 * kernels.length);
  for (let i = kernels.length - 1; i >= 0; i--) {
    grads[2 * i] = tf.reshape(tf.matMul(i === 0 ? xT : tf.transpose(acts[i]!), delta), [-1]);
    grads[2 * i + 1] = tf.reshape(tf.matMul(ones, delta), [-1]);
    // ReLU's gradient: pass where the unit was active (its output > 0).
    if (i > 0) delta = tf.mul(tf.matMul(delta, tf.transpose(kernels[i]!)), tf.step(acts[i]!));
  }
  return { g: tf.concat(grads) as tf.Tensor1D, z };
}

/**
 * One Adam step on the batch. Returns the batch's logits (from the weights before the step), for the epoch's running
 * loss and accuracy; the caller disposes them.
 */
export function adamStep(net: MlpNet, batch: Batch): tf.Tensor2D {
  net.t++;
  // Adam as tf.train.adam, θ −= lr · m̂ / (√v̂ + ε) with m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ), written with the
  // bias corrections folded into two scalars: θ −= a · m / (√v + e).
  const c2 = Math.sqrt(1 - BETA2 ** net.t);
  const a = (net.learningRate * c2) / (1 - BETA1 ** net.t),
    e = EPSILON * c2;
  return tf.tidy(() => {
    const { g, z } = gradient(net, batch);
    const m = tf.add(tf.mul(net.m, BETA1), tf.mul(g, 1 - BETA1));
    const v = tf.add(tf.mul(net.v, BETA2), tf.mul(tf.square(g), 1 - BETA2));
    net.theta.assign(tf.sub(net.theta, tf.mul(tf.div(m, tf.add(tf.sqrt(v), e)), a)) as tf.Tensor1D);
    net.m.assign(m as tf.Tensor1D);
    net.v.assign(v as tf.Tensor1D);
    return z;
  });
}

/** The current weights as plain layers (the stored model's shape): one read-back. */
export async function readLayers(net: MlpNet): Promise<DenseLayer[]> {
  const flat = (await net.theta.data()) as Float32Array;
  const { dims } = net;
  const layers: DenseLayer[] = [];
  let off = 0;
  for (let i = 0; i + 1 < dims.length; i++) {
    const inDim = dims[i]!,
      outDim = dims[i + 1]!;
    const weights = flat.slice(off, off + inDim * outDim);
    off += inDim * outDim;
    const bias = flat.slice(off, off + outDim);
    off += outDim;
    layers.push({ weights, bias, inDim, outDim, activation: i + 2 === dims.length ? 'sigmoid' : 'relu' });
  }
  return layers;
}
