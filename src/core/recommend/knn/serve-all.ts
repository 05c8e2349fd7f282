// Top-N for every user from the explicit item-kNN model, item by item: one similarity row per candidate item
// (the whole pass costs one similarity-matrix computation plus Σ users' history lengths per candidate), instead of
// recomputing every rated item's row per user. Same predictions, ranking and tie-breaks as the per-user path.
import type { ExplicitKnnModel } from './servable.ts';
import { itemMajor } from './servable.ts';
import type { Matrix } from '../interactions.ts';

export interface KnnTopAll {
  n: number;
  /** Per user, up to n items (best first) as item indices; −1 = empty slot. */
  items: Int32Array;
  scores: Float64Array;
  /** Per slot, the two history positions contributing most (−1 = none), then their contributions. */
  because: Int32Array;
  contribution: Float64Array;
}

/** The all-users pass: the model and matrix, the residuals, the result, and scratch reused item by item. */
interface TopAllPass {
  m: ExplicitKnnModel;
  R: Matrix;
  C: Matrix;
  /** Residual r_ui − b_ui per stored rating. */
  res: Float64Array;
  out: KnnTopAll;
  /** The current item's similarity to every item (0 where not positive). */
  row: Float64Array;
  touched: Int32Array;
  seen: Uint8Array;
  /** Users who rated the current item (not scored for it). */
  rater: Uint8Array;
  hs: Float64Array;
  hp: Int32Array;
  sel: Float64Array;
  bar: Float64Array;
  /** Entries of hs/hp the last neighbourMean kept (when the user has more than k ratings). */
  kept: number;
}

function topAllPass(m: ExplicitKnnModel, R: Matrix, n: number): TopAllPass {
  const nu = R.users.length;
  const ni = R.items.length;
  const { k } = m;
  const { mu, userBias, itemBias } = m.biases;
  const Rp = R.indptr;
  const Ri = R.indices;
  const Rv = R.values;
  // residual r_ui − b_ui per stored rating (same arithmetic as the per-user path)
  const res = new Float64Array(Ri.length);
  for (let u = 0; u < nu; u++)
    for (let p = Rp[u]!; p < Rp[u + 1]!; p++) res[p] = Rv[p]! - (mu + userBias[u]! + itemBias[Ri[p]!]!);
  const out: KnnTopAll = {
    n,
    items: new Int32Array(nu * n).fill(-1),
    scores: new Float64Array(nu * n).fill(-Infinity),
    because: new Int32Array(nu * n * 2).fill(-1),
    contribution: new Float64Array(nu * n * 2),
  };
  return {
    m,
    R,
    C: itemMajor(R),
    res,
    out,
    row: new Float64Array(ni),
    touched: new Int32Array(ni),
    seen: new Uint8Array(ni),
    rater: new Uint8Array(nu),
    // a user's best neighbours of the current item so far (similarity, rating position), in position order: values
    // above the bar T are appended; at 2k entries the buffer is cut back to the k best (amortised O(1) per rating)
    hs: new Float64Array(2 * k),
    hp: new Int32Array(2 * k),
    sel: new Float64Array(2 * k),
    bar: new Float64Array(1),
    kept: 0,
  };
}

/** Item j's similarity row (marking its raters); returns how many items were touched. */
function itemSimilarityRow(pass: TopAllPass, j: number): number {
  const { C, R, row, touched, seen, rater } = pass;
  const { norms } = pass.m;
  let nt = 0;
  for (let p = C.indptr[j]!; p < C.indptr[j + 1]!; p++) {
    const v = C.indices[p]!;
    const x = C.values[p]!;
    rater[v] = 1;
    for (let pp = R.indptr[v]!; pp < R.indptr[v + 1]!; pp++) {
      const i = R.indices[pp]!;
      if (!seen[i]) {
        seen[i] = 1;
        touched[nt++] = i;
      }
      row[i] = row[i]! + x * R.values[pp]!;
    }
  }
  // non-positive similarities never count: stored as 0 so the sums below need no branch
  for (let t = 0; t < nt; t++) {
    const i = touched[t]!;
    row[i] = i === j ? 0 : Math.max(0, row[i]! / (norms[j]! * norms[i]! || 1));
  }
  return nt;
}

/** Similarity-weighted mean residual of user u's k most similar rated items (0 without a positive one). */
function neighbourMean(pass: TopAllPass, u: number): number {
  const { R, row, res, hs, hp, sel, bar } = pass;
  const { k } = pass.m;
  const Ri = R.indices;
  const a = R.indptr[u]!;
  const e = R.indptr[u + 1]!;
  let num = 0;
  let den = 0;
  let c = 0;
  if (e - a <= k) {
    // at most k rated items: every positive neighbour counts (non-positive similarities are stored as 0)
    for (let p = a; p < e; p++) {
      const sv = row[Ri[p]!]!;
      num += sv * res[p]!;
      den += sv;
    }
  } else {
    let T = 0;
    for (let p = a; p < e; p++) {
      const sv = row[Ri[p]!]!;
      if (sv > T) {
        hs[c] = sv;
        hp[c++] = p;
        if (c === 2 * k) {
          c = cut(hs, hp, sel, c, k, bar);
          T = bar[0]!;
        }
      }
    }
    if (c > k) c = cut(hs, hp, sel, c, k, bar);
    for (let t = 0; t < c; t++) {
      num += hs[t]! * res[hp[t]!]!;
      den += hs[t]!;
    }
  }
  pass.kept = c;
  return den > 0 ? num / den : 0;
}

