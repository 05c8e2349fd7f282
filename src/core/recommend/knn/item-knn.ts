// Item-based neighbourhood models over sparse data: cosine item–item similarity pruned to each item's top-k
// neighbours (the implicit baseline, score = x_u · S_pruned), plus the most-popular baseline.
// Similarities are accumulated per item through its users (Σ_u n_u² work), never as a dense items² matrix.
import type { JobContext } from '../../jobs.ts';
import { topK } from '../../metrics/ranking.ts';
import { itemCounts, transpose, type Matrix } from '../interactions.ts';

/** Pruned similarity rows as CSR: row j lists j's k most similar items (descending similarity). Plain data. */
export interface ItemKnnModel {
  kind: 'item-knn';
  users: string[];
  items: string[];
  k: number;
  indptr: Int32Array;
  neighbours: Int32Array;
  similarity: Float32Array;
}

export interface PopularityModel {
  kind: 'popular';
  users: string[];
  items: string[];
  /** Train interaction count per item. */
  counts: Float64Array;
}

export function fitPopularity(train: Matrix): PopularityModel {
  return { kind: 'popular', users: train.users, items: train.items, counts: itemCounts(train) };
}

/**
 * Cosine similarity between item columns (using the matrix values), diagonal removed, top-`k` per item.
 * `binary` treats every interaction as 1 (the ANCHORS protocol).
 */
export async function fitItemKnn(train: Matrix, k: number, ctx: JobContext, binary = false): Promise<ItemKnnModel> {
  const byItem = transpose(train);
  const ni = train.items.length;
  const val = (v: number) => (binary ? 1 : v);
  const norm = new Float64Array(ni);
  for (let i = 0; i < ni; i++) {
    let s = 0;
    for (let q = byItem.indptr[i]!; q < byItem.indptr[i + 1]!; q++) s += val(byItem.values[q]!) ** 2;
    norm[i] = Math.sqrt(s);
  }
  const acc = new Float64Array(ni);
  const touched = new Int32Array(ni);
  const indptr = new Int32Array(ni + 1);
  const nb: number[] = [];
  const sim: number[] = [];
  const compact = new Float64Array(ni);
  for (let i = 0; i < ni; i++) {
    if (i % 500 === 0) {
      ctx.checkCancelled();
      ctx.progress(i, ni, 'item similarities');
      await ctx.yield();
    }
    let nt = 0;
    for (let q = byItem.indptr[i]!; q < byItem.indptr[i + 1]!; q++) {
      const u = byItem.indices[q]!;
      const xi = val(byItem.values[q]!);
      for (let p = train.indptr[u]!; p < train.indptr[u + 1]!; p++) {
        const j = train.indices[p]!;
        if (j === i) continue;
        if (acc[j] === 0) touched[nt++] = j;
        acc[j] = acc[j]! + xi * val(train.values[p]!);
      }
    }
    for (let t = 0; t < nt; t++) {
      const j = touched[t]!;
      compact[t] = acc[j]! / (norm[i]! * norm[j]! || 1);
    }
    const best = topK(compact.subarray(0, nt), k);
    for (const t of best) {
      nb.push(touched[t]!);
      sim.push(compact[t]!);
    }
    for (let t = 0; t < nt; t++) acc[touched[t]!] = 0;
    indptr[i + 1] = nb.length;
  }
  return {
    kind: 'item-knn',
    users: train.users,
    items: train.items,
    k,
    indptr,
    neighbours: Int32Array.from(nb),
    similarity: Float32Array.from(sim),
  };
}

/** score_i = Σ_{j ∈ history} x_j · S_pruned[j, i]. */
export function knnScores(
  m: ItemKnnModel,
  items: ArrayLike<number>,
  values: ArrayLike<number> | null,
  out: Float64Array,
): void {
  out.fill(0);
  for (let q = 0; q < items.length; q++) {
    const j = items[q] as number;
    const x = values ? (values[q] as number) : 1;
    for (let p = m.indptr[j]!; p < m.indptr[j + 1]!; p++)
      out[m.neighbours[p]!] = out[m.neighbours[p]!]! + x * m.similarity[p]!;
  }
}
