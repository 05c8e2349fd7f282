// Recommendation jobs in the worker: train + compare (stored with the servable bundle), then quick queries on the
// stored bundle (a user's top-N, similar items, a folded-in basket) and CSV exports built here, off the main thread.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { runRecommend, type RecommendOptions, type RecommendResult } from '../../src/core/recommend/pipeline.ts';
import { recommendAll, recommendForBasket, recommendForUser, similarItems, type Recommendation, type SimilarItem } from '../../src/core/recommend/serve.ts';
import type { RecommenderBundle } from '../../src/core/recommend/model.ts';
import type { SplitSpec } from '../../src/core/recommend/split.ts';
import type { FeedbackMode } from '../../src/core/recommend/interactions.ts';
import type { GridPoint } from '../../src/core/recommend/tune.ts';
import { itemCounts } from '../../src/core/recommend/interactions.ts';
import { getModel, getResult, saveResult } from '../../src/storage/results.ts';
import { newId } from '../../src/storage/db.ts';
import { getTable } from '../tables.ts';
import { csvCell } from '../../src/core/data/csv-write.ts';

export interface RecommendSpec {
  kind: 'recommend';
  datasetId: string;
  mode?: FeedbackMode;
  split: SplitSpec['kind'];
  testFraction?: number;
  seed?: number;
  /** A dataset with the same columns used as the test set instead of a split. */
  testDatasetId?: string | null;
  k?: number;
  /** 'quick' = a 2-point iALS grid (fast), 'full' = the default grid. */
  grid?: 'quick' | 'full';
}

/** What the page shows: the comparison without the weights, plus pickers for users/items. */
export type RecommendSummary = Omit<RecommendResult, 'bundle'> & {
  users: string[];
  /** Items by popularity (most first) with names, for the similar-items and basket pickers. */
  items: { id: string; name: string; count: number }[];
  metrics: Record<string, number | string>;
};

const QUICK_GRID: GridPoint[] = [
  { factors: 64, reg: 15, alpha: 2, regExponent: 0.25 },
  { factors: 64, reg: 30, alpha: 4, regExponent: 0.25 },
];

