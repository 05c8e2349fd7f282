// The explicit (ratings) comparison: global mean, biases, user/item-kNN and matrix factorisation, all scored by
// RMSE / MAE on the same test pairs; the best is marked and MF's failures to beat a baseline are warned about.
import { mae, rmse } from '../metrics/regression.ts';
import { msg } from '../msg.ts';
import { fitBiases, globalMean, predictBiases, type BiasModel } from './baselines.ts';
import { evaluateRatings } from './evaluate.ts';
import { fitExplicitMF, predictMF } from './explicit-mf.ts';
import { predictItemKnn, predictUserKnn } from './knn/explicit.ts';
import type { RecommendResult } from './run-types.ts';
import { itemPairWork, KNN_WORK_LIMIT, pairWork, seconds, skipped, sub, type RecommendRun } from './run-context.ts';

/** Global mean and biases-only baselines; returns the biases (the kNN baselines centre on them) and their fit time. */
function scoreMeanAndBiases(run: RecommendRun): { biases: BiasModel; tb: number } {
  const { train, test, now, models, fitted } = run;
  let t0 = now();
  const mu = globalMean(train);
  const gm = evaluateRatings(test, () => mu);
  models.push({
    name: 'global-mean',
    label: msg('rec_model_global_mean'),
    baseline: true,
    ...gm,
    trainSeconds: seconds(now, t0),
    best: false,
  });
  t0 = now();
  const biases = fitBiases(train);
  const tb = seconds(now, t0);
  fitted.set('biases', biases);
  const pred = new Float64Array(test.user.length);
  run.units.set('biases', pred);
  models.push({
    name: 'biases',
    label: msg('rec_model_biases'),
    baseline: true,
    ...evaluateRatings(test, (u, i) => predictBiases(biases, u, i), pred),
    trainSeconds: tb,
    best: false,
  });
  return { biases, tb };
}

/** User- and item-kNN baselines, each skipped (with a warning) when its similarity work is over the limit. */
async function scoreNeighbourhoods(run: RecommendRun, biases: BiasModel, tb: number): Promise<void> {
  const { train, test, now, models, warnings, opts, ctx } = run;
  ctx.progress(0.05, 1, 'neighbourhood baselines');
  for (const [name, label, fn, work] of [
    ['user-knn', msg('rec_model_user_knn'), predictUserKnn, itemPairWork(train)],
    ['item-knn', msg('rec_model_item_knn'), predictItemKnn, pairWork(train)],
  ] as const) {
    if (work > (opts.knnWorkLimit ?? KNN_WORK_LIMIT)) {
      warnings.push(skipped(label, work));
      continue;
    }
    const t0 = now();
    const pred = await fn(train, biases, test, sub(ctx, 0.05, 0.2));
    const s = seconds(now, t0);
    run.units.set(name, Float64Array.from(pred));
    // kNN "training" is the similarity work done while predicting; it needs the biases too
    models.push({
      name,
      label,
      baseline: true,
      rmse: rmse(test.value, pred),
      mae: mae(test.value, pred),
      trainSeconds: s + tb,
      best: false,
    });
  }
}

async function scoreExplicitMF(run: RecommendRun): Promise<RecommendResult['explicitTraining']> {
  const { train, test, now, models, fitted, opts, ctx } = run;
  const t0 = now();
  const fit = await fitExplicitMF(train, opts.explicit ?? {}, sub(ctx, 0.2, 0.75));
  const tm = seconds(now, t0);
  fitted.set('mf', fit.model);
  const pred = new Float64Array(test.user.length);
  run.units.set('mf', pred);
  models.push({
    name: 'mf',
    label: msg('rec_model_mf', { factors: fit.model.factors }),
    baseline: false,
    ...evaluateRatings(test, (u, i) => predictMF(fit.model, u, i), pred),
    trainSeconds: tm,
    best: false,
  });
  return { bestEpoch: fit.bestEpoch, validRmse: fit.validRmse, schedule: fit.schedule };
}

/** Marks the lowest RMSE best and warns for every baseline MF does not beat. */
function markBestByRmse({ models, warnings }: RecommendRun): void {
  let best = models[0]!;
  for (const m of models) if (m.rmse! < best.rmse!) best = m;
  best.best = true;
  const mf = models.find((m) => m.name === 'mf')!;
  for (const b of models.filter((m) => m.baseline)) {
    if (mf.rmse! >= b.rmse!)
      warnings.push(
        msg('rec_warn_mf_not_beat', { baseline: b.label, value: mf.rmse!.toFixed(4), base: b.rmse!.toFixed(4) }),
      );
  }
}

/** Scores every explicit model into `run.models`; returns MF's training summary. */
export async function compareExplicit(run: RecommendRun): Promise<RecommendResult['explicitTraining']> {
  const { biases, tb } = scoreMeanAndBiases(run);
  await scoreNeighbourhoods(run, biases, tb);
  const explicitTraining = await scoreExplicitMF(run);
  markBestByRmse(run);
  return explicitTraining;
}
