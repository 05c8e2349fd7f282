// The recommend job: Table + roles → split → every model and baseline on the same split → comparison table,
// validation grid, loss history and a servable bundle (refitted on all interactions). Plain-data result.
import { JobError, type JobContext } from '../jobs.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { resolveColumns, type FeedbackMode, type Strength } from './interactions.ts';
import type { RecommendOptions, RecommendResult } from './run-types.ts';
import type { RecommendRun } from './run-context.ts';
import { compareExplicit } from './run-explicit.ts';
import { compareImplicit } from './run-implicit.ts';
import { prepareServing, type Serving } from './run-serve.ts';
import { splitInteractions, type TrainTest } from './run-split.ts';
import type { GridResult } from './tune.ts';
import { mergeText } from './merge.ts';
import { judgeSignal, type SignalCheck } from './trust.ts';

export type { ModelScore, RecommendOptions, RecommendResult } from './run-types.ts';
export { KNN_WORK_LIMIT } from './run-context.ts';

/** Mode, k, columns and strength from the roles and options; then the interactions, read and split. */
function openRun(table: Table, roles: RoleMap, opts: RecommendOptions, ctx: JobContext) {
  const now = opts.now ?? (() => performance.now());
  const hasRating = table.columns.some((c) => roles[c.name] === 'rating');
  const mode: FeedbackMode = opts.mode ?? (hasRating ? 'explicit' : 'implicit');
  const k = opts.k ?? 10;
  checkOptions(opts, k);
  const cols = resolveColumns(table, roles, mode, opts.itemNameColumn);
  const strength: Strength =
    mode === 'explicit' ? 'binary' : (opts.strength ?? (cols.quantity ? 'log-quantity' : 'binary'));
  ctx.progress(0, 1, 'reading interactions');
  const split = splitInteractions(table, cols, mode, strength, opts);
  if (k > split.train.items.length)
    throw new JobError(
      'bad-k',
      `k = ${k} is more than the ${split.train.items.length} items in the training part: a top-${k} list cannot be ranked. Use k ≤ ${split.train.items.length}.`,
      { k, items: split.train.items.length },
    );
  const run: RecommendRun = {
    opts,
    ctx,
    now,
    mode,
    k,
    strength,
    cols,
    ev: split.ev,
    train: split.train,
    test: split.test,
    warnings: [],
    models: [],
    fitted: new Map(),
    units: new Map(),
  };
  return { run, split };
}

/** Requests no split can honour fail before any data is read. */
function checkOptions(opts: RecommendOptions, k: number): void {
  if (!Number.isInteger(k) || k < 1)
    throw new JobError(
      'bad-top-k',
      `k must be a whole number of at least 1 (the length of each top-k list); got ${k}.`,
      { k },
    );
  const f = opts.split && opts.split.kind !== 'leave-last-out' ? opts.split.testFraction : undefined;
  if (f !== undefined && !(f > 0 && f < 1))
    throw new JobError('bad-test-fraction', `The test fraction must be between 0 and 1 (exclusive); got ${f}.`, {
      testFraction: f,
    });
}

interface Compared {
  evaluated: number;
  grid: GridResult[] | null;
  explicitTraining: RecommendResult['explicitTraining'];
}

/** Every model and baseline of the run's mode, scored on the same split. */
async function compareModels(run: RecommendRun): Promise<Compared> {
  if (run.mode === 'explicit')
    return { evaluated: run.test.user.length, grid: null, explicitTraining: await compareExplicit(run) };
  const { grid, evaluated } = await compareImplicit(run);
  return { evaluated, grid, explicitTraining: null };
}

function assembleResult(
  run: RecommendRun,
  split: TrainTest,
  compared: Compared,
  serving: Serving,
  signal: SignalCheck | null,
): RecommendResult {
  const { opts, mode, k, strength, cols, train, test, ev, models } = run;
  return {
    schemaVersion: 1,
    mode,
    k,
    strength,
    columns: cols,
    split: {
      kind: opts.testTable ? 'table' : (opts.split?.kind ?? 'random'),
      trainInteractions: train.indices.length,
      testInteractions: test.user.length,
      users: train.users.length,
      items: train.items.length,
      evaluated: compared.evaluated,
      coldUserTests: split.coldUserTests,
      coldItemTests: split.coldItemTests,
      droppedRows: ev.dropped,
      returnRows: ev.returns,
      merged: split.merged,
    },
    models,
    best: models.find((m) => m.best)!.name,
    served: serving.servable,
    warnings: run.warnings,
    notes: split.merged ? [mergeText(split.merged, mode)] : [],
    signal,
    grid: compared.grid,
    explicitTraining: compared.explicitTraining,
    bundle: {
      schemaVersion: 1,
      mode,
      strength,
      model: serving.model,
      history: serving.history,
      itemNames: serving.itemNames,
      verb: cols.rating ? 'rated' : cols.quantity ? 'bought' : 'chose',
    },
  };
}

export async function runRecommend(
  table: Table,
  roles: RoleMap,
  opts: RecommendOptions,
  ctx: JobContext,
): Promise<RecommendResult> {
  const { run, split } = openRun(table, roles, opts, ctx);
  const compared = await compareModels(run);
  const signal = judgeSignal(run.mode, run.models, run.units, run.test, run.k);
  // no usable signal: the baseline serves, so its lists (labelled as the baseline) are what the page shows
  const bestName = signal && !signal.usable ? signal.baseline : run.models.find((m) => m.best)!.name;
  const serving = await prepareServing(run, bestName, compared.explicitTraining);
  ctx.progress(1, 1, 'done');
  return assembleResult(run, split, compared, serving, signal);
}
