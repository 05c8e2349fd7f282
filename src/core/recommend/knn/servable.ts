// Explicit (ratings) item-kNN as a servable model: the exact predictor the comparison evaluates (predictItemKnn:
// cosine item similarity, baseline-centred, top-k among the items the user rated), scoring a whole catalogue.
// A complete similarity list per item would be ~20M entries on MovieLens (≈240 MB), so the fitted plain data keeps
// only what is small (biases, item norms, each item's top-k neighbours for "similar items"); scoring a user
// recomputes the similarities of the user's rated items from the sparse history (Σ over their raters' rows).
import type { JobContext } from '../../jobs.ts';
import { DEFAULT_REG_USER, type BiasModel } from '../baselines.ts';
import { topK } from '../../metrics/ranking.ts';
import { fitItemKnn } from './item-knn.ts';
import { transpose, type Matrix } from '../interactions.ts';

export interface ExplicitKnnModel {
  kind: 'explicit-knn';
  users: string[];
  items: string[];
  /** Neighbours aggregated per prediction (the same k the evaluation uses). */
  k: number;
  biases: BiasModel;
  /** ‖item rating vector‖ over the fitted matrix: the cosine denominators. */
  norms: Float64Array;
  /** Each item's k most similar items (descending), CSR: the "similar items" list. */
  indptr: Int32Array;
  neighbours: Int32Array;
  similarity: Float32Array;
  /** Ridge penalty of a folded-in basket's user bias (as fitBiases' user step). */
  regUser: number;
}

/** Fits on `R` (user-major; serving must pass the same matrix as history) with its fitted biases. */
export async function fitExplicitKnn(R: Matrix, biases: BiasModel, ctx: JobContext, k = 40): Promise<ExplicitKnnModel> {
  const C = transpose(R);
  const norms = new Float64Array(C.users.length);
  // same summation order as predictItemKnn (raters ascending), so similarities are bit-identical
  for (let a = 0; a < norms.length; a++)
    for (let p = C.indptr[a]!; p < C.indptr[a + 1]!; p++) norms[a] = norms[a]! + C.values[p]! ** 2;
  for (let a = 0; a < norms.length; a++) norms[a] = Math.sqrt(norms[a]!);
  const nb = await fitItemKnn(R, k, ctx, false);
  return {
    kind: 'explicit-knn',
    users: R.users,
    items: R.items,
    k,
    biases,
    norms,
    indptr: nb.indptr,
    neighbours: nb.neighbours,
    similarity: nb.similarity,
    regUser: DEFAULT_REG_USER,
  };
}

/** A new customer's user bias given their ratings: the fitted item biases fixed, one ridge step (as fitBiases). */
export function foldUserBias(m: ExplicitKnnModel, items: ArrayLike<number>, values: ArrayLike<number>): number {
  let dev = 0;
  for (let q = 0; q < items.length; q++)
    dev += (values[q] as number) - m.biases.mu - m.biases.itemBias[items[q] as number]!;
  return dev / (m.regUser + items.length);
}

interface Scratch {
  /** Per target: the k best (similarity, residual) so far, descending; `thr` = the bar a new neighbour must beat. */
  count: Int32Array;
  sim: Float64Array;
  residual: Float64Array;
  thr: Float64Array;
  num: Float64Array;
  den: Float64Array;
  acc: Float64Array;
  mark: Int32Array;
  touched: Int32Array;
}

// scratch buffers per model (items × k), reused across users: scoring is synchronous, so one set suffices
const scratches = new WeakMap<ExplicitKnnModel, Scratch>();
const itemMajors = new WeakMap<Int32Array, Matrix>();

/** Item-major view of the fitted matrix (cached: serving many users transposes once). */
export function itemMajor(R: Matrix): Matrix {
  let C = itemMajors.get(R.indices);
  if (!C) itemMajors.set(R.indices, (C = transpose(R)));
  return C;
}

function scratchFor(m: ExplicitKnnModel): Scratch {
  let s = scratches.get(m);
  if (!s) {
    const n = m.items.length;
    const f = () => new Float64Array(n);
    s = {
      count: new Int32Array(n),
      sim: new Float64Array(n * m.k),
      residual: new Float64Array(n * m.k),
      thr: f(),
      num: f(),
      den: f(),
      acc: f(),
      mark: new Int32Array(n),
      touched: new Int32Array(n),
    };
    scratches.set(m, s);
  }
  return s;
}

/** One user's scoring pass: the model, the fitted matrix and its item-major view, scratch, and the user's bias. */
interface ScorePass {
  m: ExplicitKnnModel;
  R: Matrix;
  C: Matrix;
  scratch: Scratch;
  userBias: number;
  /** More rated items than k: keep the k best neighbours per target; otherwise plain sums. */
  select: boolean;
}

/** Dot products of rated item i with every item its raters rated, into acc; returns how many items were touched. */
function similarityRow(pass: ScorePass, i: number, stamp: number): number {
  const { C, R } = pass;
  const { acc, mark, touched } = pass.scratch;
  const Rp = R.indptr;
  const Ri = R.indices;
  const Rv = R.values;
  let nt = 0;
  // same products and order as predictItemKnn (raters ascending), so similarities are bit-identical;
  // acc is all zeros between rated items
  for (let p = C.indptr[i]!; p < C.indptr[i + 1]!; p++) {
    const v = C.indices[p]!;
    const x = C.values[p]!;
    const end = Rp[v + 1]!;
    for (let pp = Rp[v]!; pp < end; pp++) {
      const j = Ri[pp]!;
      if (mark[j] !== stamp) {
        mark[j] = stamp;
        touched[nt++] = j;
      }
      acc[j] = acc[j]! + x * Rv[pp]!;
    }
  }
  return nt;
}

