// Ads jobs in the worker: thin adapters of src/core/ads/job.ts over storage — the analysis (stored with its model),
// what-if queries and budget allocation on the stored curves.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { analyzeAds } from '../../src/core/ads/run.ts';
import {
  adsAllocate,
  adsJobResult,
  adsOptions,
  adsWhatIf,
  type AdsAllocateSpec,
  type AdsAllocationRecord,
  type AdsJobResult,
  type AdsSpec,
  type AdsWhatIfResult,
  type AdsWhatIfSpec,
} from '../../src/core/ads/job.ts';
import { getResult, saveResult } from '../../src/storage/results.ts';
import { newId } from '../../src/storage/db.ts';
import { getTable } from '../tables.ts';

export type { AdsJobResult };

export async function adsJob(spec: AdsSpec, ctx: JobContext): Promise<AdsJobResult> {
  const { meta, table } = await getTable(spec.datasetId);
  const roles = { ...meta.roles };
  const res = await analyzeAds(table, roles, adsOptions(spec, table, roles), ctx);
  ctx.checkCancelled();
  const out = adsJobResult(res);
  await saveResult(
    { kind: 'ads', datasetId: spec.datasetId, spec, result: out },
    { id: newId('model'), kind: `ads-${res.quality.model}`, datasetId: spec.datasetId, model: res.model },
  );
  cache.delete(spec.datasetId);
  return out;
}

/** The stored analysis a what-if/allocation works on (cached per dataset, refreshed when a new analysis is saved). */
const cache = new Map<string, { createdAt: number; result: AdsJobResult }>();

async function stored(datasetId: string): Promise<{ createdAt: number; result: AdsJobResult }> {
  const hit = cache.get(datasetId);
  if (hit) return hit;
  const rec = await getResult<AdsJobResult>('ads', datasetId);
  if (!rec) {
    throw new JobError(
      'ads-no-analysis',
      'Run the ads analysis on this dataset first: what-if and allocation use its fitted model and curves.',
    );
  }
  const v = { createdAt: rec.createdAt, result: rec.result };
  cache.set(datasetId, v);
  return v;
}

export async function adsWhatIfJob(spec: AdsWhatIfSpec, _ctx: JobContext): Promise<AdsWhatIfResult> {
  return adsWhatIf((await stored(spec.datasetId)).result, spec);
}

export async function adsAllocateJob(spec: AdsAllocateSpec, ctx: JobContext): Promise<AdsAllocationRecord> {
  const { createdAt, result } = await stored(spec.datasetId);
  ctx.progress(0, 1, 'allocating');
  const out = adsAllocate(result, createdAt, spec);
  ctx.checkCancelled();
  await saveResult({ kind: 'ads-allocation', datasetId: spec.datasetId, spec, result: out });
  return out;
}
