// Logistic model selection: feature expansion and C chosen together by 5-fold stratified CV on the training rows only.
import type { JobContext } from '../jobs.ts';
import { auc, logLoss } from '../metrics/classification.ts';
import { fitLogistic } from './logistic.ts';
import { scoreMatrix } from './scoring-model.ts';
import { stratifiedFolds, take, takeRows } from './stratified-split.ts';
import { fitFeatures, type Expansion, type TrainingRun } from './training-run.ts';
import type { PropensityResult } from './types.ts';

export interface LogisticSettings {
  cv: PropensityResult['cv'];
  chosenC: number | null;
  expand: Expansion;
}

async function crossValidate(
  x: Float32Array,
  y: Float32Array,
  n: number,
  p: number,
  grid: number[],
  weights: [number, number],
  seed: number,
  ctx: JobContext,
) {
  const folds = stratifiedFolds(y, 5, seed);
  const cv: { c: number; auc: number; logLoss: number }[] = [];
  for (const c of grid) {
    let sumAuc = 0,
      sumLl = 0;
    for (const val of folds) {
      ctx.checkCancelled();
      const inVal = new Uint8Array(n);
      for (const r of val) inVal[r] = 1;
      const tr = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !inVal[i]);
      const yt = take(y, tr);
      const fit = await fitLogistic(takeRows(x, p, tr), yt, tr.length, p, {
        l2: 1 / (c * tr.length),
        sampleWeights: yt.map((v) => weights[v > 0.5 ? 1 : 0]),
      });
      const xv = takeRows(x, p, val),
        yv = take(y, val);
      const probs = scoreMatrix(
        {
          version: 1,
          kind: 'logistic',
          target: '',
          positive: '',
          pipeline: null as never,
          featureNames: [],
          layers: [
            { weights: fit.weights, bias: Float32Array.of(fit.bias), inDim: p, outDim: 1, activation: 'sigmoid' },
          ],
        },
        xv,
        val.length,
      );
      sumAuc += auc(yv, probs);
      sumLl += logLoss(yv, probs);
    }
    cv.push({ c, auc: sumAuc / folds.length, logLoss: sumLl / folds.length });
    await ctx.yield();
  }
  return cv;
}

/**
 * The expansion and C for the final fit: cross-validated for a logistic model without an explicit λ, else the asked
 * expansion ('auto' = none) and no C.
 */
export async function selectLogisticSettings(run: TrainingRun): Promise<LogisticSettings> {
  const { options, ctx } = run;
  const expand: Expansion = options.expand === 'auto' || options.expand === undefined ? 'none' : options.expand;
  if (run.kind !== 'logistic' || options.l2 !== undefined) return { cv: null, chosenC: null, expand };
  const expansions: Expansion[] =
    options.expand === 'auto' || options.expand === undefined ? ['none', 'log', 'bins'] : [expand];
  const grid = options.cGrid ?? [0.03, 0.1, 0.3, 1, 3];
  const cv: NonNullable<PropensityResult['cv']> = [];
  for (const [ei, e] of expansions.entries()) {
    ctx.progress(ei, expansions.length + 1, `cross-validating (${e})`);
    const f = fitFeatures(run, e);
    for (const r of await crossValidate(
      f.x.data,
      run.data.yTrain,
      f.x.rows,
      f.x.cols,
      grid,
      run.weights,
      run.seed,
      ctx,
    ))
      cv.push({ ...r, expand: e });
  }
  // Lowest log loss: a proper score, so it rewards calibrated probabilities as well as ranking.
  const best = cv.reduce((a, b) => (b.logLoss < a.logLoss - 1e-9 ? b : a));
  const chosen = best.expand as Expansion;
  run.notes.push(
    `Cross-validation chose C = ${best.c} with ${chosen === 'none' ? 'linear terms only' : chosen === 'log' ? 'log1p terms added' : 'quantile-bin terms added'} (CV AUC ${best.auc.toFixed(3)}).`,
  );
  return { cv, chosenC: best.c, expand: chosen };
}
