// Prediction from plain-data weights: a typed-array path (what-if, small batches) and a TF.js path (big batches).
import * as tf from '@tensorflow/tfjs';
import { invLink } from './family.ts';
import type { ModelWeights } from './types.ts';

/** Linear predictor (link scale, before any offset) for `n` design rows of width `p`. */
export function predictEta(m: ModelWeights, x: Float32Array, p: number): Float64Array {
  const n = Math.floor(x.length / Math.max(1, p));
  const out = new Float64Array(n);
  if (m.kind === 'glm') {
    for (let k = 0; k < n; k++) {
      let s = m.coef[0]!;
      for (let j = 0; j < p; j++) s += x[k * p + j]! * m.coef[j + 1]!;
      out[k] = s;
    }
    return out;
  }
  const h = m.hidden;
  const a = new Float64Array(h);
  for (let k = 0; k < n; k++) {
    for (let u = 0; u < h; u++) a[u] = m.b1[u]!;
    for (let j = 0; j < p; j++) {
      const v = x[k * p + j]!;
      if (v === 0) continue;
      for (let u = 0; u < h; u++) a[u]! += v * m.w1[j * h + u]!;
    }
    let s = m.b2;
    for (let u = 0; u < h; u++) if (a[u]! > 0) s += a[u]! * m.w2[u]!;
    out[k] = m.family === 'linear' ? s * m.ySd + m.yMean : s;
  }
  return out;
}

/** Mean prediction (outcome scale) with an optional per-row offset on the link scale. */
export function predictMean(m: ModelWeights, x: Float32Array, p: number, offset?: ArrayLike<number>): Float64Array {
  const eta = predictEta(m, x, p);
  for (let k = 0; k < eta.length; k++) eta[k] = invLink(m.family, eta[k]! + (offset ? offset[k]! : 0));
  return eta;
}

/** Linear predictor for a large batch in a few tensor ops (permutation importance). */
export async function predictEtaTensor(m: ModelWeights, x: Float32Array, p: number): Promise<Float32Array> {
  const n = Math.floor(x.length / Math.max(1, p));
  const out = tf.tidy(() => {
    const X = tf.tensor2d(x, [n, p]);
    if (m.kind === 'glm') {
      const b = tf.tensor2d(Float32Array.from(m.coef.subarray(1)), [p, 1]);
      return tf.add(tf.matMul(X, b), m.coef[0]!);
    }
    const hid = tf.relu(tf.add(tf.matMul(X, tf.tensor2d(m.w1, [p, m.hidden])), tf.tensor1d(m.b1)));
    const s = tf.add(tf.matMul(hid, tf.tensor2d(m.w2, [m.hidden, 1])), m.b2);
    return m.family === 'linear' ? tf.add(tf.mul(s, m.ySd), m.yMean) : s;
  });
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}
