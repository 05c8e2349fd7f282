// The state one recommend run hands from phase to phase (split → comparison → serving), and the helpers they share.
import type { JobContext } from '../jobs.ts';
import {
  itemCounts,
  type EventColumns,
  type Events,
  type FeedbackMode,
  type MappedPairs,
  type Matrix,
  type Strength,
} from './interactions.ts';
import type { ServableModel } from './model.ts';
import type { ModelScore, RecommendOptions } from './run-types.ts';
import { msg, type Msg } from '../msg.ts';

/**
 * Neighbourhood models touch every pair of interactions that share a user (item-kNN) or an item (user-kNN):
 * Σ n² similarity updates. Beyond this many the baseline is skipped (with a warning) rather than stall the tab.
 */
export const KNN_WORK_LIMIT = 5e8;

/** One run: its settings, the interactions read and split, and what the comparison has scored and fitted so far. */
export interface RecommendRun {
  opts: RecommendOptions;
  ctx: JobContext;
  now: () => number;
  mode: FeedbackMode;
  k: number;
  strength: Strength;
  cols: EventColumns;
  /** Every event of the training table (the train rows index it; serving refits on all of it). */
  ev: Events;
  train: Matrix;
  test: MappedPairs;
  warnings: (Msg | string)[];
  models: ModelScore[];
  /** Fitted models by comparison name, for serving. */
  fitted: Map<string, ServableModel>;
  /**
   * Per test unit, by comparison name: each evaluated customer's NDCG@k (implicit) or each test pair's prediction
   * (explicit) — the paired comparison of the trust guard (trust.ts) needs them.
   */
  units: Map<string, Float64Array>;
}

/** Σ over rows of (row length)²: the pair updates a neighbourhood model over the other axis needs. */
export function pairWork(m: Matrix): number {
  let w = 0;
  for (let r = 0; r + 1 < m.indptr.length; r++) w += (m.indptr[r + 1]! - m.indptr[r]!) ** 2;
  return w;
}

export function itemPairWork(m: Matrix): number {
  const c = itemCounts(m);
  let w = 0;
  for (const n of c) w += n * n;
  return w;
}

export const skipped = (label: Msg, work: number) =>
  msg('rec_warn_skipped', { model: label, work: work.toExponential(1) });

/** Maps a sub-job's progress into [from, to] of the whole job, keeping `done` monotone. */
export function sub(ctx: JobContext, from: number, to: number): JobContext {
  return { ...ctx, progress: (d, t, phase) => ctx.progress(from + (to - from) * (t > 0 ? d / t : 0), 1, phase) };
}

export const seconds = (now: () => number, t0: number) => (now() - t0) / 1000;

export function names(ev: Events, m: Matrix, map?: Record<string, string>): string[] | null {
  if (!map && !ev.itemNames) return null;
  const byId = new Map<string, string>();
  if (ev.itemNames) ev.itemIds.forEach((id, i) => byId.set(id, ev.itemNames![i]!));
  return m.items.map((id) => map?.[id] ?? byId.get(id) ?? '');
}

/** Every row of `ev`, in order. */
export const allRows = (ev: Events) => Int32Array.from({ length: ev.user.length }, (_, r) => r);
