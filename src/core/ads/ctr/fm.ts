// The factorisation machine's pairwise term (Rendle 2010): Σ_{i<j} <v_i, v_j> x_i x_j in O(k·n) as
// ½ Σ_f [(Σ_i v_if x_i)² − Σ_i v_if² x_i²], over the row's active buckets (x_i = 1), with its gradient.
import * as tf from '@tensorflow/tfjs';

/** The factor vectors of the row's `fields` active buckets (the bias row excluded): [n, fields, factors]. */
function factorRows(g: tf.Tensor3D, fields: number, factors: number): tf.Tensor3D {
  return tf.slice(g, [0, 0, 1], [g.shape[0], fields, factors]);
}

/** Pairwise term [n] and the per-row sums s = Σ_i v_i [n, factors] the gradient reuses; call inside a tidy. */
export function pairwiseTerm(
  g: tf.Tensor3D,
  fields: number,
  factors: number,
): { z: tf.Tensor1D; v: tf.Tensor3D; s: tf.Tensor2D } {
  const v = factorRows(g, fields, factors);
  const s = tf.sum(v, 1) as tf.Tensor2D;
  const z = tf.mul(tf.sub(tf.sum(tf.square(s), 1), tf.sum(tf.square(v), [1, 2])), 0.5) as tf.Tensor1D;
  return { z, v, s };
}

/**
 * d z / d v_if = x_i (Σ_j v_jf x_j − v_if x_i) = s_f − v_if for an active bucket; times d loss / d z, padded with a
 * zero slot for the bias row → [n, fields + 1, factors].
 */
export function pairwiseGrad(dz3: tf.Tensor3D, v: tf.Tensor3D, s: tf.Tensor2D): tf.Tensor3D {
  return tf.pad(tf.mul(dz3, tf.sub(tf.expandDims(s, 1), v)), [
    [0, 0],
    [0, 1],
    [0, 0],
  ]);
}

/** The same term in JS from plain weights (`width` = factors + 1; factor f of bucket b at theta[b·width + 1 + f]). */
export function pairwiseLogit(
  theta: Float32Array,
  width: number,
  idx: Int32Array,
  start: number,
  fields: number,
): number {
  let z = 0;
  for (let f = 1; f < width; f++) {
    let s = 0,
      q = 0;
    for (let i = 0; i < fields; i++) {
      const v = theta[idx[start + i]! * width + f]!;
      s += v;
      q += v * v;
    }
    z += s * s - q;
  }
  return 0.5 * z;
}

/** <v_a, v_b>: the pairwise log-odds effect of buckets a and b together. */
export function pairEffect(theta: Float32Array, width: number, a: number, b: number): number {
  let d = 0;
  for (let f = 1; f < width; f++) d += theta[a * width + f]! * theta[b * width + f]!;
  return d;
}
