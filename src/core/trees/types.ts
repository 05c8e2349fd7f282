// Gradient-boosted trees: the options (with scikit-learn HistGradientBoosting defaults) and the plain-data model.

/** Fit options. Every default follows sklearn's HistGradientBoostingClassifier (1.2–1.5) unless noted. */
export interface GbdtOptions {
  /** Shrinkage applied to every leaf value (sklearn `learning_rate`, 0.1). */
  learningRate?: number;
  /** Boosting iterations, one tree each (sklearn `max_iter`, 100). */
  maxIter?: number;
  /** Leaves per tree, grown best-first (sklearn `max_leaf_nodes`, 31). */
  maxLeafNodes?: number;
  /** Edges from the root to the deepest leaf; undefined = unlimited (sklearn `max_depth`, None). */
  maxDepth?: number;
  /** Fewest (unweighted) training rows in a leaf (sklearn `min_samples_leaf`, 20). */
  minSamplesLeaf?: number;
  /** L2 penalty λ on leaf values (sklearn `l2_regularization`, 0). */
  l2?: number;
  /** Fewest hessian sum in a child (sklearn's internal `min_hessian_to_split`, 1e-3). */
  minHessianToSplit?: number;
  /** Non-missing bins per numeric feature, ≤ 255 (sklearn `max_bins`, 255; one more bin holds missing values). */
  maxBins?: number;
  /** Rows used to fit the numeric bin thresholds (sklearn's binning subsample, 200,000). */
  binSubsample?: number;
  /** 'auto' = on when n > 10,000 (sklearn `early_stopping='auto'`). */
  earlyStopping?: 'auto' | boolean;
  /** Stratified share of the rows held out for early stopping (sklearn `validation_fraction`, 0.1). */
  validationFraction?: number;
  /** Stop when none of the last k iterations beat the score k + 1 back by `tol` (sklearn `n_iter_no_change`, 10). */
  nIterNoChange?: number;
  /** Improvement in validation log-loss that counts (sklearn `tol`, 1e-7). */
  tol?: number;
  /** Class weights (sklearn `class_weight`): 'balanced' = n / (2 · n_class), or [w0, w1]; multiplies sample weights. */
  classWeight?: 'balanced' | readonly [number, number];
  /** Seed for the validation split and the binning subsample. */
  seed?: number;
  /**
   * The fit awaits `ctx.yield()` when this many ms have passed since the last yield (0 = every iteration). A
   * setTimeout(0) costs ≥ 1 ms in Node and 4 ms once nested in browsers, so yielding on every one of 100 short
   * iterations would add a large share to a 1 s fit; a cancel still lands within one iteration + this interval.
   */
  yieldEveryMs?: number;
}

export type ResolvedOptions = Required<Omit<GbdtOptions, 'maxDepth' | 'classWeight'>> & {
  maxDepth: number;
  classWeight: GbdtOptions['classWeight'];
};

export function resolveOptions(o: GbdtOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = {
    learningRate: o.learningRate ?? 0.1,
    maxIter: o.maxIter ?? 100,
    maxLeafNodes: o.maxLeafNodes ?? 31,
    maxDepth: o.maxDepth ?? Infinity,
    minSamplesLeaf: o.minSamplesLeaf ?? 20,
    l2: o.l2 ?? 0,
    minHessianToSplit: o.minHessianToSplit ?? 1e-3,
    maxBins: o.maxBins ?? 255,
    binSubsample: o.binSubsample ?? 200_000,
    earlyStopping: o.earlyStopping ?? 'auto',
    validationFraction: o.validationFraction ?? 0.1,
    nIterNoChange: o.nIterNoChange ?? 10,
    tol: o.tol ?? 1e-7,
    classWeight: o.classWeight,
    seed: o.seed ?? 0,
    yieldEveryMs: o.yieldEveryMs ?? 10,
  };
  if (!(r.maxBins >= 2 && r.maxBins <= 255)) throw new Error(`maxBins must be in 2…255, got ${r.maxBins}`);
  if (!(r.maxLeafNodes >= 2)) throw new Error(`maxLeafNodes must be ≥ 2, got ${r.maxLeafNodes}`);
  if (!(r.maxIter >= 1)) throw new Error(`maxIter must be ≥ 1, got ${r.maxIter}`);
  if (!(r.minSamplesLeaf >= 1)) throw new Error(`minSamplesLeaf must be ≥ 1, got ${r.minSamplesLeaf}`);
  if (!(r.validationFraction > 0 && r.validationFraction < 1))
    throw new Error(`validationFraction must be in (0, 1), got ${r.validationFraction}`);
  return r;
}

/** Training data: a row-major n × d matrix of raw values (NaN = missing) and 0/1 labels. */
export interface GbdtData {
  X: Float64Array;
  n: number;
  d: number;
  y: ArrayLike<number>;
  /** Per feature: values are integer category codes ≥ 0 (NaN or negative = missing). Default: all numeric. */
  categorical?: readonly boolean[];
  /** Per-row weights (default 1). */
  sampleWeight?: ArrayLike<number>;
  featureNames?: readonly string[];
}

/**
 * One tree as parallel node arrays (node 0 = root; `feature` −1 = leaf). A numeric node sends x left when
 * x ≤ threshold; a categorical node when the code's bit is set in catBits[catStart … catStart + catWords); a missing
 * value (NaN, or a negative code) goes left when missingLeft is 1. Unseen category codes go right (LightGBM's rule).
 */
export interface Tree {
  nodeCount: number;
  feature: Int32Array;
  /** Bin index of the split (left = bins ≤ it) for numeric nodes; −1 for leaves and categorical nodes. */
  thresholdBin: Int32Array;
  /** Raw-value threshold (Infinity = "all non-missing left", the split on missingness); 0 where unused. */
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf value (shrinkage included) on leaves; the value the node would have as a leaf elsewhere. */
  value: Float64Array;
  /** Weighted training rows through the node: the cover TreeSHAP weights the paths by. */
  cover: Float64Array;
  /** Hessian sum through the node (XGBoost's notion of cover). */
  hessian: Float64Array;
  /** Split gain (0 on leaves). */
  gain: Float64Array;
  /** Start of the node's left-category bitset in catBits; −1 for numeric nodes and leaves. */
  catStart: Int32Array;
  catWords: Int32Array;
  catBits: Uint32Array;
  /** Edges from the root to the deepest leaf. */
  maxDepth: number;
}

/** A fitted binary classifier: raw score = baseScore + Σ tree values; probability = sigmoid(raw). */
export interface GbdtModel {
  kind: 'gbdt-binary';
  version: 1;
  nFeatures: number;
  categorical: boolean[];
  featureNames: string[];
  /** Log-odds of the (weighted) training prior. */
  baseScore: number;
  trees: Tree[];
}

export interface GbdtFit {
  model: GbdtModel;
  /** Iterations fitted (= trees). */
  nIter: number;
  stoppedEarly: boolean;
  /** Log-loss on the training rows (the validation rows excluded) after 0, 1, … nIter trees. */
  trainLoss: number[];
  /** Validation log-loss after 0 … nIter trees (empty without early stopping). */
  validationLoss: number[];
  nTrain: number;
  nValidation: number;
}