export async function recommendJob(spec: RecommendSpec, ctx: JobContext): Promise<RecommendSummary> {
  const { meta, table } = await getTable(spec.datasetId);
  const test = spec.testDatasetId ? (await getTable(spec.testDatasetId)).table : undefined;
  const split: SplitSpec = spec.split === 'random'
    ? { kind: 'random', testFraction: spec.testFraction ?? 0.2, seed: spec.seed ?? 42 }
    : spec.split === 'time' ? { kind: 'time', testFraction: spec.testFraction ?? 0.2 } : { kind: 'leave-last-out' };
  const opts: RecommendOptions = {
    split, k: spec.k ?? 10,
    ...(spec.mode ? { mode: spec.mode } : {}),
    ...(test ? { testTable: test } : {}),
    ...(spec.grid === 'quick' ? { grid: QUICK_GRID } : {}),
    ...(spec.seed !== undefined ? { explicit: { seed: spec.seed }, implicit: { seed: spec.seed } } : {}),
  };
  const res = await runRecommend(table, { ...meta.roles }, opts, ctx);
  ctx.checkCancelled();
  const { bundle, ...rest } = res;
  const counts = itemCounts(bundle.history);
  const order = Array.from({ length: counts.length }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const best = res.models.find((m) => m.best)!;
  const out: RecommendSummary = {
    ...rest,
    users: bundle.history.users,
    items: order.map((i) => ({ id: bundle.history.items[i]!, name: bundle.itemNames?.[i] ?? '', count: counts[i]! })),
    metrics: {
      mode: res.mode,
      best: best.label,
      ...(res.mode === 'explicit' ? { 'best RMSE': Number(best.rmse!.toFixed(4)) } : { [`best NDCG@${res.k}`]: Number(best.ndcgAtK!.toFixed(4)) }),
      users: res.split.users,
      items: res.split.items,
    },
  };
  await saveResult({ kind: 'recommend', datasetId: spec.datasetId, spec, result: out }, { id: newId('model'), kind: `recommend-${bundle.model.kind}`, datasetId: spec.datasetId, model: bundle });
  bundles.delete(spec.datasetId);
  return out;
}

/** Stored bundles, cached per dataset and refreshed when a newer result is saved. */
const bundles = new Map<string, { createdAt: number; bundle: RecommenderBundle }>();

async function stored(datasetId: string): Promise<RecommenderBundle> {
  const rec = await getResult<RecommendSummary>('recommend', datasetId);
  if (!rec?.modelId) throw new JobError('recommend-no-model', 'Train the recommender on this dataset first: recommendations use its stored model.');
  const hit = bundles.get(datasetId);
  if (hit && hit.createdAt === rec.createdAt) return hit.bundle;
  const model = await getModel(rec.modelId);
  if (!model) throw new JobError('recommend-no-model', 'The stored recommender model is missing: train it again.');
  const bundle = model.model as RecommenderBundle;
  bundles.set(datasetId, { createdAt: rec.createdAt, bundle });
  return bundle;
}

export interface RecommendUserSpec { kind: 'recommend-user'; datasetId: string; user: string; n?: number }
export interface RecommendUserResult {
  user: string;
  recommendations: Recommendation[];
  /** The user's own items (what the reasons refer to), strongest first, at most 20. */
  history: { item: string; name: string; value: number }[];
  metrics: Record<string, number | string>;
}

export async function recommendUserJob(spec: RecommendUserSpec, _ctx: JobContext): Promise<RecommendUserResult> {
  const b = await stored(spec.datasetId);
  const user = spec.user.trim();
  const recommendations = recommendForUser(b, user, spec.n ?? 10);
  const u = b.history.users.indexOf(user);
  const h = b.history;
  const own = Array.from({ length: h.indptr[u + 1]! - h.indptr[u]! }, (_, k) => h.indptr[u]! + k)
    .sort((p, q) => h.values[q]! - h.values[p]!)
    .slice(0, 20)
    .map((p) => ({ item: h.items[h.indices[p]!]!, name: b.itemNames?.[h.indices[p]!] ?? '', value: h.values[p]! }));
  return { user, recommendations, history: own, metrics: { user, recommendations: recommendations.length } };
}

export interface RecommendSimilarSpec { kind: 'recommend-similar'; datasetId: string; item: string; n?: number }
export async function recommendSimilarJob(spec: RecommendSimilarSpec, _ctx: JobContext): Promise<{ item: string; similar: SimilarItem[]; metrics: Record<string, number | string> }> {
  const similar = similarItems(await stored(spec.datasetId), spec.item.trim(), spec.n ?? 10);
  return { item: spec.item, similar, metrics: { item: spec.item } };
}

export interface RecommendBasketSpec { kind: 'recommend-basket'; datasetId: string; basket: { item: string; value?: number }[]; n?: number }
export async function recommendBasketJob(spec: RecommendBasketSpec, _ctx: JobContext): Promise<{ recommendations: Recommendation[]; unknown: string[]; metrics: Record<string, number | string> }> {
  const out = recommendForBasket(await stored(spec.datasetId), spec.basket, spec.n ?? 10);
  return { ...out, metrics: { basket: spec.basket.length, unknown: out.unknown.length } };
}

export interface RecommendExportSpec { kind: 'recommend-export'; datasetId: string; what: 'top-n' | 'similar'; n?: number }

/** CSV text built in the worker: top-N for every user, or every item's most similar items. */
export async function recommendExportJob(spec: RecommendExportSpec, ctx: JobContext): Promise<{ csv: string; rows: number; metrics: Record<string, number | string> }> {
  const b = await stored(spec.datasetId);
  const n = spec.n ?? 10;
  const lines: string[] = [];
  if (spec.what === 'top-n') {
    lines.push('user,rank,item,name,score,reason');
    const rows = recommendAll(b, n, (done, total) => ctx.progress(done, total, 'top-N for every customer'));
    for (const r of rows) lines.push([r.user, r.rank, r.item, r.name, +r.score.toFixed(6), r.reason].map(csvCell).join(','));
  } else {
    lines.push('item,name,rank,similar_item,similar_name,similarity');
    const items = b.history.items;
    for (let i = 0; i < items.length; i++) {
      if (i % 200 === 0) { ctx.checkCancelled(); ctx.progress(i, items.length, 'similar items'); await ctx.yield(); }
      similarItems(b, items[i]!, n).forEach((s, r) => lines.push([items[i]!, b.itemNames?.[i] ?? '', r + 1, s.item, s.name, +s.score.toFixed(6)].map(csvCell).join(',')));
    }
  }
  ctx.checkCancelled();
  return { csv: lines.join('\r\n') + '\r\n', rows: lines.length - 1, metrics: { export: spec.what, rows: lines.length - 1 } };
}
