// Recommendation jobs in the worker: thin adapters of src/core/recommend/job.ts over storage — train + compare
// (stored with the servable bundle), then quick queries on the stored bundle and CSV exports, off the main thread.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { runRecommend } from '../../src/core/recommend/run.ts';
import { recommendForBasket, recommendForUser, similarItems } from '../../src/core/recommend/serve.ts';
import type { RecommenderBundle } from '../../src/core/recommend/model.ts';
import { catalogueNames, withTitles } from '../../src/core/recommend/catalogue.ts';
import {
  exportCsv,
  recommendOptions,
  recommendSummary,
  userHistory,
  type RecommendBasketResult,
  type RecommendBasketSpec,
  type RecommendExportResult,
  type RecommendExportSpec,
  type RecommendSimilarResult,
  type RecommendSimilarSpec,
  type RecommendSpec,
  type RecommendSummary,
  type RecommendUserResult,
  type RecommendUserSpec,
  type TitlesFrom,
  type TitlesJoined,
} from '../../src/core/recommend/job.ts';
import type { Table } from '../../src/core/data/table.ts';
import { getModel, getResult, saveResult } from '../../src/storage/results.ts';
import { newId } from '../../src/storage/db.ts';
import { getTable } from '../tables.ts';
// English reasons in the CSV, like its headers: the file is for tools (the page words reasons in the reader's language)
import { sayEn } from '../../src/cli/say.ts';

export async function recommendJob(spec: RecommendSpec, ctx: JobContext): Promise<RecommendSummary> {
  const { meta, table } = await getTable(spec.datasetId);
  const test = spec.testDatasetId ? (await getTable(spec.testDatasetId)).table : undefined;
  const res = await runRecommend(table, { ...meta.roles }, recommendOptions(spec, test), ctx);
  ctx.checkCancelled();
  const { summary, bundle } = recommendSummary(res);
  const modelRec = {
    id: newId('model'),
    kind: `recommend-${bundle.model.kind}`,
    datasetId: spec.datasetId,
    model: bundle,
  };
  await saveResult({ kind: 'recommend', datasetId: spec.datasetId, spec, result: summary }, modelRec);
  bundles.delete(spec.datasetId);
  return summary;
}

/** Stored bundles, cached per dataset and refreshed when a newer result is saved. */
const bundles = new Map<string, { createdAt: number; bundle: RecommenderBundle }>();

async function stored(datasetId: string): Promise<RecommenderBundle> {
  const rec = await getResult<RecommendSummary>('recommend', datasetId);
  if (!rec?.modelId) {
    throw new JobError(
      'recommend-no-model',
      'Train the recommender on this dataset first: recommendations use its stored model.',
    );
  }
  const hit = bundles.get(datasetId);
  if (hit && hit.createdAt === rec.createdAt) return hit.bundle;
  const model = await getModel(rec.modelId);
  if (!model) throw new JobError('recommend-model-missing', 'The stored recommender model is missing: train it again.');
  const bundle = model.model as RecommenderBundle;
  bundles.set(datasetId, { createdAt: rec.createdAt, bundle });
  return bundle;
}

/** Catalogue titles per loaded table (a re-mapped or repaired catalogue is a new Table object). */
const titleMaps = new WeakMap<Table, Record<string, string>>();

/** The stored bundle, shown with the titles of the query's catalogue when it names one. */
async function served(spec: { datasetId: string } & TitlesFrom): Promise<{ b: RecommenderBundle } & TitlesJoined> {
  const b = await stored(spec.datasetId);
  if (!spec.catalogueId) return { b };
  const { meta, table } = await getTable(spec.catalogueId);
  let names = titleMaps.get(table);
  if (!names) titleMaps.set(table, (names = catalogueNames(table, { ...meta.roles }, meta.name).names));
  const { bundle, matched } = withTitles(b, names);
  return { b: bundle, titles: { catalogue: meta.name, matched, items: b.history.items.length } };
}

export async function recommendUserJob(spec: RecommendUserSpec, _ctx: JobContext): Promise<RecommendUserResult> {
  const { b, titles } = await served(spec);
  const user = spec.user.trim();
  const recommendations = recommendForUser(b, user, spec.n ?? 10);
  return {
    user,
    recommendations,
    history: userHistory(b, user),
    metrics: { user, recommendations: recommendations.length },
    ...(titles ? { titles } : {}),
  };
}

export async function recommendSimilarJob(
  spec: RecommendSimilarSpec,
  _ctx: JobContext,
): Promise<RecommendSimilarResult> {
  const { b, titles } = await served(spec);
  const similar = similarItems(b, spec.item.trim(), spec.n ?? 10);
  return { item: spec.item, similar, metrics: { item: spec.item }, ...(titles ? { titles } : {}) };
}

export async function recommendBasketJob(spec: RecommendBasketSpec, _ctx: JobContext): Promise<RecommendBasketResult> {
  const { b, titles } = await served(spec);
  const out = recommendForBasket(b, spec.basket, spec.n ?? 10);
  return {
    ...out,
    metrics: { basket: spec.basket.length, unknown: out.unknown.length },
    ...(titles ? { titles } : {}),
  };
}

export async function recommendExportJob(spec: RecommendExportSpec, ctx: JobContext): Promise<RecommendExportResult> {
  return exportCsv((await served(spec)).b, spec, ctx, sayEn);
}
