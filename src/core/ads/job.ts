// The ads feature's job contract: analysis, what-if and allocation specs/results, spec → core options, and the
// pure what-if/allocation steps on a stored analysis. The worker (workers/jobs/ads.ts) and the CLI
// (`locallift ads`) are thin adapters over it.
import { JobError } from '../jobs.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { allocateBudget } from './allocate.ts';
import { outcomeFromColumn } from './campaign.ts';
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

export type AdsJobResult = AdsResult & { metrics: Record<string, number | string> };

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
export function adsJobResult(res: AdsResult): AdsJobResult {
  const top = res.importance[0];
  return {
    ...res,
    metrics: {
      outcome: res.outcome.label,
      model: `${res.quality.model}/${res.quality.family}`,
      [res.quality.family === 'linear' ? 'test R²' : 'test D²']: Number(res.quality.d2.toFixed(4)),
      ...(top ? { 'top factor': top.factor } : {}),
    },
  };
}

/** A what-if on a stored analysis: spend on the response curves and/or a mix on the outcome model. */
export function adsWhatIf(result: AdsResult, spec: AdsWhatIfSpec): AdsWhatIfResult {
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
