// The recommend job's options and its plain-data result (comparison table, split summary, servable bundle).
import type { Table } from '../data/table.ts';
import type { ExplicitMFParams } from './explicit-mf.ts';
import type { ImplicitMFParams } from './ials.ts';
import type { EventColumns, FeedbackMode, Strength } from './interactions.ts';
import type { RecommenderBundle } from './model.ts';
import type { SplitSpec } from './split.ts';
import type { GridPoint, GridResult } from './tune.ts';
import type { MergeNote } from './merge.ts';
import type { SignalCheck } from './trust.ts';
import type { Msg } from '../msg.ts';

export interface RecommendOptions {
  /** Default: explicit when a rating column exists, else implicit. */
  mode?: FeedbackMode;
  split?: SplitSpec;
  /** A user-supplied test table with the same column names (overrides `split`). */
  testTable?: Table;
  k?: number;
  /** Implicit strength; default log-quantity when a quantity column exists, else binary. */
  strength?: Strength;
  explicit?: Partial<ExplicitMFParams>;
  implicit?: Partial<ImplicitMFParams>;
  grid?: GridPoint[];
  /** Neighbours kept per item by the implicit item-kNN baseline. */
  knnNeighbours?: number;
  /** Item id → display name (e.g. movies.csv titles joined by the caller). */
  itemNames?: Record<string, string>;
  itemNameColumn?: string;
  /** Neighbourhood baselines needing more similarity updates than this are skipped (default KNN_WORK_LIMIT). */
  knnWorkLimit?: number;
  /** Ranking metrics are averaged over at most this many customers (a seeded sample; default MAX_EVAL_USERS). */
  maxEvalUsers?: number;
  /**
   * Refit the best servable model on train + test interactions for serving (not with a user test table). Default
   * true.
   */
  refitForServing?: boolean;
  now?: () => number;
}

export interface ModelScore {
  name: string;
  /** The model's name for people (a Msg; results stored before i18n hold English strings). */
  label: Msg | string;
  baseline: boolean;
  rmse?: number;
  mae?: number;
  precisionAtK?: number;
  recallAtK?: number;
  ndcgAtK?: number;
  coverage?: number;
  popularityBias?: number;
  trainSeconds: number;
  best: boolean;
}

export interface RecommendResult {
  schemaVersion: 1;
  mode: FeedbackMode;
  k: number;
  strength: Strength;
  columns: EventColumns;
  split: {
    kind: SplitSpec['kind'] | 'table';
    trainInteractions: number;
    testInteractions: number;
    users: number;
    items: number;
    /** Users scored in the ranking evaluation (implicit) / test ratings (explicit). */
    evaluated: number;
    coldUserTests: number;
    coldItemTests: number;
    droppedRows: number;
    /** Implicit: rows with quantity ≤ 0 (returns) left out. */
    returnRows: number;
    /** Duplicate (customer, item) rows merged before the split (absent in results stored before the merge). */
    merged?: MergeNote | null;
  };
  models: ModelScore[];
  best: string;
  /** The model in `bundle` (the best one that can serve recommendations). */
  served: string;
  warnings: (Msg | string)[];
  /** What was done to the data on the way in (the duplicate merge), in words. */
  notes?: (Msg | string)[];
  /**
   * The trust guard: the best recommender against its baseline. When not usable, the baseline serves (absent in
   * results stored before the guard).
   */
  signal?: SignalCheck | null;
  grid: GridResult[] | null;
  explicitTraining: { bestEpoch: number; validRmse: number; schedule: number[] } | null;
  bundle: RecommenderBundle;
}
