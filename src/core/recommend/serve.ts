// Serving from a trained bundle: top-N for a user (train items excluded) with a reason, similar items, and
// fold-in of a new basket (MF: the user's factor solved against the fixed item factors; explicit item-kNN: the basket
// is the user's ratings, with a folded user bias): no retraining.
import { JobError } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';
import { topK } from '../metrics/ranking.ts';
import { indexOf } from './interactions.ts';
import { explicitKnnTopAll } from './knn/serve-all.ts';
import { unit } from './serve-factors.ts';
import { displayName, type RecommenderBundle } from './model.ts';
import { contributions, scores, type History } from './serve-scores.ts';

export interface Recommendation {
  rank: number;
  item: string;
  name: string;
  score: number;
  /** "because you rated X and Y" (or why else the item is there), worded by the UI / CLI. */
  reason: Msg | string;
  /** Ids of the history items named in the reason. */
  because: string[];
}

export interface SimilarItem {
  item: string;
  name: string;
  score: number;
}

function historyOf(b: RecommenderBundle, u: number): History {
  const a = b.history.indptr[u]!;
  const e = b.history.indptr[u + 1]!;
  return { items: b.history.indices.slice(a, e), values: b.history.values.slice(a, e) };
}

const indexes = new WeakMap<string[], Map<string, number>>();
function indexIn(ids: string[]): Map<string, number> {
  let m = indexes.get(ids);
  if (!m) indexes.set(ids, (m = indexOf(ids)));
  return m;
}

function userIndex(b: RecommenderBundle, userId: string): number {
  const u = indexIn(b.history.users).get(userId) ?? -1;
  if (u < 0)
    throw new JobError(
      'unknown-user',
      `Customer \`${userId}\` is not in the training data; enter their items as a basket instead.`,
      { user: userId },
    );
  return u;
}

function reasonFor(b: RecommenderBundle, u: number, h: History, i: number): { reason: Msg; because: string[] } {
  const m = b.model;
  if (m.kind === 'popular') return { reason: msg('rec_reason_popular', { count: m.counts[i] ?? 0 }), because: [] };
  if (m.kind === 'biases') return { reason: msg('rec_reason_rated_high'), because: [] };
  const c = contributions(b, u, h, i);
  return reasonText(
    b,
    h,
    [...topK(c, 2)].filter((q) => c[q]! > 0),
  );
}

const BECAUSE: Record<string, string> = {
  rated: 'rec_reason_rated',
  bought: 'rec_reason_bought',
  chose: 'rec_reason_chose',
};

/** "because you rated X and Y" from the history positions `top` (best first); the item names are data. */
function reasonText(b: RecommenderBundle, h: History, top: number[]): { reason: Msg; because: string[] } {
  if (top.length === 0)
    return {
      reason: msg(b.model.kind === 'explicit-knn' ? 'rec_reason_rated_high' : 'rec_reason_like_you'),
      because: [],
    };
  const names = top.map((q) => `“${displayName(b, h.items[q]!)}”`);
  const items = names.length > 1 ? msg('rec_reason_two', { first: names[0]!, second: names[1]! }) : names[0]!;
  return {
    reason: msg(BECAUSE[b.verb] ?? 'rec_reason_chose', { items }),
    because: top.map((q) => b.history.items[h.items[q]!]!),
  };
}

const supports = new WeakMap<Int32Array, Float64Array>();
/** Interactions per item in the history (cached per bundle). */
function support(b: RecommenderBundle): Float64Array {
  let c = supports.get(b.history.indices);
  if (!c) {
    c = new Float64Array(b.history.items.length);
    for (const i of b.history.indices) c[i]!++;
    supports.set(b.history.indices, c);
  }
  return c;
}

/**
 * A rating model's top scores are dominated by items with one or two enthusiastic ratings (a large, barely
 * regularised item bias): rating recommendations need this many ratings behind an item.
 */
export const MIN_RATINGS_TO_RECOMMEND = 5;

/** Items a rating model may recommend (enough ratings behind them); every item in implicit mode. */
function eligible(b: RecommenderBundle): Uint8Array {
  const c = support(b);
  return Uint8Array.from(c, (x) => (b.mode !== 'explicit' || x >= MIN_RATINGS_TO_RECOMMEND ? 1 : 0));
}

// rank on raw scores (clipping would create ties); show a rating model's score as a rating in range
function shownScore(b: RecommenderBundle, s: number): number {
  const m = b.model;
  const range = m.kind === 'explicit-mf' || m.kind === 'biases' ? m : m.kind === 'explicit-knn' ? m.biases : null;
  return range ? Math.min(range.ratingMax, Math.max(range.ratingMin, s)) : s;
}

function rank(b: RecommenderBundle, u: number, h: History, n: number): Recommendation[] {
  const out = new Float64Array(b.history.items.length);
  const ok = eligible(b);
  for (const i of h.items) ok[i] = 0;
  scores(b, u, h, out, ok);
  for (let i = 0; i < out.length; i++) if (!ok[i]) out[i] = -Infinity;
  return [...topK(out, n)].map((i, r) => ({
    rank: r + 1,
    item: b.history.items[i]!,
    name: displayName(b, i),
    score: shownScore(b, out[i]!),
    ...reasonFor(b, u, h, i),
  }));
}

/** Top-n items for a known user, never one already in their history. */
export function recommendForUser(b: RecommenderBundle, userId: string, n = 10): Recommendation[] {
  const u = userIndex(b, userId);
  return rank(b, u, historyOf(b, u), n);
}

