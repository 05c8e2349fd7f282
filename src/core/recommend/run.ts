// The recommend job: Table + roles → split → every model and baseline on the same split → comparison table,
// validation grid, loss history and a servable bundle (refitted on all interactions). Plain-data result.
import type { JobContext } from '../jobs.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { resolveColumns, type FeedbackMode, type Strength } from './interactions.ts';
import type { RecommendOptions, RecommendResult } from './run-types.ts';
import type { RecommendRun } from './run-context.ts';
import { compareExplicit } from './run-explicit.ts';
import { compareImplicit } from './run-implicit.ts';
import { prepareServing, type Serving } from './run-serve.ts';
import { splitInteractions, type TrainTest } from './run-split.ts';
import type { GridResult } from './tune.ts';

export type { ModelScore, RecommendOptions, RecommendResult } from './run-types.ts';
export { KNN_WORK_LIMIT } from './run-context.ts';

/** Mode, k, columns and strength from the roles and options; then the interactions, read and split. */
function openRun(table: Table, roles: RoleMap, opts: RecommendOptions, ctx: JobContext) {
  const now = opts.now ?? (() => performance.now());
  const hasRating = table.columns.some((c) => roles[c.name] === 'rating');
  const mode: FeedbackMode = opts.mode ?? (hasRating ? 'explicit' : 'implicit');
  const k = opts.k ?? 10;
  const cols = resolveColumns(table, roles, mode, opts.itemNameColumn);
  const strength: Strength =
    mode === 'explicit' ? 'binary' : (opts.strength ?? (cols.quantity ? 'log-quantity' : 'binary'));
  ctx.progress(0, 1, 'reading interactions');
  const split = splitInteractions(table, cols, mode, strength, opts);
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
  };
  return { run, split };
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

function assembleResult(run: RecommendRun, split: TrainTest, compared: Compared, serving: Serving): RecommendResult {
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
    },
    models,
    best: models.find((m) => m.best)!.name,
    served: serving.servable,
    warnings: run.warnings,
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
  const bestName = run.models.find((m) => m.best)!.name;
  const serving = await prepareServing(run, bestName, compared.explicitTraining);
  ctx.progress(1, 1, 'done');
  return assembleResult(run, split, compared, serving);
}
