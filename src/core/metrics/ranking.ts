// Top-k ranking metrics for recommendation lists: precision/recall/NDCG@k, catalogue coverage, popularity bias.
// Protocol (ANCHORS §2): binary gain, log2 discount, IDCG over min(|relevant|, k); relevant items
// that could never be recommended (e.g. unseen in train) still count in |relevant|.

/** Hits among the first k entries of `ranked` that are in `relevant`. */
function hits(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  let h = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r] as number)) h++;
  return h;
}

/** hits / k (a list shorter than k still divides by k). */
export function precisionAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  return k > 0 ? hits(ranked, relevant, k) / k : 0;
}

/** hits / |relevant| (`relevantCount` lets unrecommendable relevant items count). */
export function recallAtK(
  ranked: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  k: number,
  relevantCount = relevant.size,
): number {
  return relevantCount > 0 ? hits(ranked, relevant, k) / relevantCount : 0;
}

/** Binary-gain NDCG@k with IDCG over min(relevantCount, k). */
export function ndcgAtK(
  ranked: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  k: number,
  relevantCount = relevant.size,
): number {
  if (relevantCount <= 0) return 0;
  let dcg = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r] as number)) dcg += 1 / Math.log2(r + 2);
  let idcg = 0;
  const m = Math.min(relevantCount, k);
  for (let r = 0; r < m; r++) idcg += 1 / Math.log2(r + 2);
  return dcg / idcg;
}

/** Share of the catalogue (`catalogueSize` items) that appears in at least one list. */
export function catalogueCoverage(lists: ArrayLike<number>[], catalogueSize: number): number {
  if (catalogueSize <= 0) return 0;
  const seen = new Uint8Array(catalogueSize);
  let n = 0;
  for (const list of lists) {
    for (let r = 0; r < list.length; r++) {
      const i = list[r] as number;
      if (i >= 0 && i < catalogueSize && seen[i] === 0) {
        seen[i] = 1;
        n++;
      }
    }
  }
  return n / catalogueSize;
}

/**
 * Popularity percentile of every item (0 = least, 1 = most popular), ties sharing their mean rank.
 * `popularity[i]` is e.g. the number of train users of item i.
 */
export function popularityPercentiles(popularity: ArrayLike<number>): Float64Array {
  const n = popularity.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (popularity[a] as number) - (popularity[b] as number),
  );
  const pct = new Float64Array(n);
  let s = 0;
  while (s < n) {
    let e = s;
    while (e + 1 < n && popularity[order[e + 1]!] === popularity[order[s]!]) e++;
    const mid = n > 1 ? (s + e) / 2 / (n - 1) : 1;
    for (let r = s; r <= e; r++) pct[order[r]!] = mid;
    s = e + 1;
  }
  return pct;
}

/** Mean popularity percentile of recommended items: 1 means "only the most popular", ~0.5 means unbiased. */
export function popularityBias(lists: ArrayLike<number>[], percentiles: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (const list of lists) {
    for (let r = 0; r < list.length; r++) {
      const i = list[r] as number;
      if (i < 0 || i >= percentiles.length) continue;
      s += percentiles[i] as number;
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}

/**
 * Indices of the k largest `scores`, best first, skipping `exclude`d indices and NaN/-Infinity scores.
 * Ties go to the lower index so results are deterministic.
 */
export function topK(scores: ArrayLike<number>, k: number, exclude?: (i: number) => boolean): Int32Array {
  const idx = new Int32Array(k);
  const val = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (!(s > -Infinity)) continue;
    if (size === k && s <= val[k - 1]!) continue;
    if (exclude && exclude(i)) continue;
    // insertion into the sorted buffer (k is small: 10–100)
    let p = size < k ? size++ : k - 1;
    while (p > 0 && val[p - 1]! < s) {
      val[p] = val[p - 1]!;
      idx[p] = idx[p - 1]!;
      p--;
    }
    val[p] = s;
    idx[p] = i;
  }
  return size === k ? idx : idx.slice(0, size);
}
