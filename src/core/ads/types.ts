// Plain-data types of the ads analysis: options in, results out (all structured-clonable, no tensors).
import type { AdsTrust } from './trust.ts';
import type { MmmResult } from './mmm/types.ts';

/** What is being predicted. Rates are binomial (successes out of trials), weighted by the trials. */
export type OutcomeSpec =
  | { kind: 'rate'; numerator: string; denominator: string; label: string }
  | { kind: 'count'; column: string; label: string; offset?: string }
  | { kind: 'continuous'; column: string; label: string };

export type Family = 'linear' | 'poisson' | 'binomial';
export type ModelKind = 'glm' | 'mlp';
export type CurveKind = 'hill' | 'negexp';
/** Every curve shape the allocator and what-if evaluate: the fitted kinds plus the MMM's logistic saturation. */
export type CurveShape = CurveKind | 'logistic';

/** One model input: a categorical factor (one-hot) or a numeric metric (optionally log1p, then z-scored). */
export type InputSpec =
  | { kind: 'categorical'; name: string; levels: string[]; reference: number }
  | { kind: 'numeric'; name: string; log: boolean; mean: number; sd: number };

/** The feature pipeline as plain data: maps raw inputs to a design row. */
export interface Design {
  inputs: InputSpec[];
  /** Design column names (without the intercept). */
  columnNames: string[];
  /** For each input, the design columns it owns (permuted together). */
  groups: number[][];
  width: number;
}

/** A raw input row: categorical level codes (index into levels, -1 missing) and numeric values, by input order. */
export type RawRow = number[];

export interface GlmWeights {
  kind: 'glm';
  family: Family;
  /** [intercept, ...design columns]. */
  coef: Float64Array;
  /** Covariance of coef (row-major, (width+1)²), already scaled by the dispersion. */
  cov: Float64Array;
  /** Residual variance (linear) or Pearson χ²/(n−p) floored at 1 (Poisson/binomial). */
  dispersion: number;
  iterations: number;
}

export interface MlpWeights {
  kind: 'mlp';
  family: Family;
  hidden: number;
  /** width×hidden row-major, hidden, hidden, 1. */
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
  /** Linear family: the network predicts (y − yMean)/ySd. */
  yMean: number;
  ySd: number;
}

export type ModelWeights = GlmWeights | MlpWeights;

export interface FittedModel {
  design: Design;
  weights: ModelWeights;
}

export interface ModelQuality {
  model: ModelKind;
  family: Family;
  trainRows: number;
  testRows: number;
  /** R² of the predicted outcome on the test split (rates: exposure-weighted). */
  r2: number;
  /** Fraction of deviance explained on the test split (= R² for linear). */
  d2: number;
  /** Mean deviance per row (poisson), log loss per trial (binomial), MSE (linear). */
  loss: number;
  lossName: 'mse' | 'poisson deviance' | 'log loss';
}

export interface Importance {
  factor: string;
  /** Mean drop of the test score (R² or deviance explained) over the permutations. */
  mean: number;
  /** 2.5 % and 97.5 % percentiles of the drops over the permutations. */
  low: number;
  high: number;
  sd: number;
  repeats: number;
}

export interface CollinearityWarning {
  a: string;
  b: string;
  r: number;
  message: string;
}

export interface LevelEffect {
  level: string;
  /** Predicted outcome (partial dependence) with a 95 % delta-method interval. */
  value: number;
  low: number;
  high: number;
  rows: number;
}

export interface FactorEffects {
  factor: string;
  levels: LevelEffect[];
  best: string;
  worst: string;
  summary: string;
}

export interface CurveParams {
  kind: CurveShape;
  /** hill: beta·x^n/(x^n+K^n); negexp: beta·(1−exp(−x/K)); logistic: beta·(1−e^(−x/K))/(1+e^(−x/K)) (MMM). */
  beta: number;
  k: number;
  n: number;
}

