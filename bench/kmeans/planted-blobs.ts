// Planted-blob data for the k-means profile: n × d rows from k Gaussian blobs, and how a partition relates to them.
import { normal, rng } from '../../src/core/random.ts';

/** n × d float32 rows from k planted Gaussian blobs (centres uniform in [-10, 10]^d, unit noise; like make_blobs). */
export function blobs(n: number, d: number, k: number, seed: number): { x: Float32Array; truth: Int32Array } {
  const rand = rng(seed),
    g = normal(rand);
  const centres = Float64Array.from({ length: k * d }, () => (rand() * 2 - 1) * 10);
  const x = new Float32Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(rand() * k);
    truth[i] = b;
    for (let t = 0; t < d; t++) x[i * d + t] = centres[b * d + t]! + g();
  }
  return { x, truth };
}

/** How a partition relates to the planted blobs: merged (one cluster holds ≥ 2 blobs), split, empty clusters. */
export function structure(
  labels: Int32Array,
  truth: Int32Array,
  k: number,
): { text: string; merged: number; split: number; empty: number } {
  const table = Array.from({ length: k }, () => new Array<number>(k).fill(0)); // [cluster][blob]
  const blobSize = new Array<number>(k).fill(0),
    size = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) {
    table[labels[i]!]![truth[i]!]!++;
    blobSize[truth[i]!]!++;
    size[labels[i]!]!++;
  }
  const home = blobSize.map((_, b) => table.reduce((best, row, j) => (row[b]! > table[best]![b]! ? j : best), 0));
  const merged: string[] = [],
    split: string[] = [];
  for (let j = 0; j < k; j++) {
    const held = home.flatMap((h, b) => (h === j ? [b] : []));
    if (held.length > 1) merged.push(`cluster ${j} holds blobs ${held.join('+')}`);
  }
  for (let b = 0; b < k; b++) {
    const parts = table.flatMap((row, j) => (row[b]! >= 0.05 * blobSize[b]! ? [j] : []));
    if (parts.length > 1) split.push(`blob ${b} over clusters ${parts.join('+')}`);
  }
  const empty = size.filter((s) => s === 0).length;
  const found = home.filter(
    (h, b) => home.indexOf(h) === b && home.lastIndexOf(h) === b && table[h]![b]! >= 0.95 * size[h]!,
  ).length;
  const text =
    !merged.length && !split.length && !empty
      ? `all ${k} planted blobs recovered one-to-one`
      : `${found} of ${k} planted blobs recovered one-to-one; merged: ${merged.join(', ') || 'none'}; split: ${split.join(', ') || 'none'}; empty clusters: ${empty}`;
  return { text, merged: merged.length, split: split.length, empty };
}
