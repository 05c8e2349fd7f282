// The recommend feature's job contract: train and query specs/results, spec → core options (one iALS quick grid),
// the stored summary, a customer's own history, and the CSV exports.
// The worker (workers/jobs/recommend.ts) and the CLI (`locallift recommend`) are thin adapters over it.
import type { JobContext } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import { csvCell } from '../data/csv-write.ts';
import type { Msg } from '../msg.ts';
import { itemCounts, type FeedbackMode, type Strength } from './interactions.ts';
import type { RecommendOptions, RecommendResult } from './run.ts';
import type { RecommenderBundle } from './model.ts';
import type { SplitSpec } from './split.ts';
import type { GridPoint } from './tune.ts';
import { recommendAll, similarItems, type Recommendation, type SimilarItem } from './serve.ts';

export interface RecommendSpec {
  kind: 'recommend';
  /** The dataset (app) or file path (CLI). */
  datasetId: string;
  mode?: FeedbackMode;
  split: SplitSpec['kind'];
  testFraction?: number;
  /** Seeds the random split and the models. */
  seed?: number;
  /** A dataset with the same columns used as the test set instead of a split. */
  testDatasetId?: string | null;
  k?: number;
  /** 'quick' = a 2-point iALS grid (fast), 'full' = the default grid, or explicit points. */
  grid?: 'quick' | 'full' | GridPoint[];
  strength?: Strength;
  /** Serve the split-trained model instead of refitting on all interactions. */
  noRefit?: boolean;
}

/** The quick iALS grid: the two points that won most often on validation (64 factors). */
export const QUICK_GRID: GridPoint[] = [
  { factors: 64, reg: 15, alpha: 2, regExponent: 0.25 },
  { factors: 64, reg: 30, alpha: 4, regExponent: 0.25 },
];

/** What the page shows: the comparison without the weights, plus pickers for users/items. */
export type RecommendSummary = Omit<RecommendResult, 'bundle'> & {
  users: string[];
  /** Items by popularity (most first) with names, for the similar-items and basket pickers. */
  items: { id: string; name: string; count: number }[];
  metrics: Record<string, number | string>;
};

/** A query may show item titles from a catalogue dataset (joined on the item id as text). */
export interface TitlesFrom {
  catalogueId?: string | null;
}

/** How many of the model's items the catalogue named (set when a catalogue was joined). */
export interface TitlesJoined {
  titles?: { catalogue: string; matched: number; items: number };
}

export interface RecommendUserSpec extends TitlesFrom {
  kind: 'recommend-user';
  datasetId: string;
  user: string;
  n?: number;
}
export interface RecommendUserResult extends TitlesJoined {
  user: string;
  recommendations: Recommendation[];
  /** The user's own items (what the reasons refer to), strongest first, at most 20. */
  history: { item: string; name: string; value: number }[];
  metrics: Record<string, number | string>;
}
export interface RecommendSimilarSpec extends TitlesFrom {
  kind: 'recommend-similar';
  datasetId: string;
  item: string;
  n?: number;
}
export interface RecommendSimilarResult extends TitlesJoined {
  item: string;
  similar: SimilarItem[];
  metrics: Record<string, number | string>;
}
export interface RecommendBasketSpec extends TitlesFrom {
  kind: 'recommend-basket';
  datasetId: string;
  basket: { item: string; value?: number }[];
  n?: number;
}
export interface RecommendBasketResult extends TitlesJoined {
  recommendations: Recommendation[];
  unknown: string[];
  metrics: Record<string, number | string>;
}
export interface RecommendExportSpec extends TitlesFrom {
  kind: 'recommend-export';
  datasetId: string;
  what: 'top-n' | 'similar';
  n?: number;
}
export interface RecommendExportResult {
  csv: string;
  rows: number;
  metrics: Record<string, number | string>;
}

function splitOf(spec: RecommendSpec): SplitSpec {
  const testFraction = spec.testFraction ?? 0.2;
  if (spec.split === 'random') return { kind: 'random', testFraction, seed: spec.seed ?? 42 };
  if (spec.split === 'time') return { kind: 'time', testFraction };
  return { kind: 'leave-last-out' };
}

