// The feature design's steps as plain data (stored inside saved models): numeric, one-hot and quantile-bin steps.
export interface NumericStep {
  kind: 'numeric';
  column: string;
  /** Output feature name when it differs from the column (e.g. `log1p(tenure)` as an extra term). */
  name?: string;
  /** Value written where the cell is missing (median of the fitted data). */
  impute: number;
  /** Cells that were missing when fitting (the recorded imputation). */
  imputed: number;
  log1p: boolean;
  mean: number;
  /** Population std (ddof 0) after the optional log1p; 1 when standardisation is off. */
  std: number;
}

export interface OneHotStep {
  kind: 'onehot';
  column: string;
  /** Levels that get their own indicator, in output order. */
  levels: string[];
  /** Rare levels pooled into one `other` indicator (unseen levels at scoring time go there too). */
  pooled: string[];
  hasOther: boolean;
  /** Missing cells become level "(missing)" when fitting saw any. */
  missingLevel: boolean;
  imputed: number;
}

/** Extra non-linear terms for a numeric column: quantile-bin indicators (learned edges). */
export interface BinsStep {
  kind: 'bins';
  column: string;
  impute: number;
  /** Ascending inner edges; bin b holds edges[b-1] < v ≤ edges[b]. */
  edges: number[];
}

export type FeatureStep = NumericStep | OneHotStep | BinsStep;