/**
 * Recommendations for a new basket by fold-in. `value` is a rating (explicit) or a quantity (implicit; default 1).
 * Unknown item ids are listed in `unknown` and otherwise ignored.
 */
export function recommendForBasket(
  b: RecommenderBundle,
  basket: { item: string; value?: number }[],
  n = 10,
): { recommendations: Recommendation[]; unknown: string[] } {
  const idx = indexIn(b.history.items);
  const seen = new Map<number, number>();
  const unknown: string[] = [];
  for (const e of basket) {
    const i = idx.get(e.item.trim());
    if (i === undefined) {
      unknown.push(e.item);
      continue;
    }
    const raw = e.value ?? (b.mode === 'explicit' ? NaN : 1);
    if (b.mode === 'explicit' && !Number.isFinite(raw))
      throw new JobError('basket-rating', `Item \`${e.item}\` needs a rating for an explicit (ratings) model.`, {
        item: e.item,
      });
    const v =
      b.mode === 'explicit'
        ? raw
        : b.strength === 'binary'
          ? 1
          : b.strength === 'count'
            ? (seen.get(i) ?? 0) + 1
            : Math.log1p(Math.max(0, raw));
    seen.set(i, v);
  }
  if (seen.size === 0)
    throw new JobError(
      'empty-basket',
      `None of the ${basket.length} basket items is known to the model (first: \`${basket[0]?.item ?? ''}\`).`,
      { count: basket.length, first: basket[0]?.item ?? '' },
    );
  const items = Int32Array.from([...seen.keys()].sort((a, c) => a - c));
  const h: History = { items, values: Float32Array.from(items, (i) => seen.get(i)!) };
  return { recommendations: rank(b, -1, h, n), unknown };
}

/**
 * The n items most similar to `itemId`: factor-space cosine (MF), pruned neighbours (kNN), else co-occurrence
 * cosine.
 */
export function similarItems(b: RecommenderBundle, itemId: string, n = 10): SimilarItem[] {
  const i = indexIn(b.history.items).get(itemId) ?? -1;
  if (i < 0) throw new JobError('unknown-item', `Item \`${itemId}\` is not in the training data.`, { item: itemId });
  const m = b.model;
  const ni = b.history.items.length;
  const sim = new Float64Array(ni);
  if (m.kind === 'implicit-mf' || m.kind === 'explicit-mf') {
    const f = m.factors;
    const U = unit(m.itemFactors, f);
    for (let j = 0; j < ni; j++) {
      let d = 0;
      for (let a = 0; a < f; a++) d += U[i * f + a]! * U[j * f + a]!;
      sim[j] = d;
    }
  } else if (m.kind === 'item-knn' || m.kind === 'explicit-knn') {
    sim.fill(-Infinity);
    for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) sim[m.neighbours[p]!] = m.similarity[p]!;
  } else {
    const hist = b.history;
    const users: number[] = [];
    for (let u = 0; u < hist.users.length; u++)
      for (let p = hist.indptr[u]!; p < hist.indptr[u + 1]!; p++) if (hist.indices[p] === i) users.push(u);
    const count = new Float64Array(ni);
    for (let p = 0; p < hist.indices.length; p++) count[hist.indices[p]!]!++;
    for (const u of users) for (let p = hist.indptr[u]!; p < hist.indptr[u + 1]!; p++) sim[hist.indices[p]!]!++;
    for (let j = 0; j < ni; j++) sim[j] = sim[j]! > 0 ? sim[j]! / Math.sqrt(count[i]! * count[j]!) : -Infinity;
  }
  sim[i] = -Infinity;
  return [...topK(sim, n)].map((j) => ({ item: b.history.items[j]!, name: displayName(b, j), score: sim[j]! }));
}

/** Top-n for every user (export): one row per (user, rank). Reports progress through `onUser`. */
export function recommendAll(
  b: RecommenderBundle,
  n = 10,
  onUser?: (done: number, total: number) => void,
): (Recommendation & { user: string })[] {
  const rows: (Recommendation & { user: string })[] = [];
  const nu = b.history.users.length;
  const m = b.model;
  if (m.kind === 'explicit-knn') {
    // item by item: one similarity row per candidate instead of every rated item's row per user
    const all = explicitKnnTopAll(
      m,
      b.history,
      eligible(b),
      n,
      onUser && ((d, t) => onUser(Math.floor((d / t) * nu), nu)),
    );
    for (let u = 0; u < nu; u++) {
      const h = historyOf(b, u);
      for (let r = 0; r < n && all.items[u * n + r]! >= 0; r++) {
        const s = u * n + r;
        const i = all.items[s]!;
        const top = [all.because[2 * s]!, all.because[2 * s + 1]!].filter((q) => q >= 0);
        rows.push({
          user: b.history.users[u]!,
          rank: r + 1,
          item: b.history.items[i]!,
          name: displayName(b, i),
          score: shownScore(b, all.scores[s]!),
          ...reasonText(b, h, top),
        });
      }
    }
    return rows;
  }
  for (let u = 0; u < nu; u++) {
    const h = historyOf(b, u);
    for (const r of rank(b, u, h, n)) rows.push({ user: b.history.users[u]!, ...r });
    if (onUser && u % 100 === 0) onUser(u, nu);
  }
  return rows;
}

/** Scores of all items for a basket folded into the model (exposed for the fold-in acceptance test). */
export function foldInScores(b: RecommenderBundle, items: Int32Array, values: Float32Array, out: Float64Array): void {
  scores(b, -1, { items, values }, out);
}
