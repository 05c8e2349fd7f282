// Plain typed-array k-means pieces the profile compares TF.js against: the shared random-row start, nearest-centroid
// labels, inertia, centroid means and one Lloyd iteration, all in float64.
import { rng } from '../../src/core/random.ts';

/** k distinct rows picked with rng(seed): the one start every contender gets. */
export function randomRows(x: Float32Array, n: number, d: number, k: number, seed: number): Float32Array {
  const rand = rng(seed),
    used = new Set<number>(),
    c = new Float32Array(k * d);
  for (let j = 0; j < k; j++) {
    let i = Math.floor(rand() * n);
    while (used.has(i)) i = Math.floor(rand() * n);
    used.add(i);
    c.set(x.subarray(i * d, i * d + d), j * d);
  }
  return c;
}

/** Nearest-centroid labels in plain JS (float64 distances). */
export function assign(x: Float32Array, n: number, d: number, c: ArrayLike<number>, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0,
      bestD = Infinity;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = x[i * d + t]! - c[j * d + t]!;
        s += diff * diff;
      }
      if (s < bestD) {
        bestD = s;
        best = j;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/** Σ‖x − c(label)‖² in float64 — the same inertia for every contender. */
export function sse(x: Float32Array, d: number, c: ArrayLike<number>, labels: Int32Array): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const j = labels[i]!;
    for (let t = 0; t < d; t++) {
      const diff = x[i * d + t]! - c[j * d + t]!;
      s += diff * diff;
    }
  }
  return s;
}

/** Centroids = means of the rows per label (an empty label keeps `keep`'s centroid). */
export function means(
  x: Float32Array,
  d: number,
  labels: Int32Array,
  k: number,
  keep?: ArrayLike<number>,
): Float64Array {
  const sums = new Float64Array(k * d),
    counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    const j = labels[i]!;
    counts[j]!++;
    for (let t = 0; t < d; t++) sums[j * d + t]! += x[i * d + t]!;
  }
  return sums.map((s, idx) => {
    const cnt = counts[Math.floor(idx / d)]!;
    return cnt ? s / cnt : keep ? keep[idx]! : NaN;
  });
}

/** One plain-JS Lloyd iteration (assign + update; an empty cluster keeps its centroid, as the core does). */
export function jsLloydIteration(x: Float32Array, n: number, d: number, c: Float64Array, k: number): Float64Array {
  return means(x, d, assign(x, n, d, c, k), k, c);
}