/** Puts item j into user u's top-n, ties to the lower item index (items arrive ascending) as topK; returns its slot. */
function insertTopN(out: KnnTopAll, u: number, j: number, score: number): number {
  const { n } = out;
  const o = u * n;
  let z = n - 1;
  while (z > 0 && out.scores[o + z - 1]! < score) {
    out.scores[o + z] = out.scores[o + z - 1]!;
    out.items[o + z] = out.items[o + z - 1]!;
    out.because.copyWithin((o + z) * 2, (o + z - 1) * 2, (o + z) * 2);
    out.contribution.copyWithin((o + z) * 2, (o + z - 1) * 2, (o + z) * 2);
    z--;
  }
  out.scores[o + z] = score;
  out.items[o + z] = j;
  return o + z;
}

/** Slot `slot`'s reasons: the two history positions of user u contributing most to the current item. */
function recordReasons(pass: TopAllPass, u: number, slot: number): void {
  const { R, row, res, hs, hp, out } = pass;
  const a = R.indptr[u]!;
  const e = R.indptr[u + 1]!;
  // the two largest positive contributions s·(r − b), ties to the earlier history position (as topK)
  let b1 = -1;
  let c1 = 0;
  let b2 = -1;
  let c2 = 0;
  const consider = (q: number, v: number) => {
    if (!(v > 0)) return;
    if (b1 < 0 || v > c1 || (v === c1 && q < b1)) {
      b2 = b1;
      c2 = c1;
      b1 = q;
      c1 = v;
    } else if (b2 < 0 || v > c2 || (v === c2 && q < b2)) {
      b2 = q;
      c2 = v;
    }
  };
  if (e - a <= pass.m.k)
    for (let p = a; p < e; p++) {
      const sv = row[R.indices[p]!]!;
      if (sv > 0) consider(p - a, sv * res[p]!);
    }
  else for (let t = 0; t < pass.kept; t++) consider(hp[t]! - a, hs[t]! * res[hp[t]!]!);
  const w = slot * 2;
  out.because[w] = b1;
  out.because[w + 1] = b2;
  out.contribution[w] = c1;
  out.contribution[w + 1] = c2;
}

/** Clears item j's similarity row and rater marks for the next item. */
function resetItem(pass: TopAllPass, j: number, nt: number): void {
  const { C, row, touched, seen, rater } = pass;
  for (let t = 0; t < nt; t++) {
    row[touched[t]!] = 0;
    seen[touched[t]!] = 0;
  }
  for (let p = C.indptr[j]!; p < C.indptr[j + 1]!; p++) rater[C.indices[p]!] = 0;
}

/** The n best `eligible` items per user that the user has not rated (unclipped predicted ratings). */
export function explicitKnnTopAll(
  m: ExplicitKnnModel,
  R: Matrix,
  eligible: Uint8Array,
  n: number,
  onItem?: (done: number, total: number) => void,
): KnnTopAll {
  const pass = topAllPass(m, R, n);
  const { out, rater } = pass;
  const nu = R.users.length;
  const ni = R.items.length;
  const { mu, userBias, itemBias } = m.biases;
  for (let j = 0; j < ni; j++) {
    if (onItem && j % 500 === 0) onItem(j, ni);
    if (!eligible[j]) continue;
    const nt = itemSimilarityRow(pass, j);
    for (let u = 0; u < nu; u++) {
      if (rater[u]) continue;
      const score = mu + userBias[u]! + itemBias[j]! + neighbourMean(pass, u);
      if (!(score > out.scores[u * n + n - 1]!)) continue;
      recordReasons(pass, u, insertTopN(out, u, j, score));
    }
    resetItem(pass, j, nt);
  }
  return out;
}

/**
 * Cuts the buffer (position order) back to its k largest, ties to the earlier position (topK's rule): all above the
 * k-th value T, then the first ones equal to T. Returns the new length; bar[0] = T.
 */
function cut(hs: Float64Array, hp: Int32Array, sel: Float64Array, c: number, k: number, bar: Float64Array): number {
  sel.set(hs.subarray(0, c));
  const T = kthLargest(sel, c, k);
  let ties = k;
  for (let t = 0; t < c; t++) if (hs[t]! > T) ties--;
  let w = 0;
  for (let t = 0; t < c; t++) {
    const v = hs[t]!;
    if (v > T || (v === T && ties-- > 0)) {
      hs[w] = v;
      hp[w++] = hp[t]!;
    }
  }
  bar[0] = T;
  return w;
}

/** The k-th largest of a[0..n) (reorders a): Hoare selection, expected O(n). */
function kthLargest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}
