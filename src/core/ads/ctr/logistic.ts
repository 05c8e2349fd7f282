// The linear term of the CTR models: logistic regression on hashed one-hot features, z = w0 + Σ_i w_i x_i.
import * as tf from '@tensorflow/tfjs';

/**
 * Σ over the row's active buckets (its fields and the bias row) of column 0 of the gathered weights G
 * [n, fields + 1, factors + 1]: every x_i is 1 for an active bucket, so w_i x_i is just w_i. Call inside a tidy.
 */
export function linearTerm(g: tf.Tensor3D): tf.Tensor1D {
  const [n, f1] = g.shape;
  return tf.sum(tf.slice(g, [0, 0, 0], [n, f1, 1]), [1, 2]);
}

/** d z / d w_i = x_i = 1 for each active bucket: the row's d loss / d z, repeated per bucket → [n, fields + 1, 1]. */
export function linearGrad(dz3: tf.Tensor3D, f1: number): tf.Tensor3D {
  return tf.tile(dz3, [1, f1, 1]);
}

/** The same term in JS from plain weights (theta row-major with `width` = factors + 1 columns). */
export function linearLogit(theta: Float32Array, width: number, idx: Int32Array, start: number, f1: number): number {
  let z = 0;
  for (let f = 0; f < f1; f++) z += theta[idx[start + f]! * width]!;
  return z;
}