/** Rated item i (residual e) as a neighbour of every touched target j it is similar enough to. */
function offerNeighbour(pass: ScorePass, i: number, e: number, nt: number): void {
  const { count, sim, residual, thr, num, den, acc, touched } = pass.scratch;
  const { norms, k } = pass.m;
  for (let t = 0; t < nt; t++) {
    const j = touched[t]!;
    const dot = acc[j]!;
    acc[j] = 0;
    if (j === i) continue;
    const sv = dot / (norms[j]! * norms[i]! || 1);
    if (!(sv > thr[j]!)) continue;
    if (!pass.select) {
      num[j] = num[j]! + sv * e;
      den[j] = den[j]! + sv;
      continue;
    }
    // insertion as topK: rated items come in ascending order and only a strictly larger value moves ahead
    const o = j * k;
    const c = count[j]!;
    let p = c < k ? (count[j] = c + 1) - 1 : k - 1;
    while (p > 0 && sim[o + p - 1]! < sv) {
      sim[o + p] = sim[o + p - 1]!;
      residual[o + p] = residual[o + p - 1]!;
      p--;
    }
    sim[o + p] = sv;
    residual[o + p] = e;
    if (c + 1 >= k) thr[j] = sim[o + k - 1]!;
  }
}

/** out[j] = b_uj + the similarity-weighted mean residual of j's neighbours; NaN for non-targets. */
function finishScores(pass: ScorePass, out: Float64Array, targets: Uint8Array | null): void {
  const { count, sim, residual, num, den } = pass.scratch;
  const { mu, itemBias } = pass.m.biases;
  const { k } = pass.m;
  for (let j = 0; j < out.length; j++) {
    if (targets && !targets[j]) {
      out[j] = NaN;
      continue;
    }
    let n = 0;
    let d = 0;
    if (pass.select)
      for (let p = j * k; p < j * k + count[j]!; p++) {
        n += sim[p]! * residual[p]!;
        d += sim[p]!;
      }
    else {
      n = num[j]!;
      d = den[j]!;
    }
    out[j] = mu + pass.userBias + itemBias[j]! + (d > 0 ? n / d : 0);
  }
}

/**
 * Predicted rating of the `targets` (mask; null = every item) for a user with ratings (`items` ascending, `values`)
 * and user bias `userBias`: out[j] = b_uj + Σ_{i ∈ the k most similar rated items} s_ij (r_ui − b_ui) / Σ s_ij,
 * unclipped; NaN for non-targets. `R` is the fitted matrix. Cost: Σ over rated items of their raters' row lengths.
 */
export function explicitKnnScores(
  m: ExplicitKnnModel,
  R: Matrix,
  items: ArrayLike<number>,
  values: ArrayLike<number>,
  userBias: number,
  out: Float64Array,
  targets: Uint8Array | null = null,
): void {
  const scratch = scratchFor(m);
  const { count, thr, num, den, mark } = scratch;
  const { mu, itemBias } = m.biases;
  // with at most k rated items every positive neighbour counts: plain sums, no per-target selection
  const pass: ScorePass = { m, R, C: itemMajor(R), scratch, userBias, select: items.length > m.k };
  for (let j = 0; j < out.length; j++) thr[j] = targets && !targets[j] ? Infinity : 0;
  if (pass.select) count.fill(0);
  else {
    num.fill(0);
    den.fill(0);
  }
  for (let q = 0; q < items.length; q++) {
    const i = items[q] as number;
    const e = (values[q] as number) - (mu + userBias + itemBias[i]!);
    const nt = similarityRow(pass, i, q + 1);
    offerNeighbour(pass, i, e, nt);
  }
  mark.fill(0);
  finishScores(pass, out, targets);
}

/**
 * Contribution s_ij·(r_ui − b_ui) of each of the user's rated items (by history position) to item j's prediction:
 * 0 outside the k neighbours used. Costs one similarity row (j's raters' rows).
 */
export function knnContributions(
  m: ExplicitKnnModel,
  R: Matrix,
  items: ArrayLike<number>,
  values: ArrayLike<number>,
  userBias: number,
  j: number,
): Float64Array {
  const C = itemMajor(R);
  const { acc, mark, touched } = scratchFor(m);
  const { mu, itemBias } = m.biases;
  let nt = 0;
  for (let p = C.indptr[j]!; p < C.indptr[j + 1]!; p++) {
    const x = C.values[p]!;
    const v = C.indices[p]!;
    for (let pp = R.indptr[v]!; pp < R.indptr[v + 1]!; pp++) {
      const i = R.indices[pp]!;
      if (mark[i] !== 1) {
        mark[i] = 1;
        touched[nt++] = i;
      }
      acc[i] = acc[i]! + x * R.values[pp]!;
    }
  }
  const sims = new Float64Array(items.length);
  for (let q = 0; q < items.length; q++) {
    const i = items[q] as number;
    sims[q] = i === j || mark[i] !== 1 ? 0 : acc[i]! / (m.norms[j]! * m.norms[i]! || 1);
  }
  for (let t = 0; t < nt; t++) {
    mark[touched[t]!] = 0;
    acc[touched[t]!] = 0;
  }
  const c = new Float64Array(items.length);
  for (const q of topK(sims, m.k)) {
    if (sims[q]! <= 0) continue;
    const i = items[q] as number;
    c[q] = sims[q]! * ((values[q] as number) - (mu + userBias + itemBias[i]!));
  }
  return c;
}
