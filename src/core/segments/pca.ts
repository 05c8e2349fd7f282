// 2-D PCA map in TF.js: covariance of a seeded sample, top-2 eigenvectors by power iteration, points + centroids
// projected.
import * as tf from '@tensorflow/tfjs';
import { permutation, rng } from '../random.ts';

export interface PcaMap {
  /** Row indices (into the clustered matrix) of the plotted sample. */
  sample: Int32Array;
  /** x, y per sampled row. */
  points: Float32Array;
  /** x, y per centroid. */
  centroids: Float32Array;
  /** Share of total variance on each axis. */
  explained: [number, number];
  /** 2 × d loadings (row-major) and the feature means used for centring. */
  components: Float32Array;
  mean: Float32Array;
}

/** Power iteration with deflation on a small symmetric d×d matrix (tensor ops; d is tiny, so a few hundred steps). */
function topEigen(cov: tf.Tensor2D, count: number, seed: number): { vectors: Float32Array; values: number[] } {
  const d = cov.shape[0];
  const rand = rng(seed);
  const vectors = new Float32Array(count * d);
  const values: number[] = [];
  let a = tf.clone(cov);
  try {
    for (let c = 0; c < count; c++) {
      let v = tf.tensor2d(
        Float32Array.from({ length: d }, () => rand() - 0.5),
        [d, 1],
      );
      for (let it = 0; it < 300; it++) {
        const next = tf.tidy(() => {
          const w = tf.matMul(a, v);
          return tf.div(w, tf.add(tf.norm(w), 1e-12));
        });
        const delta = tf.tidy(() => tf.sum(tf.abs(tf.sub(next, v))).dataSync()[0]!);
        v.dispose();
        v = next as tf.Tensor2D;
        if (delta < 1e-7) break;
      }
      const lambda = tf.tidy(() => tf.sum(tf.mul(v, tf.matMul(a, v))).dataSync()[0]!);
      const vec = v.dataSync() as Float32Array;
      // Deterministic sign: the largest-magnitude loading is positive.
      let maxJ = 0;
      for (let j = 1; j < d; j++) if (Math.abs(vec[j]!) > Math.abs(vec[maxJ]!)) maxJ = j;
      const sign = vec[maxJ]! < 0 ? -1 : 1;
      for (let j = 0; j < d; j++) vectors[c * d + j] = sign * vec[j]!;
      values.push(Math.max(0, lambda));
      const deflated = tf.tidy(() => tf.sub(a, tf.mul(lambda, tf.matMul(v, v, false, true))));
      a.dispose();
      v.dispose();
      a = deflated as tf.Tensor2D;
    }
  } finally {
    a.dispose();
  }
  return { vectors, values };
}

export function pcaMap(
  data: Float32Array,
  n: number,
  d: number,
  centroids: Float32Array,
  k: number,
  maxPoints = 20_000,
  seed = 0,
): PcaMap {
  const sample =
    n <= maxPoints ? Int32Array.from({ length: n }, (_, i) => i) : permutation(n, rng(seed)).slice(0, maxPoints).sort();
  const m = sample.length;
  const xs = new Float32Array(m * d);
  for (let i = 0; i < m; i++) xs.set(data.subarray(sample[i]! * d, sample[i]! * d + d), i * d);
  const x = tf.tensor2d(xs, [m, d]);
  try {
    const meanT = tf.mean(x, 0);
    const mean = meanT.dataSync() as Float32Array;
    const cov = tf.tidy(() => {
      const xc = tf.sub(x, meanT);
      return tf.div(tf.matMul(xc, xc, true, false), Math.max(1, m - 1));
    }) as tf.Tensor2D;
    const totalVar = tf.tidy(() => tf.sum(tf.mul(cov, tf.eye(d))).dataSync()[0]!);
    const dims = Math.min(2, d);
    const { vectors, values } = topEigen(cov, dims, seed);
    cov.dispose();
    const comps = new Float32Array(2 * d);
    comps.set(vectors);
    const w = tf.tensor2d(comps, [2, d]);
    const points = tf.tidy(() => tf.matMul(tf.sub(x, meanT), w, false, true).dataSync()) as Float32Array;
    const cent = tf.tidy(() =>
      tf.matMul(tf.sub(tf.tensor2d(centroids, [k, d]), meanT), w, false, true).dataSync(),
    ) as Float32Array;
    tf.dispose([w, meanT]);
    const explained: [number, number] = [
      totalVar > 0 ? (values[0] ?? 0) / totalVar : 0,
      totalVar > 0 ? (values[1] ?? 0) / totalVar : 0,
    ];
    return { sample, points, centroids: cent, explained, components: comps, mean };
  } finally {
    x.dispose();
  }
}
