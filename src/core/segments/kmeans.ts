// k-means in TF.js: data uploaded once in row chunks, k-means++ seeding, Lloyd iterations, best of several restarts.
import * as tf from '@tensorflow/tfjs';
import { type JobContext, silentContext } from '../jobs.ts';
import { rng } from '../random.ts';
import { assignLabels, centroidWeights, clusterSums, uploadMatrix, type ResidentMatrix } from './resident-matrix.ts';

export { assignLabels, uploadMatrix, type ResidentMatrix } from './resident-matrix.ts';

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
