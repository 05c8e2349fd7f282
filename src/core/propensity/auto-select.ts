// "Auto": logistic, GBDT and the seed MLP each fit on 80 % of the training rows and are compared by AUC on the other
// 20 % (stratified; the test rows are never seen), with the logistic + GBDT blend as a fourth candidate, so the final
// model is the one that ranks best on unseen customers.
import { scopedContext } from '../jobs.ts';
import { auc } from '../metrics/classification.ts';
import { combineFits, fitFinalModel, type FinalModel } from './final-model.ts';
import { scoreMatrix, type PropensityKind } from './scoring-model.ts';
import { stratifiedSplit, take } from './stratified-split.ts';
import { subsetTable } from './train-test.ts';
import type { LogisticSettings } from './cross-validate.ts';
import type { TrainingRun } from './training-run.ts';
import type { ModelChoice, Note } from './types.ts';

const CANDIDATES: PropensityKind[] = ['logistic', 'gbdt', 'mlp'];
/** Validation AUC a more complex model must gain over a simpler one to be chosen. */
export const MIN_GAIN = 0.002;

/** The run restricted to the inner training rows, with the validation rows as its "test" table. */
function innerRun(run: TrainingRun, kind: PropensityKind, seed: number): TrainingRun {
  const { trainTable, yTrain } = run.data;
  const split = stratifiedSplit(yTrain, 0.2, seed);
  const yIn = take(yTrain, split.train);
  const yVal = take(yTrain, split.test);
  const count = (y: Float32Array) => y.reduce((a, v) => a + (v > 0.5 ? 1 : 0), 0);
  const data = {
    ...run.data,
    testRows: null,
    trainTable: subsetTable(trainTable, split.train),
    yTrain: yIn,
    testTable: subsetTable(trainTable, split.test),
    testY: yVal,
    trainPos: count(yIn),
    testPos: count(yVal),
  };
  return { ...run, data, kind, notes: [] };
}

/**
 * The blend of the inner logistic and GBDT fits, scored on their common validation rows: a fourth candidate at no
 * extra training cost, last in order of simplicity (it must beat the best single model by MIN_GAIN).
 */
function blendCandidate(fits: Map<PropensityKind, FittedCandidate>, y: Float32Array) {
  const linear = fits.get('logistic');
  const trees = fits.get('gbdt');
  if (!linear || !trees) return null;
  const fitted = combineFits(linear.fitted, trees.fitted);
  const validationAuc = auc(y, scoreMatrix(fitted.model, fitted.xTest.data, fitted.xTest.rows));
  const seconds = linear.seconds + trees.seconds;
  return {
    candidate: { kind: 'blend' as const, validationAuc, seconds },
    fit: { fitted, notes: [...linear.notes, ...trees.notes], rows: linear.rows, seconds },
  };
}

/** The chosen candidate as fitted on the inner rows, with the notes its fit made. */
export interface FittedCandidate {
  fitted: FinalModel;
  notes: Note[];
  rows: number;
  seconds: number;
}

/**
 * Fits every candidate on the inner rows and returns the winner by validation AUC (ties: the simpler model), with
 * the winner's inner fit (run.ts keeps it instead of refitting on large tables).
 */
export async function chooseModel(
  run: TrainingRun,
  settings: LogisticSettings,
): Promise<{ choice: ModelChoice; winner: FittedCandidate }> {
  const candidates: ModelChoice['candidates'] = [];
  const fits = new Map<PropensityKind, FittedCandidate>();
  let validationRows = 0;
  let validationY: Float32Array = new Float32Array(0);
  for (const [i, kind] of CANDIDATES.entries()) {
    run.ctx.checkCancelled();
    const step = 100 / CANDIDATES.length;
    const inner = { ...innerRun(run, kind, run.seed + 7), ctx: scopedContext(run.ctx, i * step, (i + 1) * step) };
    inner.ctx.progress(0, 1, `comparing models (${kind})`);
    const t0 = performance.now();
    const own = kind === 'logistic' ? settings : { ...settings, expand: 'none' as const };
    const fitted = await fitFinalModel(inner, own, { name: '', positive: '' });
    const val = fitted.xTest; // the inner run's "test" table is the validation split
    const validationAuc = auc(inner.data.testY, scoreMatrix(fitted.model, val.data, val.rows));
    const seconds = (performance.now() - t0) / 1000;
    candidates.push({ kind, validationAuc, seconds });
    fits.set(kind, { fitted, notes: inner.notes, rows: inner.data.yTrain.length, seconds });
    validationRows = inner.data.testY.length;
    validationY = inner.data.testY; // the same rows for every candidate (same split seed)
    await run.ctx.yield();
  }
  const blend = blendCandidate(fits, validationY);
  if (blend) {
    candidates.push(blend.candidate);
    fits.set('blend', blend.fit);
  }
  // Candidates are in order of simplicity: a later one replaces the model chosen so far only by beating it by more
  // than MIN_GAIN, since a ~1,000-row validation split cannot tell smaller AUC differences from noise.
  let best = candidates[0]!;
  for (const c of candidates.slice(1)) if (c.validationAuc > best.validationAuc + MIN_GAIN) best = c;
  const others = candidates.filter((c) => c !== best).map((c) => c.validationAuc);
  const margin = best.validationAuc - Math.max(...others);
  return { choice: { candidates, chosen: best.kind, margin, validationRows }, winner: fits.get(best.kind)! };
}
