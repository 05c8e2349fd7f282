// The ads feature's job contract: analysis, what-if and allocation specs/results, spec → core options, and the
// pure what-if/allocation steps on a stored analysis. The worker (workers/jobs/ads.ts) and the CLI
// (`locallift ads`) are thin adapters over it.
import { JobError, type JobContext } from '../jobs.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { targetedOutcome, targetingNotes, type AudienceTarget } from '../audience/targeting.ts';
import type { TargetCap, TargetedOutcome } from '../audience/targeting.ts';
import { allocateBudget } from './allocate.ts';
import { outcomeFromColumn } from './campaign.ts';
import { ctrJobResult, ctrOptions, impressionOutcome, type AdsCtrJobResult } from './ctr-job.ts';
import { fitCtrModels } from './ctr/run.ts';
import { analyzeAds } from './run.ts';
import { trustedCurves } from './mmm/trust.ts';
import { whatIfMix, whatIfSpend, type SpendScenarioResult } from './whatif.ts';
import type { AdsOptions, AdsResult, AllocationResult, CurveKind, Family, ModelKind } from './types.ts';

export interface AdsSpec {
  kind: 'ads';
  /** The dataset (app) or file path (CLI). */
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
  /** Budget per period to allocate in the same run (the app allocates later, from the stored curves). */
  budget?: number;
  constraints?: AdsOptions['constraints'];
  currency?: string;
  /** Date column for the marketing-mix model (default: the timestamp role; null: no marketing-mix model). */
  date?: string | null;
  /** Event / control columns of the marketing-mix model. */
  controls?: string[];
}

/** A campaign log's analysis (rows are aggregates or customers): outcome model, curves, MMM. */
export type AdsAggregateJobResult = AdsResult & {
  /** Absent on analyses stored before impression logs had their own analysis. */
  analysis?: 'aggregate';
  metrics: Record<string, number | string>;
};

export type { AdsCtrJobResult };

/** What the ads job stores: an aggregate analysis, or an impression log's CTR models (`analysis: 'impressions'`). */
export type AdsJobResult = AdsAggregateJobResult | AdsCtrJobResult;

export function isCtrJobResult(r: AdsJobResult): r is AdsCtrJobResult {
  return r.analysis === 'impressions';
}

/** A what-if's target audience: a stored segment of a segmented dataset, or a propensity model's top deciles. */
export interface AdsAudienceSpec {
  /** The segmented dataset (with `segment`) or the dataset of the propensity result (with `topDeciles`). */
  datasetId: string;
  segment?: number;
  topDeciles?: number;
}

/** The audience a what-if was targeted at, with each scenario's outcome if the same spend reached it. */
export interface AdsAudienceWhatIf {
  target: AudienceTarget;
  spend: TargetedOutcome | null;
  mix: TargetedOutcome | null;
  notes: string[];
}

export interface AdsWhatIfSpec {
  kind: 'ads-whatif';
  datasetId: string;
  /** Spend per channel (per period) on the response curves. */
  spend?: Record<string, number>;
  /** Factor → level → share, on the outcome model. */
  mix?: Record<string, Record<string, number>>;
  scale?: Record<string, number>;
  /** Target the scenario at an audience (resolved by the worker from the stored segment / propensity results). */
  audience?: AdsAudienceSpec;
}

