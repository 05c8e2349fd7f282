// Fitting the propensity GBDT on a table's raw columns: the tree spec from the training rows, then boosting with
// smaller, slower, regularised trees than sklearn HistGradientBoosting's defaults, always early-stopped.
import type { Table } from '../data/table.ts';
import { fitGbdt } from '../trees/boost.ts';
import type { GbdtModel } from '../trees/types.ts';
import { encodeTreeMatrix, fitTreeSpec, type TreeSpec } from './tree-features.ts';
import type { ModelMatrix } from './scoring-model.ts';
import type { TrainingRun } from './training-run.ts';
import { msg, type Msg } from '../msg.ts';

/**
 * One setting for every file (no per-file tuning): 15 leaves, learning rate 0.05, L2 1, up to 300 trees stopped on
 * 10 % of the training rows. Against HGB's defaults (31 leaves, 0.1, L2 0, 100 trees) it measured, test AUC on the
 * shared splits: online-shoppers 0.9312 vs 0.9265, telco 0.8448 vs 0.8339, customer-personality 0.8954 vs 0.8989,
 * advertising-click 0.9928 vs 0.9937 — better where trees matter, within 0.004 elsewhere.
 */
const PROPENSITY_GBDT = { learningRate: 0.05, maxIter: 300, maxLeafNodes: 15, l2: 1, earlyStopping: true } as const;

export interface TreeFit {
  spec: TreeSpec;
  trees: GbdtModel;
  x: ModelMatrix;
  note: Msg;
}

/** Fits the tree spec and the boosted trees on `table` (the run's training rows or a part of them). */
export async function fitTreePropensity(run: TrainingRun, table: Table, y: Float32Array): Promise<TreeFit> {
  const spec = fitTreeSpec(table, run.featureColumns, run.options.disabled ?? []);
  const x = encodeTreeMatrix(spec, table);
  const fit = await fitGbdt(
    {
      X: Float64Array.from(x.data),
      n: x.rows,
      d: x.cols,
      y,
      categorical: spec.categorical,
      featureNames: spec.columns,
    },
    { ...PROPENSITY_GBDT, seed: run.seed },
    run.ctx,
  );
  const note = fit.stoppedEarly
    ? msg('prop_note_gbdt_stopped', { trees: fit.nIter, rows: fit.nValidation })
    : msg('prop_note_gbdt', { trees: fit.nIter });
  return { spec, trees: fit.model, x, note };
}
