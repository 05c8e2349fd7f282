// Plain-data shapes of the propensity job: the options it takes and the result it returns.
import type { Table } from '../data/table.ts';
import type { PropensityKind, PropensityModel } from './scoring-model.ts';
import type { PropensityRules } from './rules.ts';
import type { Driver } from './reasons.ts';
import type { MlpFit } from './mlp-classifier.ts';
import type { Coefficient, Evaluation, Importance } from './evaluate-classifier.ts';
import type { LeakFlag } from './leak.ts';
import type { ModelTrust } from './trust.ts';
import type { Msg } from '../msg.ts';

/** A note for the person: a message key with its figures (plain text in results stored before messages/). */
export type Note = Msg | string;

export interface PropensityOptions {
  /** Target column name; default: the column with role "target". */
  target?: string;
  /** Which value is the positive class; default inferred ("Yes", "1", "true", … or the rarer value). */
  positive?: string;
  /** 'auto' (default) trains logistic, GBDT and the MLP and keeps the best by validation AUC on train rows. */
  model?: 'auto' | PropensityKind;
  seed?: number;
  testFraction?: number;
  /** A separate labelled test table (e.g. `--test-split file`); then all labelled rows of the main table train. */
  testTable?: Table;
  features?: string[];
  disabled?: string[];
  threshold?: number;
  /**
   * 'auto' = balanced weights when positives are under 10 % of rows (clear imbalance); otherwise calibrated,
   * unweighted.
   */
  classWeights?: 'auto' | 'balanced' | 'none';
  /** Logistic: explicit λ; default = chosen by 5-fold cross-validation on the training rows. */
  l2?: number;
  /** Logistic: C values tried by cross-validation (λ = 1 / (C·n)). */
  cGrid?: number[];
  /** Extra non-linear terms for numeric columns; 'auto' (logistic) = chosen by cross-validation with C. */
  expand?: 'auto' | 'none' | 'log' | 'bins';
  epochs?: number;
  batchSize?: number;
  patience?: number;
  learningRate?: number;
  permutationRepeats?: number;
}

export interface PropensityResult {
  model: PropensityModel;
  target: string;
  positive: string;
  counts: {
    rows: number;
    labelled: number;
    missingTarget: number;
    positives: number;
    train: number;
    trainPositives: number;
    test: number;
    testPositives: number;
  };
  test: Evaluation;
  trustNote: Note | null;
  /** "No usable signal" (test AUC ≤ 0.55): then importances, drivers, rules and reasons are not findings. */
  trust?: ModelTrust;
  classWeights: [number, number];
  /** Logistic only: cross-validated AUC / log loss per C, and the chosen C. */
  cv: { c: number; expand: string; auc: number; logLoss: number }[] | null;
  chosenC: number | null;
  expand: 'none' | 'log' | 'bins';
  history: MlpFit['epochs'];
  coefficients: Coefficient[] | null;
  importance: Importance[];
  /** Every row of the main table (then the test table, when separate): id, probability, decile (1 = top 10 %). */
  scores: { ids: string[]; probability: Float32Array; decile: Uint8Array; split: Uint8Array };
  trainSeconds: number;
  /** "Who is likely": a depth-3 tree on the top 3 deciles, in plain words with precision and coverage. */
  rules: PropensityRules | null;
  /** Features that alone reach a held-out AUC ≥ 0.9 (flagged before training; still used unless excluded). */
  leaks: LeakFlag[];
  /** What drives the score: mean |contribution| per source column (TreeSHAP, coefficients × values, occlusion). */
  drivers: Driver[];
  /** 'auto': every candidate's validation AUC (on a split of the training rows only) and which won by how much. */
  choice: ModelChoice | null;
  notes: Note[];
}

export interface ModelChoice {
  candidates: { kind: PropensityKind; validationAuc: number; seconds: number }[];
  chosen: PropensityKind;
  /** Validation AUC of the chosen model minus the best other (negative: a simpler model kept within MIN_GAIN). */
  margin: number;
  validationRows: number;
}
