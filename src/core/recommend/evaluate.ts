// Held-out evaluation of recommenders: top-k ranking metrics over users with test items, and rating errors.
import {
  catalogueCoverage,
  ndcgAtK,
  popularityBias,
  popularityPercentiles,
  precisionAtK,
  recallAtK,
  topK,
} from '../metrics/ranking.ts';
import { mae, rmse } from '../metrics/regression.ts';
import { itemCounts, type MappedPairs, type Matrix } from './interactions.ts';
import { permutation, rng } from '../random.ts';

/**
 * Ranking every item for every user costs users × items × factors: beyond this many evaluated users a seeded
 * random sample of them is scored (the metrics are means over users, so a sample estimates them well).
 */
export const MAX_EVAL_USERS = 5000;

/**
 * Keeps at most `max` evaluated users (a seeded random subset, in user order); `sampledFrom` records the full
 * count.
 */
export function sampleUsers(t: RankingTest, max = MAX_EVAL_USERS, seed = 0): RankingTest {
  if (t.users.length <= max) return t;
  const keep = permutation(t.users.length, rng(seed)).slice(0, max).sort();
  return {
    users: Int32Array.from(keep, (k) => t.users[k]!),
    relevant: Array.from(keep, (k) => t.relevant[k]!),
    coldUserInteractions: t.coldUserInteractions,
    sampledFrom: t.users.length,
  };
}

/** Relevant items per evaluated user, in the train index space (−1 = item unseen in train: counts, never hit). */
export interface RankingTest {
  users: Int32Array;
  relevant: Int32Array[];
  /** Test interactions of users unseen in train (cannot be evaluated: reported, not scored). */
  coldUserInteractions: number;
  /** Set when `users` is a random sample of this many evaluable users. */
  sampledFrom?: number;
}

/** Writes a score for every train item into `out` (length = number of train items). */
export type Scorer = (u: number, out: Float64Array) => void;

export interface RankingMetrics {
  k: number;
  precisionAtK: number;
  recallAtK: number;
  ndcgAtK: number;
  coverage: number;
  popularityBias: number;
  users: number;
}

/** Groups test pairs by user; drops the pairs of a user that also occur in the user's train items. */
export function rankingTest(test: MappedPairs, train: Matrix): RankingTest {
  const per = new Map<number, number[]>();
  let cold = 0;
  for (let k = 0; k < test.user.length; k++) {
    const u = test.user[k]!;
    if (u < 0) {
      cold++;
      continue;
    }
    let list = per.get(u);
    if (!list) per.set(u, (list = []));
    list.push(test.item[k]!);
  }
  const users = [...per.keys()].sort((a, b) => a - b);
  const relevant: Int32Array[] = [];
  const kept: number[] = [];
  for (const u of users) {
    const own = new Set(train.indices.subarray(train.indptr[u]!, train.indptr[u + 1]!));
    // an item already in train is not a "new" recommendation target (repeat purchases in retail data)
    const rel = per.get(u)!.filter((i) => i < 0 || !own.has(i));
    if (rel.length === 0) continue;
    kept.push(u);
    relevant.push(Int32Array.from(rel));
  }
  return { users: Int32Array.from(kept), relevant, coldUserInteractions: cold };
}

/** Validation hold-out (same index space as its train matrix) → ranking test. */
export function rankingTestFromMatrix(valid: Matrix): RankingTest {
  const users: number[] = [];
  const relevant: Int32Array[] = [];
  for (let u = 0; u < valid.users.length; u++) {
    const a = valid.indptr[u]!;
    const b = valid.indptr[u + 1]!;
    if (b > a) {
      users.push(u);
      relevant.push(valid.indices.slice(a, b));
    }
  }
  return { users: Int32Array.from(users), relevant, coldUserInteractions: 0 };
}

/**
 * Ranks all train items for every evaluated user, the user's train items removed, and averages P/R/NDCG@k.
 * Coverage and popularity bias describe the recommended lists (popularity = train interaction counts).
 */
export function evaluateRanking(
  score: Scorer,
  train: Matrix,
  test: RankingTest,
  k = 10,
): RankingMetrics & { lists: Int32Array[]; perUser: Float64Array } {
  const ni = train.items.length;
  const scores = new Float64Array(ni);
  const perUser = new Float64Array(test.users.length);
  let p = 0;
  let r = 0;
  let n = 0;
  const lists: Int32Array[] = [];
  for (let t = 0; t < test.users.length; t++) {
    const u = test.users[t]!;
    score(u, scores);
    for (let q = train.indptr[u]!; q < train.indptr[u + 1]!; q++) scores[train.indices[q]!] = -Infinity;
    const top = topK(scores, k);
    lists.push(top);
    const relArr = test.relevant[t]!;
    const rel = new Set<number>();
    for (const i of relArr) if (i >= 0) rel.add(i);
    p += precisionAtK(top, rel, k);
    r += recallAtK(top, rel, k, relArr.length);
    perUser[t] = ndcgAtK(top, rel, k, relArr.length);
    n += perUser[t]!;
  }
  const m = Math.max(1, test.users.length);
  return {
    k,
    precisionAtK: p / m,
    recallAtK: r / m,
    ndcgAtK: n / m,
    coverage: catalogueCoverage(lists, ni),
    popularityBias: popularityBias(lists, popularityPercentiles(itemCounts(train))),
    users: test.users.length,
    lists,
    perUser,
  };
}

export interface RatingMetrics {
  rmse: number;
  mae: number;
  n: number;
}

/** RMSE / MAE of `predict` on the test pairs; the predictions are written to `out` when given (paired comparisons). */
export function evaluateRatings(
  test: MappedPairs,
  predict: (u: number, i: number) => number,
  out?: Float64Array,
): RatingMetrics {
  const pred = out ?? new Float64Array(test.user.length);
  for (let k = 0; k < pred.length; k++) pred[k] = predict(test.user[k]!, test.item[k]!);
  return { rmse: rmse(test.value, pred), mae: mae(test.value, pred), n: pred.length };
}
