// k-means in TF.js: data uploaded once in row chunks, k-means++ seeding, Lloyd iterations, best of several restarts.
import * as tf from '@tensorflow/tfjs';
import { type JobContext, silentContext } from '../jobs.ts';
import { rng } from '../random.ts';

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

export interface KMeansOptions {
  k: number;
  seed?: number;
  restarts?: number;
  maxIter?: number;
  /** Stop when Σ squared centroid shift ≤ tol × mean feature variance (scikit-learn's rule). */
  tol?: number;
  /** Fixed initial centroids (k × d), used for the first restart instead of k-means++. */
  init?: Float32Array;
  /** 'random' = k distinct random rows (the benchmark reference); default k-means++. */
  seeding?: 'kmeans++' | 'random';
}

export interface KMeansRun {
  inertia: number;
  iterations: number;
  converged: boolean;
}

export interface KMeansResult {
  k: number;
  d: number;
  centroids: Float32Array;
  labels: Int32Array;
  sizes: number[];
  inertia: number;
  iterations: number;
  runs: KMeansRun[];
  /** Wall time of Lloyd iterations only (all restarts), ms — for ms/iteration figures. */
  lloydMs: number;
}

/** k-means++ (one candidate per step) in plain JS: k passes over the data, cheap next to Lloyd. */
export function kmeansPlusPlus(data: Float32Array, n: number, d: number, k: number, rand: () => number): Float32Array {
  const c = new Float32Array(k * d);
  const best = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(rand() * n);
  for (let j = 0; j < k; j++) {
    c.set(data.subarray(pick * d, pick * d + d), j * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[i * d + t]! - c[j * d + t]!;
        s += diff * diff;
      }
      if (s < best[i]!) best[i] = s;
      total += best[i]!;
    }
    if (j + 1 === k) break;
    let target = rand() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= best[i]!;
      if (target <= 0) {
        pick = i;
        break;
      }
    }
  }
  return c;
}

function randomRows(data: Float32Array, n: number, d: number, k: number, rand: () => number): Float32Array {
  const c = new Float32Array(k * d);
  const used = new Set<number>();
  for (let j = 0; j < k; j++) {
    let i = Math.floor(rand() * n);
    while (used.has(i) && used.size < n) i = Math.floor(rand() * n);
    used.add(i);
    c.set(data.subarray(i * d, i * d + d), j * d);
  }
  return c;
}

/** [2Cᵀ; −‖c‖²] ((d+1) × k): x1 · W = 2x·c − ‖c‖² = ‖x‖² − ‖x−c‖², so argMax picks the nearest centroid. */
function centroidWeights(c: Float32Array, k: number, d: number): tf.Tensor2D {
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
function clusterSums(x1: tf.Tensor2D, idx: tf.Tensor1D, k: number, d: number): tf.Tensor2D {
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

/** Exact inertia in float64 (the float32 score trick loses digits when ‖x‖ is large). */
export function inertiaOf(data: Float32Array, d: number, centroids: Float32Array, labels: Int32Array): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const j = labels[i]!;
    for (let t = 0; t < d; t++) {
      const diff = data[i * d + t]! - centroids[j * d + t]!;
      s += diff * diff;
    }
  }
  return s;
}

