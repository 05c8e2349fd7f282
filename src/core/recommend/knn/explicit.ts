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

type Base = (row: number, col: number) => number;

/** Per stored cell: the raw value, or its residual r − b (row/col swapped back for the transposed matrix). */
function cellValues(m: Matrix, transposed: boolean, residual: boolean, base: Base): Float64Array {
  const v = new Float64Array(m.values.length);
  for (let a = 0; a < m.users.length; a++) {
    for (let p = m.indptr[a]!; p < m.indptr[a + 1]!; p++) {
      const b = transposed ? base(m.indices[p]!, a) : base(a, m.indices[p]!);
      v[p] = residual ? m.values[p]! - b : m.values[p]!;
    }
  }
  return v;
}

/** One prediction pass: R and its transpose C, the cell values, and per-neighbour accumulators reset per row. */
interface RowKnn {
  R: Matrix;
  C: Matrix;
  cols: Int32Array;
  sim: KnnSimilarity;
  base: Base;
  k: number;
  shrink: number;
  /** Similarity inputs over R and C: residuals for Pearson, raw ratings for cosine. */
  rv: Float64Array;
  cv: Float64Array;
  /** Residuals over C: what the aggregation always uses. */
  cres: Float64Array;
  norm: Float64Array;
  prods: Float64Array;
  sqa: Float64Array;
  sqb: Float64Array;
  freq: Int32Array;
  touched: Int32Array;
  out: Float64Array;
}

function rowKnn(R: Matrix, cols: Int32Array, sim: KnnSimilarity, base: Base, opts: KnnOptions, n: number): RowKnn {
  const C = transpose(R);
  const nRows = R.users.length;
  // similarity inputs: residuals for Pearson, raw ratings for cosine; the aggregation always uses residuals
  const rv = cellValues(R, false, sim !== 'cosine', base);
  const cv = cellValues(C, true, sim !== 'cosine', base);
  const cres = sim === 'cosine' ? cellValues(C, true, true, base) : cv;
  const norm = new Float64Array(nRows);
  for (let a = 0; a < nRows; a++)
    for (let p = R.indptr[a]!; p < R.indptr[a + 1]!; p++) norm[a] = norm[a]! + rv[p]! ** 2;
  for (let a = 0; a < nRows; a++) norm[a] = Math.sqrt(norm[a]!);
  const acc = () => new Float64Array(nRows);
  return {
    R,
    C,
    cols,
    sim,
    base,
    k: opts.k ?? 40,
    shrink: opts.shrinkage ?? 100,
    rv,
    cv,
    cres,
    norm,
    prods: acc(),
    sqa: acc(),
    sqb: acc(),
    freq: new Int32Array(nRows),
    touched: new Int32Array(nRows),
    out: new Float64Array(n),
  };
}

/** Targets grouped by row; a cold row or column is predicted by its baseline at once. */
function targetsByRow(s: RowKnn, rows: Int32Array): Map<number, number[]> {
  const { cols, base, out } = s;
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
  return byRow;
}

/** Co-rating sums of row a with every row sharing a column; returns how many rows were touched. */
function accumulateOverlaps(s: RowKnn, a: number): number {
  const { R, C, rv, cv, prods, sqa, sqb, freq, touched } = s;
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
  return nt;
}

/** Similarity of rows a and b from the accumulated sums (shrunk Pearson or cosine). */
function similarity(s: RowKnn, a: number, b: number): number {
  const { freq, prods, sqa, sqb, norm } = s;
  if (freq[b] === 0) return 0;
  if (s.sim === 'cosine') return prods[b]! / (norm[a]! * norm[b]! || 1);
  const d = Math.sqrt(sqa[b]! * sqb[b]!);
  return d > 0 ? (prods[b]! / d) * ((freq[b]! - 1) / (freq[b]! - 1 + s.shrink)) : 0;
}

/** b_ac + the similarity-weighted mean residual of the k most similar rows that rated column c. */
function predictTarget(s: RowKnn, a: number, t: number): void {
  const { C, cols, cres } = s;
  const c = cols[t]!;
  const start = C.indptr[c]!;
  const n = C.indptr[c + 1]! - start;
  const sims = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const b = C.indices[start + q]!;
    sims[q] = b === a ? -Infinity : similarity(s, a, b);
  }
  let num = 0;
  let den = 0;
  for (const q of topK(sims, s.k)) {
    const v = sims[q]!;
    if (v <= 0) continue;
    num += v * cres[start + q]!;
    den += v;
  }
  s.out[t] = s.base(a, c) + (den > 0 ? num / den : 0);
}

function resetTouched(s: RowKnn, nt: number): void {
  const { freq, prods, sqa, sqb, touched } = s;
  for (let x = 0; x < nt; x++) {
    const b = touched[x]!;
    freq[b] = 0;
    prods[b] = 0;
    sqa[b] = 0;
    sqb[b] = 0;
  }
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
  base: Base,
  opts: KnnOptions,
  ctx: JobContext,
): Promise<Float64Array> {
  const s = rowKnn(R, cols, sim, base, opts, rows.length);
  let done = 0;
  for (const [a, targets] of targetsByRow(s, rows)) {
    if (done++ % 200 === 0) {
      ctx.checkCancelled();
      await ctx.yield();
    }
    const nt = accumulateOverlaps(s, a);
    for (const t of targets) predictTarget(s, a, t);
    resetTouched(s, nt);
  }
  return s.out;
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