export interface ResponseCurve {
  channel: string;
  params: CurveParams;
  /** 2.5/97.5 % bootstrap percentiles of each parameter. */
  paramLow: CurveParams;
  paramHigh: CurveParams;
  /** Current spend per period (mean) and its predicted outcome and marginal return (outcome per unit spend). */
  currentSpend: number;
  currentOutcome: number;
  marginalReturn: number;
  /** Curve on a spend grid, with a bootstrap 95 % band. */
  grid: number[];
  fit: number[];
  low: number[];
  high: number[];
  /** Observed points (spend, outcome) — capped sample for charts. */
  points: [number, number][];
  adstock: number;
}

export interface ResponseModel {
  /**
   * 'wide': several spend columns per row (joint additive fit with a baseline); 'long': one curve per channel
   * value.
   */
  layout: 'wide' | 'long' | 'single';
  outcome: string;
  baseline: number;
  curves: ResponseCurve[];
  /** Bootstrap parameter draws per channel (for lift intervals): draws[b][c]. */
  draws: CurveParams[][];
  baselineDraws: number[];
  r2: number;
  periodLabel: string;
}

export interface AllocationConstraints {
  budget: number;
  floors?: Record<string, number>;
  caps?: Record<string, number>;
  locked?: string[];
  /** Current allocation; defaults to the curves' current spend. */
  current?: Record<string, number>;
}

export interface AllocationMove {
  from: string;
  to: string;
  amount: number;
  fromMarginal: number;
  toMarginal: number;
  text: string;
}

export interface AllocationResult {
  channels: string[];
  current: number[];
  proposed: number[];
  currentOutcome: number;
  proposedOutcome: number;
  lift: number;
  liftLow: number;
  liftHigh: number;
  costPerOutcomeCurrent: number;
  costPerOutcomeProposed: number;
  moves: AllocationMove[];
  marginalProposed: number[];
  notes: string[];
}

/** Reference rows kept for what-if (raw inputs), capped. */
export interface WhatIfBase {
  rows: RawRow[];
  /** Exposure per reference row (rates), else 1. */
  weights: number[];
  /** Link-scale offset per reference row (count models with an exposure offset). */
  offsets?: number[];
}

export interface AdsOptions {
  outcome?: OutcomeSpec;
  /** Input names to use (defaults from roles). */
  inputs?: string[];
  family?: Family;
  model?: ModelKind;
  testFraction?: number;
  repeats?: number;
  seed?: number;
  /** Spend columns: ≥ 2 → wide layout (one channel per column). */
  spend?: string[];
  curve?: CurveKind | 'auto';
  adstock?: boolean;
  bootstrap?: number;
  budget?: number;
  constraints?: Omit<AllocationConstraints, 'budget'>;
  currency?: string;
  mlpHidden?: number;
  mlpIterations?: number;
  /** Date column of a marketing-mix model (default: the timestamp role; null: none, no marketing-mix model). */
  date?: string | null;
  /** Event / control columns of the marketing-mix model. */
  controls?: string[];
}

export interface AdsResult {
  outcome: OutcomeSpec;
  quality: ModelQuality;
  glmQuality: ModelQuality;
  model: FittedModel;
  glm: FittedModel;
  importance: Importance[];
  collinearity: CollinearityWarning[];
  effects: FactorEffects[];
  response: ResponseModel | null;
  allocation: AllocationResult | null;
  whatIf: WhatIfBase;
  /** Marketing-mix model (dated tables with spend); its curves drive allocation and spend what-ifs when present. */
  mmm?: MmmResult | null;
  /** "No usable signal" guard (absent on analyses stored before it): see core/ads/trust.ts. */
  trust?: AdsTrust;
  notes: string[];
  seconds: { fit: number; importance: number; effects: number; response: number; allocation: number };
}

/** Fitted response curves as the allocator takes them: one entry per channel, plus bootstrap draws. */
export interface AllocationCurves {
  channels: string[];
  params: CurveParams[];
  current: number[];
  baseline?: number;
  draws?: CurveParams[][];
  outcomeLabel?: string;
  currency?: string;
}
