// Plain-data types of the impression-level CTR models: encoding, weights and the result (all structured-clonable).
import type { GbdtModel } from '../../trees/types.ts';
import type { Table } from '../../data/table.ts';

/** One model input after encoding: a categorical column's kept levels, or a numeric column's quantile bins. */
export interface CtrField {
  name: string;
  kind: 'categorical' | 'numeric';
  /** Level names; the last two are always OTHER (unseen / rare in train) and MISSING. */
  levels: string[];
  /** Numeric fields: bin edges (a value v falls in bin #{cuts ≤ v}); or, for a few distinct values, the values. */
  cuts: number[];
  /** Numeric fields with ≤ MAX_EXACT distinct values in train: `cuts` are those values, one level each. */
  exact: boolean;
  /** Hash bucket of each level ("name=level" hashed into 2^bits buckets). */
  buckets: Int32Array;
}

/** The feature pipeline as plain data, fitted on the training rows only. */
export interface CtrEncoding {
  fields: CtrField[];
  bits: number;
  /** 2^bits; the bias is the extra row `buckets` of the weight matrix. */
  buckets: number;
  seed: number;
  /** Levels that share a bucket with an earlier level (Σ over buckets of levels − 1). */
  collisions: number;
  /** Columns left out by the default feature rule, with the reason. */
  dropped: { column: string; reason: string }[];
}

export type CtrKind = 'logistic' | 'fm' | 'gbdt';
/** The models with hashed weights (the trees keep their own). */
export type HashedKind = 'logistic' | 'fm';

/**
 * Weights of a fitted model: a (buckets + 1) × (factors + 1) row-major matrix. Column 0 holds the linear weight
 * w_i, columns 1…factors the FM factor vector v_i (factors = 0 for logistic); row `buckets` is the bias w0.
 */
export interface CtrWeights {
  kind: HashedKind;
  factors: number;
  buckets: number;
  theta: Float32Array;
}

export interface CtrModelSummary {
  kind: CtrKind;
  /** Test split. */
  auc: number;
  logLoss: number;
  /** Validation log loss at the kept (best) epoch: what `best` is chosen by. */
  valLogLoss: number;
  /** Epochs run (the kept weights are from epoch `bestEpoch`). */
  epochs: number;
  bestEpoch: number;
  seconds: number;
  /** Hashed models' weights; null for the trees (in `trees`). Epochs of the trees = boosting iterations. */
  weights: CtrWeights | null;
  trees?: GbdtModel;
}

export interface CtrLevelEffect {
  level: string;
  impressions: number;
  clicks: number;
  ctr: number;
  /** Wilson score 95 % interval. */
  low: number;
  high: number;
}

export interface CtrFactorEffect {
  factor: string;
  levels: CtrLevelEffect[];
}

export interface CtrImportance {
  factor: string;
  /** Mean drop of test AUC when the factor is permuted (each repeat on a bootstrap resample of the test rows). */
  drop: number;
  sd: number;
  /** 2.5 % and 97.5 % percentiles of the drops. */
  low: number;
  high: number;
}

/** One FM factor pair: the spread of its double-centred pairwise log-odds effects and its largest cells. */
export interface CtrInteraction {
  a: string;
  b: string;
  /** √(Σ π_a π_b I_ab²) of the centred effects I (log-odds), π = train level shares. */
  strength: number;
  cells: { a: string; b: string; effect: number }[];
}

export interface CtrResult {
  outcome: string;
  /** The outcome's positive value as the file writes it. */
  positive: string;
  /** Labelled rows used (train + test). */
  rows: number;
  trainRows: number;
  testRows: number;
  clickRate: number;
  /** Constant rate = train click rate: AUC 0.5 and its test log loss. */
  baseline: { auc: number; logLoss: number };
  models: CtrModelSummary[];
  /** The model with the lower validation log loss (the test split never chooses). */
  best: CtrKind;
  effects: CtrFactorEffect[];
  importance: CtrImportance[];
  interactions?: CtrInteraction[];
  encoding: CtrEncoding;
  notes: string[];
}

export interface CtrOptions {
  outcome: string;
  /** Feature columns; default: every usable column (see `selectFeatures`). */
  features?: string[];
  seed?: number;
  /** Share of labelled rows held out for test (stratified); ignored when `testTable` is given. Default 0.2. */
  testShare?: number;
  /** A separate test file with the same columns (e.g. a fixed published split). */
  testTable?: Table;
  /** FM factor dimension k (default 8). */
  factors?: number;
  maxEpochs?: number;
}