export interface AdsWhatIfResult {
  spend: SpendScenarioResult | null;
  /** Predicted outcome under the mix, and under the data's own mix, on the outcome model. */
  mixOutcome: number | null;
  baseOutcome: number | null;
  /** Present when the spec named an audience. */
  audience?: AdsAudienceWhatIf;
  metrics: Record<string, number | string>;
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

/** Spec → options of analyzeAds (the outcome is resolved against the table's columns). */
export function adsOptions(spec: AdsSpec, table: Table, roles: RoleMap): AdsOptions {
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
  if (spec.budget !== undefined) opts.budget = spec.budget;
  if (spec.constraints) opts.constraints = spec.constraints;
  if (spec.currency) opts.currency = spec.currency;
  if (spec.date !== undefined) opts.date = spec.date || null;
  if (spec.controls?.length) opts.controls = spec.controls;
  return opts;
}

/** The stored analysis with its History metrics. */
export function adsJobResult(res: AdsResult): AdsAggregateJobResult {
  const top = res.importance[0];
  return {
    ...res,
    analysis: 'aggregate',
    metrics: {
      outcome: res.outcome.label,
      model: `${res.quality.model}/${res.quality.family}`,
      [res.quality.family === 'linear' ? 'test R²' : 'test D²']: Number(res.quality.d2.toFixed(4)),
      ...(top ? { 'top factor': top.factor } : {}),
    },
  };
}

/**
 * The ads job on a table: an impression log (the outcome is 0/1 per row) gets the CTR models, anything else the
 * aggregate analysis. `model` is the aggregate analysis's fitted model (stored beside the result), null for CTR.
 */
export async function runAdsJob(
  spec: AdsSpec,
  table: Table,
  roles: RoleMap,
  ctx: JobContext,
): Promise<{ result: AdsJobResult; model: AdsResult['model'] | null }> {
  const impressions = impressionOutcome(spec.outcome, table, roles);
  if (impressions) {
    const ctr = await fitCtrModels(table, roles, ctrOptions(impressions, spec), ctx);
    ctx.progress(100, 100, 'done');
    return { result: ctrJobResult(ctr), model: null };
  }
  const res = await analyzeAds(table, roles, adsOptions(spec, table, roles), ctx);
  return { result: adsJobResult(res), model: res.model };
}

/**
 * Targeted outcomes of a what-if's scenarios at a resolved audience. The spend scenario predicts the curves'
 * column (a rate's numerator): capped by the audience's size when it counts conversions (customers). The mix
 * scenario predicts the analysis's outcome: a rate is capped at 1, a per-row mean is not capped.
 */
function audienceWhatIf(
  result: AdsResult,
  aud: { target: AudienceTarget; roles: RoleMap },
  spend: SpendScenarioResult | null,
  mix: number | null,
): AdsAudienceWhatIf {
  const o = result.outcome;
  const spendCap: TargetCap =
    aud.roles[o.kind === 'rate' ? o.numerator : o.column] === 'conversions' ? 'customers' : null;
  const mixCap: TargetCap = o.kind === 'rate' ? 'rate' : null;
  const notes = targetingNotes(aud.target, spend ? spendCap : null);
  if (mix !== null && mixCap) notes.push(...targetingNotes(aud.target, mixCap).slice(1));
  return {
    target: aud.target,
    spend: spend ? targetedOutcome(spend.total, aud.target, spendCap) : null,
    mix: mix !== null ? targetedOutcome(mix, aud.target, mixCap) : null,
    notes,
  };
}

/**
 * A what-if on a stored analysis: spend on the response curves and/or a mix on the outcome model, and (with a
 * resolved audience) each one's outcome if the same spend reached that audience.
 */
export function adsWhatIf(
  result: AdsResult,
  spec: AdsWhatIfSpec,
  audience?: { target: AudienceTarget; roles: RoleMap },
): AdsWhatIfResult {
  const curves = trustedCurves(result.mmm) ?? result.response;
  const spend = spec.spend && curves ? whatIfSpend(curves, spec.spend) : null;
  let mixOutcome: number | null = null;
  let baseOutcome: number | null = null;
  if (spec.mix || spec.scale) {
    try {
      const scenario = { ...(spec.mix ? { mix: spec.mix } : {}), ...(spec.scale ? { scale: spec.scale } : {}) };
      mixOutcome = whatIfMix(result.model, result.whatIf, scenario);
    } catch (e) {
      throw new JobError('ads-whatif', e instanceof Error ? e.message : String(e));
    }
    baseOutcome = whatIfMix(result.model, result.whatIf, {});
  }
  return {
    spend,
    mixOutcome,
    baseOutcome,
    ...(audience ? { audience: audienceWhatIf(result, audience, spend, mixOutcome) } : {}),
    metrics: {
      ...(spend ? { 'predicted total': Number(spend.total.toFixed(4)) } : {}),
      ...(mixOutcome !== null ? { 'predicted (mix)': Number(mixOutcome.toPrecision(4)) } : {}),
    },
  };
}

/** A budget plan on a stored analysis's response curves under the user's floors, caps and locks. */
export function adsAllocate(result: AdsResult, createdAt: number, spec: AdsAllocateSpec): AdsAllocationRecord {
  const r = trustedCurves(result.mmm) ?? result.response;
  if (!r) {
    throw new JobError(
      'ads-allocation',
      'This analysis has no response curves (no spend column): mark a spend column in Data and run the analysis again.',
    );
  }
  const curves = {
    channels: r.curves.map((c) => c.channel),
    params: r.curves.map((c) => c.params),
    current: r.curves.map((c) => c.currentSpend),
    baseline: r.baseline,
    draws: r.draws,
    outcomeLabel: r.outcome,
    currency: spec.currency ?? '',
  };
  const constraints = {
    budget: spec.budget,
    ...(spec.floors ? { floors: spec.floors } : {}),
    ...(spec.caps ? { caps: spec.caps } : {}),
    ...(spec.locked ? { locked: spec.locked } : {}),
  };
  const allocation = allocateBudget(curves, constraints);
  return {
    allocation,
    analysisAt: createdAt,
    spec,
    metrics: { budget: spec.budget, lift: Number(allocation.lift.toPrecision(4)), moves: allocation.moves.length },
  };
}
