// One click from "What is this file?" to a running job: the suggested analysis as its job's options (the suggestion's
// own options over each page's defaults), or the one choice a person must make first and the control that asks it.
import type { DatasetRecord } from '../../core/data/dataset-record.ts';
import type { Suggestion } from '../../core/data/shape.ts';
import type { AdsSpec } from '../../core/ads/job.ts';
import type { ClvSpec } from '../../core/clv/job.ts';
import type { PropensitySpec } from '../../core/propensity/job.ts';
import type { RecommendSpec } from '../../core/recommend/job.ts';
import type { SegmentSpec } from '../../core/segments/job.ts';
import { clvColumnPlan } from '../../core/clv/input.ts';
import { controlColumns, dateColumns, defaultControls } from '../ads/mmm-view.ts';
import {
  adsSuitability,
  propensitySuitability,
  recommendSuitability,
  segmentsSuitability,
  type SuitabilityFn,
} from '../components/suitability.ts';
import { say } from '../say.ts';

type Opts<S> = Omit<S, 'kind' | 'datasetId'>;

/** A choice the job cannot run without: the page's control for it (its data-testid) and what to pick. */
export interface MissingChoice {
  control: string;
  why: string;
}

export type StartPlan =
  | { job: 'propensity'; spec: Opts<PropensitySpec> }
  | { job: 'segment'; spec: Opts<SegmentSpec> }
  | { job: 'clv'; spec: Opts<ClvSpec> }
  | { job: 'recommend'; spec: Opts<RecommendSpec> }
  | { job: 'ads'; spec: Opts<AdsSpec>; missing?: MissingChoice }
  | { job: Suggestion['job']; missing: MissingChoice };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const hasRole = (d: DatasetRecord, role: string): boolean => Object.values(d.roles).includes(role as never);
const column = (d: DatasetRecord, name: string | undefined) => d.columns.find((c) => c.name === name);

function propensityPlan(s: Suggestion, d: DatasetRecord): StartPlan {
  const target = s.target ?? str(s.options.target);
  const col = column(d, target);
  if (!target || !col || d.roles[target] === 'ignore' || col.distinct < 2)
    return {
      job: 'propensity',
      missing: { control: 'propensity-target', why: 'Pick the yes/no column to predict.' },
    };
  // Every usable column (an empty feature list) and Auto, as the page starts.
  return { job: 'propensity', spec: { target, model: 'auto', seed: 0 } };
}

function clvPlan(d: DatasetRecord): StartPlan {
  const plan = clvColumnPlan(d.columns, d.roles);
  if (!plan.input)
    return {
      job: 'clv',
      missing: { control: 'clv-columns', why: plan.reason ?? 'Pick the customer, date and amount columns.' },
    };
  return { job: 'clv', spec: { period: 'week', horizon: 52, discount: 0.01, months: 12 } };
}

function recommendPlan(s: Suggestion, d: DatasetRecord): StartPlan {
  if (!hasRole(d, 'customer_id') || !hasRole(d, 'item_id'))
    return {
      job: 'recommend',
      missing: { control: 'rec-dataset', why: 'Mark a customer id and an item id column on the Data page.' },
    };
  const mode = s.options.mode === 'explicit' || s.options.mode === 'implicit' ? s.options.mode : undefined;
  return { job: 'recommend', spec: { ...(mode ? { mode } : {}), split: 'random', grid: 'full' } };
}

function adsPlan(s: Suggestion, d: DatasetRecord): StartPlan {
  const outcome = s.target ?? str(s.options.outcome);
  if (outcome && !column(d, outcome))
    return {
      job: 'ads',
      missing: { control: 'ads-outcome', why: `Pick the outcome: \`${outcome}\` is not a column.` },
    };
  const suggestedDate = str(s.options.date);
  if (suggestedDate && !column(d, suggestedDate))
    return { job: 'ads', missing: { control: 'ads-mmm-date', why: 'Pick the date column of the series.' } };
  // A marketing mix on the suggested date (else the page's: the first date column) with the page's default controls.
  const date = suggestedDate ?? dateColumns(d.columns, d.roles)[0];
  const mmm = date ? { date, controls: defaultControls(controlColumns(d.columns, d.roles)) } : { date: null };
  return { job: 'ads', spec: { ...(outcome ? { outcome } : {}), model: 'glm', ...mmm } };
}

/** Each page's judgement of a dataset (what its picker shows) and the picker's testid (fixes: `<id>-fix-<role>`). */
const FIT: Partial<Record<Suggestion['job'], { fit: SuitabilityFn; picker: string }>> = {
  segment: { fit: segmentsSuitability, picker: 'segment-dataset' },
  propensity: { fit: propensitySuitability, picker: 'propensity-dataset' },
  recommend: { fit: recommendSuitability, picker: 'rec-dataset' },
  ads: { fit: adsSuitability, picker: 'ads-dataset' },
};

/** The suggested job as the options its page would send, or the choice that is still missing. */
export function startPlan(s: Suggestion, d: DatasetRecord): StartPlan {
  // A dataset the page says it cannot use as it is (e.g. a series with no column marked as spend) is not started:
  // the page opens with its fix (a column select mapping the missing role) marked.
  const page = FIT[s.job];
  const fit = page?.fit(d);
  if (page && fit && !fit.ok) {
    const fix = fit.fixes[0];
    const control = fix ? `${page.picker}-fix-${fix.role}` : page.picker;
    const missing = { control, why: say(fit.reason) || 'Choose how to use this dataset.' };
    // Ads with the suggested outcome still runs (a model of that outcome, its notes say what the fix adds, e.g.
    // spend for response curves), with the fix marked beside the result.
    const ads = s.job === 'ads' && s.target ? adsPlan(s, d) : null;
    return ads && 'spec' in ads ? { ...ads, missing } : { job: s.job, missing };
  }
  switch (s.job) {
    case 'propensity':
      return propensityPlan(s, d);
    case 'segment':
      // k chosen by the silhouette, default features (RFM for transactions), as the page starts.
      return { job: 'segment', spec: { k: null, seed: 0, minSize: 10 } };
    case 'clv':
      return clvPlan(d);
    case 'recommend':
      return recommendPlan(s, d);
    case 'ads':
      return adsPlan(s, d);
  }
}
