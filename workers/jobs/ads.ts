// Ads jobs in the worker: the analysis (stored with its model), what-if queries and budget allocation on the stored curves.
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { analyzeAds } from '../../src/core/ads/analyze.ts';
import { allocateBudget } from '../../src/core/ads/allocate.ts';
import { outcomeFromColumn } from '../../src/core/ads/campaign.ts';
import { whatIfMix, whatIfSpend, type SpendScenarioResult } from '../../src/core/ads/whatif.ts';
import type { AdsOptions, AdsResult, AllocationResult, CurveKind, Family, ModelKind } from '../../src/core/ads/types.ts';
import { getResult, saveResult } from '../../src/storage/results.ts';
import { newId } from '../../src/storage/db.ts';
import { getTable } from '../tables.ts';

export interface AdsSpec {
  kind: 'ads';
  datasetId: string;
  /** Column name, `CTR`, or `numerator/denominator`; empty = proposed from roles. */
  outcome?: string;
  model?: ModelKind;
  family?: Family;
  inputs?: string[];
  spend?: string[];
  curve?: CurveKind | 'auto';
  adstock?: boolean;
  repeats?: number;
  bootstrap?: number;
  seed?: number;
}

export type AdsJobResult = AdsResult & { metrics: Record<string, number | string> };

export async function adsJob(spec: AdsSpec, ctx: JobContext): Promise<AdsJobResult> {
  const { meta, table } = await getTable(spec.datasetId);
  const roles = { ...meta.roles };
  const opts: AdsOptions = {};
  if (spec.outcome) opts.outcome = outcomeFromColumn(table, roles, spec.outcome);
  if (spec.model) opts.model = spec.model;
  if (spec.family) opts.family = spec.family;
  if (spec.inputs?.length) opts.inputs = spec.inputs;
  if (spec.spend?.length) opts.spend = spec.spend;
  if (spec.curve) opts.curve = spec.curve;
  if (spec.adstock) opts.adstock = true;
  if (spec.repeats) opts.repeats = spec.repeats;
  if (spec.bootstrap !== undefined) opts.bootstrap = spec.bootstrap;
  if (spec.seed !== undefined) opts.seed = spec.seed;
  const res = await analyzeAds(table, roles, opts, ctx);
  ctx.checkCancelled();
  const top = res.importance[0];
  const out: AdsJobResult = {
    ...res,
    metrics: {
      outcome: res.outcome.label,
      model: `${res.quality.model}/${res.quality.family}`,
      [res.quality.family === 'linear' ? 'test R²' : 'test D²']: Number(res.quality.d2.toFixed(4)),
      ...(top ? { 'top factor': top.factor } : {}),
    },
  };
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
  if (!rec) throw new JobError('ads-no-analysis', 'Run the ads analysis on this dataset first: what-if and allocation use its fitted model and curves.');
  const v = { createdAt: rec.createdAt, result: rec.result };
  cache.set(datasetId, v);
  return v;
}

export interface AdsWhatIfSpec {
  kind: 'ads-whatif';
  datasetId: string;
  /** Spend per channel (per period) on the response curves. */
  spend?: Record<string, number>;
  /** Factor → level → share, on the outcome model. */
  mix?: Record<string, Record<string, number>>;
  scale?: Record<string, number>;
}

export interface AdsWhatIfResult {
  spend: SpendScenarioResult | null;
  /** Predicted outcome under the mix, and under the data's own mix, on the outcome model. */
  mixOutcome: number | null;
  baseOutcome: number | null;
  metrics: Record<string, number | string>;
}

export async function adsWhatIfJob(spec: AdsWhatIfSpec, _ctx: JobContext): Promise<AdsWhatIfResult> {
  const { result } = await stored(spec.datasetId);
  const spend = spec.spend && result.response ? whatIfSpend(result.response, spec.spend) : null;
  let mixOutcome: number | null = null;
  let baseOutcome: number | null = null;
  if (spec.mix || spec.scale) {
    try {
      mixOutcome = whatIfMix(result.model, result.whatIf, { ...(spec.mix ? { mix: spec.mix } : {}), ...(spec.scale ? { scale: spec.scale } : {}) });
    } catch (e) {
      throw new JobError('ads-whatif', e instanceof Error ? e.message : String(e));
    }
    baseOutcome = whatIfMix(result.model, result.whatIf, {});
  }
  return {
    spend, mixOutcome, baseOutcome,
    metrics: { ...(spend ? { 'predicted total': Number(spend.total.toFixed(4)) } : {}), ...(mixOutcome !== null ? { 'predicted (mix)': Number(mixOutcome.toPrecision(4)) } : {}) },
  };
}

export interface AdsAllocateSpec {
  kind: 'ads-allocate';
  datasetId: string;
  budget: number;
  floors?: Record<string, number>;
  caps?: Record<string, number>;
  locked?: string[];
  currency?: string;
}

export interface AdsAllocationRecord {
  allocation: AllocationResult;
  /** createdAt of the analysis whose curves were used (a newer analysis makes this plan stale). */
  analysisAt: number;
  spec: AdsAllocateSpec;
  metrics: Record<string, number | string>;
}

export async function adsAllocateJob(spec: AdsAllocateSpec, ctx: JobContext): Promise<AdsAllocationRecord> {
  const { createdAt, result } = await stored(spec.datasetId);
  const r = result.response;
  if (!r) throw new JobError('ads-allocation', 'This analysis has no response curves (no spend column): mark a spend column in Data and run the analysis again.');
  ctx.progress(0, 1, 'allocating');
  const allocation = allocateBudget({
    channels: r.curves.map((c) => c.channel), params: r.curves.map((c) => c.params), current: r.curves.map((c) => c.currentSpend),
    baseline: r.baseline, draws: r.draws, outcomeLabel: r.outcome, currency: spec.currency ?? '',
  }, { budget: spec.budget, ...(spec.floors ? { floors: spec.floors } : {}), ...(spec.caps ? { caps: spec.caps } : {}), ...(spec.locked ? { locked: spec.locked } : {}) });
  ctx.checkCancelled();
  const out: AdsAllocationRecord = {
    allocation, analysisAt: createdAt, spec,
    metrics: { budget: spec.budget, lift: Number(allocation.lift.toPrecision(4)), moves: allocation.moves.length },
  };
  await saveResult({ kind: 'ads-allocation', datasetId: spec.datasetId, spec, result: out });
  return out;
}