/** Spec → options of runRecommend; the test table and item names are loaded by the adapter. */
export function recommendOptions(
  spec: RecommendSpec,
  testTable?: Table,
  itemNames?: Record<string, string>,
): RecommendOptions {
  const grid = spec.grid === 'quick' ? QUICK_GRID : Array.isArray(spec.grid) ? spec.grid : undefined;
  return {
    split: splitOf(spec),
    k: spec.k ?? 10,
    ...(spec.mode ? { mode: spec.mode } : {}),
    ...(testTable ? { testTable } : {}),
    ...(grid ? { grid } : {}),
    ...(spec.strength ? { strength: spec.strength } : {}),
    ...(itemNames ? { itemNames } : {}),
    ...(spec.noRefit ? { refitForServing: false } : {}),
    ...(spec.seed !== undefined ? { explicit: { seed: spec.seed }, implicit: { seed: spec.seed } } : {}),
  };
}

/** The stored summary (no weights) with item pickers by popularity and History metrics. */
export function recommendSummary(res: RecommendResult): { summary: RecommendSummary; bundle: RecommenderBundle } {
  const { bundle, ...rest } = res;
  const counts = itemCounts(bundle.history);
  const order = Array.from({ length: counts.length }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const best = res.models.find((m) => m.best)!;
  const headline: Record<string, number> =
    res.mode === 'explicit'
      ? { 'best RMSE': Number(best.rmse!.toFixed(4)) }
      : { [`best NDCG@${res.k}`]: Number(best.ndcgAtK!.toFixed(4)) };
  const summary: RecommendSummary = {
    ...rest,
    users: bundle.history.users,
    items: order.map((i) => ({ id: bundle.history.items[i]!, name: bundle.itemNames?.[i] ?? '', count: counts[i]! })),
    metrics: {
      mode: res.mode,
      // the model's code name: its label is a message the History page cannot word from a metric
      best: best.name,
      ...headline,
      ...(res.signal ? { signal: res.signal.usable ? 'usable' : 'no usable signal' } : {}),
      ...(res.split.merged ? { 'merged rows': res.split.merged.rows } : {}),
      users: res.split.users,
      items: res.split.items,
    },
  };
  return { summary, bundle };
}

/** A customer's own items (what the reasons refer to), strongest first, at most `limit`. */
export function userHistory(b: RecommenderBundle, user: string, limit = 20): RecommendUserResult['history'] {
  const h = b.history;
  const u = h.users.indexOf(user);
  if (u < 0) return [];
  return Array.from({ length: h.indptr[u + 1]! - h.indptr[u]! }, (_, k) => h.indptr[u]! + k)
    .sort((p, q) => h.values[q]! - h.values[p]!)
    .slice(0, limit)
    .map((p) => ({ item: h.items[h.indices[p]!]!, name: b.itemNames?.[h.indices[p]!] ?? '', value: h.values[p]! }));
}

/**
 * CSV text: top-N for every user, or every item's most similar items. `word` puts each reason (a message) into the
 * file's words: the caller picks the language (the worker and CLI write English, like the headers: a file for tools).
 */
export async function exportCsv(
  b: RecommenderBundle,
  spec: RecommendExportSpec,
  ctx: JobContext,
  word: (reason: Msg | string) => string,
): Promise<RecommendExportResult> {
  const n = spec.n ?? 10;
  const lines: string[] = [];
  if (spec.what === 'top-n') {
    lines.push('user,rank,item,name,score,reason');
    const rows = recommendAll(b, n, (done, total) => ctx.progress(done, total, 'top-N for every customer'));
    for (const r of rows)
      lines.push([r.user, r.rank, r.item, r.name, +r.score.toFixed(6), word(r.reason)].map(csvCell).join(','));
  } else {
    lines.push('item,name,rank,similar_item,similar_name,similarity');
    const items = b.history.items;
    for (let i = 0; i < items.length; i++) {
      if (i % 200 === 0) {
        ctx.checkCancelled();
        ctx.progress(i, items.length, 'similar items');
        await ctx.yield();
      }
      similarItems(b, items[i]!, n).forEach((s, r) =>
        lines.push(
          [items[i]!, b.itemNames?.[i] ?? '', r + 1, s.item, s.name, +s.score.toFixed(6)].map(csvCell).join(','),
        ),
      );
    }
  }
  ctx.checkCancelled();
  const rows = lines.length - 1;
  return { csv: lines.join('\r\n') + '\r\n', rows, metrics: { export: spec.what, rows } };
}
