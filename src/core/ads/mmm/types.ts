// Plain-data types of the marketing-mix model (MMM): options in, per-channel estimates with intervals out.
import type { ResponseModel } from '../types.ts';
import type { SaturationKind } from './saturation.ts';

export interface MmmOptions {
  outcome: string;
  /** Date column (one row per period, or several rows per period that are summed). */
  date: string;
  spend: string[];
  /** Long logs: a single spend column is split into channels by this column. */
  channel?: string | null;
  /** Event / control columns (averaged per period, linear effects). */
  controls?: string[];
  /** 'auto': fit logistic and Hill, keep the lower AIC (default 'logistic'). */
  saturation?: SaturationKind | 'auto';
  /** Adstock window in periods (default 8). */
  lMax?: number;
  /** Yearly Fourier order (default 2 weekly, 3 daily). */
  fourier?: number;
  /** Bootstrap refits for the intervals (default 200). */
  draws?: number;
  seed?: number;
}

export interface MmmChannel {
  channel: string;
  /** Geometric adstock decay α (share of an impulse carried into the next period) with a 95 % interval. */
  decay: number;
  decayLow: number;
  decayHigh: number;
  /** Logistic λ (on spend ÷ its max) — or Hill K as a share of the max spend — with a 95 % interval. */
  saturation: number;
  saturationLow: number;
  saturationHigh: number;
  /** Hill shape n (Hill saturation only). */
  hillN?: number;
  /** β: the channel's ceiling contribution per period, in outcome units. */
  ceiling: number;
  /** Σ channel contribution / Σ outcome, with a 95 % interval. */
  share: number;
  shareLow: number;
  shareHigh: number;
  /** Σ contribution / Σ spend. */
  roas: number;
  roasLow: number;
  roasHigh: number;
  /** Mean spend and contribution per period. */
  spend: number;
  contribution: number;
}

export interface MmmTerm {
  name: string;
  /** Effect in outcome units per unit of the term, with a 95 % interval. */
  effect: number;
  low: number;
  high: number;
}

/** The figures the trust guard judges (see trust.ts). */
export interface MmmChecks {
  r2: number;
  /** Mean baseline per period (intercept, trend, seasonality, weekdays; no channels or controls), 95 % interval. */
  base: number;
  baseLow: number;
  baseHigh: number;
  /** Σ channel contribution shares, with a 95 % interval. */
  shareSum: number;
  shareSumLow: number;
  shareSumHigh: number;
  /** Channels whose share or share interval is not finite. */
  nonFinite: string[];
}

export interface MmmResult {
  channels: MmmChannel[];
  saturationKind: SaturationKind;
  /** False when a trust check fails: its curves then drive neither allocation nor what-if. */
  trusted: boolean;
  /** Which checks failed, with their figures (null when trusted). */
  reason: string | null;
  checks: MmmChecks;
  /** With saturation 'auto': each kind's AIC (lower is better), the kept one first. */
  selection?: { kind: SaturationKind; aic: number }[];
  /** Base terms (intercept, trend, seasonality, weekdays, controls) and their fitted effects. */
  terms: MmmTerm[];
  periods: number;
  periodLabel: string;
  r2: number;
  /** Residual standard deviation in outcome units. */
  sigma: number;
  fitSeconds: number;
  draws: number;
  method: string;
  /** Steady-state response curves (spend per period → contribution per period) for what-if and allocation. */
  response: ResponseModel;
  notes: string[];
}
