// The k-means data matrix resident as TF.js tensors: the upload, the centroid score weights, per-cluster sums and
// nearest-centroid labels (the TF.js passes every Lloyd iteration runs).
import * as tf from '@tensorflow/tfjs';

/**
 * The data matrix resident as TF.js tensors, in row chunks of [X | 1] (rows × (d+1)). The ones column turns the
 * distance scores into one plain matmul with [2Cᵀ; −‖c‖²], and makes the scatter-add of rows into their clusters
 * return the counts next to the sums. Uploaded once; every Lloyd iteration only uploads the k × (d+1) centroids.
 */
export interface ResidentMatrix {
  n: number;
  d: number;
  data: Float32Array;
  chunks: { x1: tf.Tensor2D; rows: number }[];
  dispose(): void;
}

export function uploadMatrix(data: Float32Array, n: number, d: number, chunkRows = 131_072): ResidentMatrix {
  if (data.length !== n * d) throw new Error(`matrix has ${data.length} values, expected ${n}×${d}`);
  const chunks: ResidentMatrix['chunks'] = [];
  for (let s = 0; s < n; s += chunkRows) {
    const e = Math.min(n, s + chunkRows);
    const buf = new Float32Array((e - s) * (d + 1));
    for (let i = 0; i < e - s; i++) {
      buf.set(data.subarray((s + i) * d, (s + i + 1) * d), i * (d + 1));
      buf[i * (d + 1) + d] = 1;
    }
    chunks.push({ x1: tf.tensor2d(buf, [e - s, d + 1]), rows: e - s });
  }
  return { n, d, data, chunks, dispose: () => tf.dispose(chunks.map((c) => c.x1)) };
}

/** [2Cᵀ; −‖c‖²] ((d+1) × k): x1 · W = 2x·c − ‖c‖² = ‖x‖² − ‖x−c‖², so argMax picks the nearest centroid. */
export function centroidWeights(c: Float32Array, k: number, d: number): tf.Tensor2D {
  const w = new Float32Array((d + 1) * k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = c[j * d + t]!;
      w[t * k + j] = 2 * v;
      s += v * v;
    }
    w[d * k + j] = -s;
  }
  return tf.tensor2d(w, [d + 1, k]);
}

const scatterSums = new Map<string, boolean>();
const FLOAT_ONE_BITS = 0x3f800000;

/**
 * Per-cluster [Σx | count] (k × (d+1)) of one chunk. Fast path: scatterND adds every row into its cluster's slot
 * (duplicate indices are summed), ~35 % faster on wasm than one-hot × matmul. Backends whose ScatterNd does not sum
 * duplicates (probed once) use the one-hot matmul; the wasm OneHot kernel ignores `dtype` and writes int32 values, so
 * there the one-hot carries the int32 bit pattern of 1.0f.
 */
export function clusterSums(x1: tf.Tensor2D, idx: tf.Tensor1D, k: number, d: number): tf.Tensor2D {
  const backend = tf.getBackend();
  let scatterOk = scatterSums.get(backend);
  if (scatterOk === undefined) {
    const probe = tf.tidy(() =>
      Array.from(
        tf
          .scatterND(tf.tensor2d([0, 1, 0], [3, 1], 'int32'), tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), [2, 2])
          .dataSync(),
      ),
    );
    scatterOk = probe.join() === '6,8,3,4';
    scatterSums.set(backend, scatterOk);
  }
  if (scatterOk) return tf.scatterND(tf.expandDims(idx, 1), x1, [k, d + 1]) as tf.Tensor2D;
  const probeOne = tf.tidy(() => tf.oneHot(tf.tensor1d([0], 'int32'), 2, 1, 0, 'float32').dataSync()[0]);
  const oh = probeOne === 1 ? tf.oneHot(idx, k, 1, 0, 'float32') : tf.oneHot(idx, k, FLOAT_ONE_BITS, 0, 'float32');
  return tf.matMul(oh, x1, true, false) as tf.Tensor2D;
}

/** Nearest-centroid labels for every row (one TF pass). */
export function assignLabels(m: ResidentMatrix, centroids: Float32Array, k: number): Int32Array {
  const w = centroidWeights(centroids, k, m.d);
  const labels = new Int32Array(m.n);
  let off = 0;
  try {
    for (const ch of m.chunks) {
      const idx = tf.tidy(() => tf.argMax(tf.matMul(ch.x1, w), 1));
      labels.set(idx.dataSync() as Int32Array, off);
      idx.dispose();
      off += ch.rows;
    }
  } finally {
    w.dispose();
  }
  return labels;
}