async function lloyd(
  m: ResidentMatrix,
  init: Float32Array,
  k: number,
  maxIter: number,
  tolAbs: number,
  ctx: JobContext,
  onIter: () => void,
): Promise<{ centroids: Float32Array; iterations: number; converged: boolean }> {
  const d = m.d;
  let c = init.slice();
  let lastYield = performance.now();
  for (let it = 1; it <= maxIter; it++) {
    ctx.checkCancelled();
    const w = centroidWeights(c, k, d);
    let acc: tf.Tensor2D | null = null;
    try {
      for (const ch of m.chunks) {
        const part = tf.tidy(() => clusterSums(ch.x1, tf.argMax(tf.matMul(ch.x1, w), 1) as tf.Tensor1D, k, d));
        if (acc) {
          const next = tf.add(acc, part) as tf.Tensor2D;
          tf.dispose([acc, part]);
          acc = next;
        } else acc = part;
      }
    } finally {
      w.dispose();
    }
    const sums = (await acc!.data()) as Float32Array; // k × (d+1): sums, then the count
    acc!.dispose();
    const next = new Float32Array(k * d);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      const count = sums[j * (d + 1) + d]!;
      for (let t = 0; t < d; t++) {
        // An empty cluster keeps its centroid (rare after k-means++; restarts cover the rest).
        const v = count > 0 ? sums[j * (d + 1) + t]! / count : c[j * d + t]!;
        const diff = v - c[j * d + t]!;
        shift += diff * diff;
        next[j * d + t] = v;
      }
    }
    c = next;
    onIter();
    if (performance.now() - lastYield > 100) {
      await ctx.yield();
      lastYield = performance.now();
    }
    if (shift <= tolAbs) return { centroids: c, iterations: it, converged: true };
  }
  return { centroids: c, iterations: maxIter, converged: false };
}

/** k-means on a resident matrix: `restarts` seeded runs, the lowest-inertia one kept. Leaves no tensors behind. */
export async function kmeansResident(
  m: ResidentMatrix,
  options: KMeansOptions,
  ctx: JobContext = silentContext(),
): Promise<KMeansResult> {
  const { k } = options;
  const { n, d, data } = m;
  if (!(k >= 1) || k > n) throw new Error(`k = ${k} must be between 1 and the number of rows (${n})`);
  const restarts = Math.max(1, options.restarts ?? 10);
  const maxIter = options.maxIter ?? 300;
  const rand = rng(options.seed ?? 0);
  // Tolerance relative to the data's scale, as scikit-learn does.
  let varSum = 0;
  for (let t = 0; t < d; t++) {
    let s = 0,
      ss = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + t]!;
      s += v;
      ss += v * v;
    }
    varSum += ss / n - (s / n) ** 2;
  }
  const tolAbs = (options.tol ?? 1e-4) * (varSum / d);
  const runs: KMeansRun[] = [];
  let best: { centroids: Float32Array; labels: Int32Array; inertia: number; iterations: number } | null = null;
  let lloydMs = 0,
    done = 0;
  const total = restarts * maxIter;
  for (let r = 0; r < restarts; r++) {
    const init =
      r === 0 && options.init
        ? options.init
        : options.seeding === 'random'
          ? randomRows(data, n, d, k, rand)
          : kmeansPlusPlus(data, n, d, k, rand);
    const t0 = performance.now();
    const fit = await lloyd(m, init, k, maxIter, tolAbs, ctx, () => {
      done++;
      ctx.progress(r * maxIter + Math.min(done, maxIter), total, `k-means run ${r + 1}/${restarts}`);
    });
    lloydMs += performance.now() - t0;
    done = 0;
    const labels = assignLabels(m, fit.centroids, k);
    const inertia = inertiaOf(data, d, fit.centroids, labels);
    runs.push({ inertia, iterations: fit.iterations, converged: fit.converged });
    if (!best || inertia < best.inertia)
      best = { centroids: fit.centroids, labels, inertia, iterations: fit.iterations };
    ctx.progress((r + 1) * maxIter, total, `k-means run ${r + 1}/${restarts}`);
    await ctx.yield();
  }
  const sizes = new Array<number>(k).fill(0);
  for (const l of best!.labels) sizes[l]!++;
  return {
    k,
    d,
    centroids: best!.centroids,
    labels: best!.labels,
    sizes,
    inertia: best!.inertia,
    iterations: best!.iterations,
    runs,
    lloydMs,
  };
}

/** Convenience: upload, cluster, dispose. */
export async function kmeans(
  data: Float32Array,
  n: number,
  d: number,
  options: KMeansOptions,
  ctx: JobContext = silentContext(),
): Promise<KMeansResult> {
  const m = uploadMatrix(data, n, d);
  try {
    return await kmeansResident(m, options, ctx);
  } finally {
    m.dispose();
  }
}
