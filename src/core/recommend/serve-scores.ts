// Scoring a history (a known user's, or a folded-in basket's) against a trained model: every item's score, and each
// history item's contribution to one item's score (what a recommendation's reason names).
import { scoreFromFactor, solveUser } from './ials.ts';
import { knnScores } from './knn/item-knn.ts';
import { explicitKnnScores, foldUserBias, knnContributions, type ExplicitKnnModel } from './knn/servable.ts';
import { choleskySolve } from '../linalg/spd.ts';
import { cosine, explicitScores, foldExplicit, itemGram } from './serve-factors.ts';
import type { RecommenderBundle } from './model.ts';

/** A user's history (or a basket) in the bundle's item index space. */
export interface History {
  items: Int32Array;
  values: Float32Array;
  /** Implicit MF only: Cholesky factor of YᵀC_uY + λI (for the explanation formula) and the exact factor. */
  solved?: { x: Float64Array; L: Float64Array };
}

/** Explicit item-kNN: a known user's fitted bias, or a basket's folded one. */
const knnBias = (m: ExplicitKnnModel, u: number, h: History) =>
  u >= 0 ? m.biases.userBias[u]! : foldUserBias(m, h.items, h.values);

export function scores(
  b: RecommenderBundle,
  u: number,
  h: History,
  out: Float64Array,
  targets: Uint8Array | null = null,
): void {
  const m = b.model;
  if (m.kind === 'implicit-mf') {
    const x =
      u >= 0
        ? m.userFactors.subarray(u * m.factors, (u + 1) * m.factors)
        : (h.solved ??= solveUser(m, h.items, h.values, itemGram(m))).x;
    scoreFromFactor(m, x, out);
  } else if (m.kind === 'explicit-mf') {
    if (u >= 0) explicitScores(m, m.userBias[u]!, m.userFactors.subarray(u * m.factors, (u + 1) * m.factors), out);
    else {
      const fold = foldExplicit(m, h);
      explicitScores(m, fold.bias, fold.q, out);
    }
  } else if (m.kind === 'explicit-knn')
    explicitKnnScores(m, b.history, h.items, h.values, knnBias(m, u, h), out, targets);
  else if (m.kind === 'item-knn') knnScores(m, h.items, b.strength === 'binary' ? null : h.values, out);
  else if (m.kind === 'popular') out.set(m.counts);
  else for (let i = 0; i < out.length; i++) out[i] = m.mu + m.itemBias[i]!;
}

/** Contribution of each history item to item i's score; the reason names the top two positive ones. */
export function contributions(b: RecommenderBundle, u: number, h: History, i: number): Float64Array {
  const m = b.model;
  if (m.kind === 'explicit-knn') return knnContributions(m, b.history, h.items, h.values, knnBias(m, u, h), i);
  const c = new Float64Array(h.items.length);
  if (m.kind === 'implicit-mf') {
    // Hu et al. §5: score = Σ_j s_ij c_j with s_ij = y_iᵀ W y_j, W = (YᵀC_uY + λI)⁻¹
    const L = (h.solved ??= solveUser(m, h.items, h.values, itemGram(m))).L;
    const f = m.factors;
    const v = Float64Array.from(m.itemFactors.subarray(i * f, (i + 1) * f));
    choleskySolve(L, f, v);
    for (let q = 0; q < h.items.length; q++) {
      let s = 0;
      const jo = h.items[q]! * f;
      for (let a = 0; a < f; a++) s += v[a]! * m.itemFactors[jo + a]!;
      c[q] = s * (1 + m.params.alpha * h.values[q]!);
    }
  } else if (m.kind === 'explicit-mf') {
    let mean = 0;
    for (const r of h.values) mean += r;
    mean /= Math.max(1, h.values.length);
    // items the user liked (rated above their own mean) that sit close to i in factor space
    for (let q = 0; q < h.items.length; q++) {
      const liked = h.values[q]! - mean;
      c[q] = liked > 0 ? Math.max(0, cosine(m.itemFactors, m.factors, i, h.items[q]!)) * liked : 0;
    }
  } else if (m.kind === 'item-knn') {
    for (let q = 0; q < h.items.length; q++) {
      const j = h.items[q]!;
      for (let p = m.indptr[j]!; p < m.indptr[j + 1]!; p++)
        if (m.neighbours[p] === i) c[q] = m.similarity[p]! * (b.strength === 'binary' ? 1 : h.values[q]!);
    }
  }
  return c;
}
