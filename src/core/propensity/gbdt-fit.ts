// Fitting the propensity GBDT on a table's raw columns: the tree spec from the training rows, then boosting with
// sklearn HistGradientBoosting's defaults (early stopping on 10 % of the rows when there are more than 10,000).
import type { Table } from '../data/table.ts';
import { fitGbdt } from '../trees/boost.ts';
import type { GbdtModel } from '../trees/types.ts';
import { encodeTreeMatrix, fitTreeSpec, type TreeSpec } from './tree-features.ts';
import type { ModelMatrix } from './scoring-model.ts';
import type { TrainingRun } from './training-run.ts';

export interface TreeFit {
  spec: TreeSpec;
  trees: GbdtModel;
  x: ModelMatrix;
  note: string;
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
    { seed: run.seed },
    run.ctx,
  );
  const stop = fit.stoppedEarly ? ` (early stopping on ${fit.nValidation.toLocaleString('en-GB')} held-out rows)` : '';
  const note = `Gradient-boosted trees: ${fit.nIter} trees of up to 31 leaves, learning rate 0.1${stop}.`;
  return { spec, trees: fit.model, x, note };
}
