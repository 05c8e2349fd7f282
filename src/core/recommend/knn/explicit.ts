// Neighbourhood rating baselines (as Surprise KNNBaseline): r̂ = b_ui + Σ_k sim·(r − b) / Σ_k sim over the k most
// similar neighbours that rated the target. User-kNN uses shrunk Pearson on baseline residuals; item-kNN cosine.
// Similarity rows are computed on demand per target row (O(n) memory), never as a dense users² / items² matrix.
import { topK } from '../../metrics/ranking.ts';
import type { JobContext } from '../../jobs.ts';
import { baseline, type BiasModel } from '../baselines.ts';
import { transpose, type MappedPairs, type Matrix } from '../interactions.ts';

export type KnnSimilarity = 'pearson-baseline' | 'cosine';

export interface KnnOptions {
  k?: number;
  /** Pearson shrinkage: sim · (n−1)/(n−1+shrinkage) over n common ratings. */
  shrinkage?: number;
}

/**
 * Predicts `pairs` with a row-neighbourhood model on R (rows × cols). For user-kNN R is user-major;
 * for item-kNN pass the item-major matrix and swapped pairs. `base(row, col)` is the baseline b of that cell.
 */
async function predictRows(
  R: Matrix,
  rows: Int32Array,
  cols: Int32Array,
  sim: KnnSimilarity,
  base: (row: number, col: number) => number,
  opts: KnnOptions,
  ctx: JobContext,
): Promise<Float64Array> {
  const k = opts.k ?? 40;
  const shrink = opts.shrinkage ?? 100;
  const C = transpose(R);
  const nRows = R.users.length;
  const out = new Float64Array(rows.length);
  // per stored cell: the raw value, or its residual r − b (row/col swapped back for the transposed matrix)
  const cells = (m: Matrix, transposed: boolean, residual: boolean) => {
    const v = new Float64Array(m.values.length);
    for (let a = 0; a < m.users.length; a++) {
      for (let p = m.indptr[a]!; p < m.indptr[a + 1]!; p++) {
        const b = transposed ? base(m.indices[p]!, a) : base(a, m.indices[p]!);
        v[p] = residual ? m.values[p]! - b : m.values[p]!;
      }
    }
    return v;
  };
  // similarity inputs: residuals for Pearson, raw ratings for cosine; the aggregation always uses residuals
  const rv = cells(R, false, sim !== 'cosine');
  const cv = cells(C, true, sim !== 'cosine');
  const cres = sim === 'cosine' ? cells(C, true, true) : cv;
  const norm = new Float64Array(nRows);
  for (let a = 0; a < nRows; a++)
    for (let p = R.indptr[a]!; p < R.indptr[a + 1]!; p++) norm[a] = norm[a]! + rv[p]! ** 2;
  for (let a = 0; a < nRows; a++) norm[a] = Math.sqrt(norm[a]!);
  const prods = new Float64Array(nRows);
  const sqa = new Float64Array(nRows);
  const sqb = new Float64Array(nRows);
  const freq = new Int32Array(nRows);
  const touched = new Int32Array(nRows);
  const byRow = new Map<number, number[]>();
  for (let t = 0; t < rows.length; t++) {
    const a = rows[t]!;
    if (a < 0 || cols[t]! < 0) {
      out[t] = base(a, cols[t]!);
      continue;
    }
    let l = byRow.get(a);
    if (!l) byRow.set(a, (l = []));
    l.push(t);
  }
  let done = 0;
  for (const [a, targets] of byRow) {
    if (done++ % 200 === 0) {
      ctx.checkCancelled();
      await ctx.yield();
    }
    let nt = 0;
    for (let p = R.indptr[a]!; p < R.indptr[a + 1]!; p++) {
      const c = R.indices[p]!;
      const ea = rv[p]!;
      for (let q = C.indptr[c]!; q < C.indptr[c + 1]!; q++) {
        const b = C.indices[q]!;
        if (b === a) continue;
        if (freq[b] === 0) touched[nt++] = b;
        const eb = cv[q]!;
        freq[b]!++;
        prods[b] = prods[b]! + ea * eb;
        sqa[b] = sqa[b]! + ea * ea;
        sqb[b] = sqb[b]! + eb * eb;
      }
    }
    const simOf = (b: number): number => {
      if (freq[b] === 0) return 0;
      if (sim === 'cosine') return prods[b]! / (norm[a]! * norm[b]! || 1);
      const d = Math.sqrt(sqa[b]! * sqb[b]!);
      return d > 0 ? (prods[b]! / d) * ((freq[b]! - 1) / (freq[b]! - 1 + shrink)) : 0;
    };
    for (const t of targets) {
      const c = cols[t]!;
      const start = C.indptr[c]!;
      const n = C.indptr[c + 1]! - start;
      const sims = new Float64Array(n);
      for (let q = 0; q < n; q++) {
        const b = C.indices[start + q]!;
        sims[q] = b === a ? -Infinity : simOf(b);
      }
      let num = 0;
      let den = 0;
      for (const q of topK(sims, k)) {
        const s = sims[q]!;
        if (s <= 0) continue;
        num += s * cres[start + q]!;
        den += s;
      }
      out[t] = base(a, c) + (den > 0 ? num / den : 0);
    }
    for (let x = 0; x < nt; x++) {
      const b = touched[x]!;
      freq[b] = 0;
      prods[b] = 0;
      sqa[b] = 0;
      sqb[b] = 0;
    }
  }
  return out;
}

function clip(pred: Float64Array, b: BiasModel): Float64Array {
  for (let t = 0; t < pred.length; t++) pred[t] = Math.min(b.ratingMax, Math.max(b.ratingMin, pred[t]!));
  return pred;
}

/** User-kNN, shrunk Pearson on baseline residuals (Surprise KNNBaseline defaults: k 40, shrinkage 100). */
export async function predictUserKnn(
  train: Matrix,
  b: BiasModel,
  test: MappedPairs,
  ctx: JobContext,
  opts: KnnOptions = {},
): Promise<Float64Array> {
  const pred = await predictRows(
    train,
    test.user,
    test.item,
    'pearson-baseline',
    (u, i) => baseline(b, u, i),
    opts,
    ctx,
  );
  return clip(pred, b);
}

/** Item-kNN, cosine similarity of item rating vectors; baseline-centred aggregation over the user's rated items. */
export async function predictItemKnn(
  train: Matrix,
  b: BiasModel,
  test: MappedPairs,
  ctx: JobContext,
  opts: KnnOptions = {},
): Promise<Float64Array> {
  const pred = await predictRows(
    transpose(train),
    test.item,
    test.user,
    'cosine',
    (i, u) => baseline(b, u, i),
    opts,
    ctx,
  );
  return clip(pred, b);
}
