// Ads jobs in the worker: thin adapters of src/core/ads/job.ts over storage — the analysis (an aggregate analysis
// stored with its model, or an impression log's CTR models), what-if queries (optionally targeted at a stored
// audience) and budget allocation on the stored curves.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import {
  adsAllocate,
  adsWhatIf,
  isCtrJobResult,
  runAdsJob,
  type AdsAggregateJobResult,
  type AdsAllocateSpec,
  type AdsAllocationRecord,
  type AdsAudienceSpec,
  type AdsJobResult,
  type AdsSpec,
  type AdsWhatIfResult,
  type AdsWhatIfSpec,
} from '../../src/core/ads/job.ts';
import { segmentTarget, topDecilesTarget, type AudienceTarget } from '../../src/core/audience/targeting.ts';
import type { PropensityJobResult } from '../../src/core/propensity/job.ts';
import { getResult, saveResult } from '../../src/storage/results.ts';
import { getDataset } from '../../src/storage/datasets.ts';
import { newId } from '../../src/storage/db.ts';
import { getTable } from '../tables.ts';
import { audienceSources } from './audience.ts';

export type { AdsJobResult };

export async function adsJob(spec: AdsSpec, ctx: JobContext): Promise<AdsJobResult> {
  const { meta, table } = await getTable(spec.datasetId);
  const roles = { ...meta.roles };
  const { result, model } = await runAdsJob(spec, table, roles, ctx);
  ctx.checkCancelled();
  await saveResult(
    { kind: 'ads', datasetId: spec.datasetId, spec, result },
    model && !isCtrJobResult(result)
      ? { id: newId('model'), kind: `ads-${result.quality.model}`, datasetId: spec.datasetId, model }
      : undefined,
  );
  cache.delete(spec.datasetId);
  return result;
}

/** The stored analysis a what-if/allocation works on (cached per dataset, refreshed when a new analysis is saved). */
const cache = new Map<string, { createdAt: number; result: AdsAggregateJobResult }>();

async function stored(datasetId: string): Promise<{ createdAt: number; result: AdsAggregateJobResult }> {
  const hit = cache.get(datasetId);
  if (hit) return hit;
  const rec = await getResult<AdsJobResult>('ads', datasetId);
  if (!rec) {
    throw new JobError(
      'ads-no-analysis',
      'Run the ads analysis on this dataset first: what-if and allocation use its fitted model and curves.',
    );
  }
  if (isCtrJobResult(rec.result))
    throw new JobError(
      'ads-impressions',
      'The stored analysis of this dataset is an impression log’s click models: what-ifs and budget plans need a ' +
        'campaign log with spend (rows per campaign, day or channel).',
    );
  const v = { createdAt: rec.createdAt, result: rec.result };
  cache.set(datasetId, v);
  return v;
}

async function datasetName(id: string): Promise<string> {
  return (await getDataset(id))?.name ?? id;
}

/** The audience a what-if names, from the stored segment / propensity results (reusing the audience sources). */
export async function resolveAudience(a: AdsAudienceSpec): Promise<AudienceTarget> {
  const name = await datasetName(a.datasetId);
  if (a.topDeciles !== undefined) {
    const rec = await getResult<PropensityJobResult>('propensity', a.datasetId);
    if (!rec)
      throw new JobError(
        'ads-audience',
        `There is no propensity model on “${name}”: train one on the Propensity page.`,
      );
    const scores = { datasetId: a.datasetId, name, ids: rec.result.scores.ids, values: rec.result.scores.probability };
    const d = Math.min(10, Math.max(1, Math.round(a.topDeciles)));
    return topDecilesTarget(`the top ${d} decile${d > 1 ? 's' : ''} of the propensity model on “${name}”`, scores, d);
  }
  if (a.segment === undefined)
    throw new JobError('ads-audience', 'An audience needs a segment or a number of deciles.');
  const sources = await audienceSources(a.datasetId);
  const card = sources.segments.cards.find((c) => c.id === a.segment);
  if (!card) throw new JobError('unknown-segment', `There is no segment ${a.segment + 1} in the stored segmentation.`);
  return segmentTarget(`segment “${card.name}” of “${name}”`, sources.segments, a.segment, sources.propensity ?? null);
}

export async function adsWhatIfJob(spec: AdsWhatIfSpec, _ctx: JobContext): Promise<AdsWhatIfResult> {
  const { result } = await stored(spec.datasetId);
  if (!spec.audience) return adsWhatIf(result, spec);
  const target = await resolveAudience(spec.audience);
  const roles = (await getDataset(spec.datasetId))?.roles ?? {};
  return adsWhatIf(result, spec, { target, roles });
}

export async function adsAllocateJob(spec: AdsAllocateSpec, ctx: JobContext): Promise<AdsAllocationRecord> {
  const { createdAt, result } = await stored(spec.datasetId);
  ctx.progress(0, 1, 'allocating');
  const out = adsAllocate(result, createdAt, spec);
  ctx.checkCancelled();
  await saveResult({ kind: 'ads-allocation', datasetId: spec.datasetId, spec, result: out });
  return out;
}
