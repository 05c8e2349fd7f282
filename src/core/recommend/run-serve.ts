// Serving after the comparison: the best model that can rank a catalogue, refitted on every interaction (train +
// test) unless the caller supplied the test table or opted out.
import type { JobContext } from '../jobs.ts';
import { msg } from '../msg.ts';
import { fitBiases, type BiasModel } from './baselines.ts';
import { trainExplicitMF } from './explicit-mf.ts';
import { fitImplicitMF } from './ials.ts';
import { aggregate, toMatrix, type Matrix } from './interactions.ts';
import { fitItemKnn, fitPopularity } from './knn/item-knn.ts';
import { fitExplicitKnn } from './knn/servable.ts';
import type { ServableModel } from './model.ts';
import type { RecommendResult } from './run-types.ts';
import { allRows, names, sub, type RecommendRun } from './run-context.ts';

export interface Serving {
  /** Comparison name of the served model. */
  servable: string;
  model: ServableModel;
  history: Matrix;
  itemNames: string[] | null;
}

/**
 * The best model that can rank for a user (the global mean and user-kNN only predict held-out pairs); explicit
 * item-kNN serves the exact evaluated predictor, fitted below on the serving history only when chosen.
 */
function chooseServable({ mode, fitted, models, warnings }: RecommendRun, bestName: string): string {
  const servable = mode !== 'explicit' || fitted.has(bestName) || bestName === 'item-knn' ? bestName : 'mf';
  if (servable !== bestName)
    warnings.push(
      msg('rec_warn_served_other', {
        served: models.find((m) => m.name === servable)!.label,
        best: models.find((m) => m.best)!.label,
      }),
    );
  return servable;
}

/** The model fitted again (same settings) on the serving history, or as compared when there is no refit. */
async function fitServed(
  run: RecommendRun,
  servable: string,
  refit: boolean,
  history: Matrix,
  explicitTraining: RecommendResult['explicitTraining'],
): Promise<ServableModel | undefined> {
  const { mode, fitted, strength, ctx } = run;
  let served = fitted.get(servable);
  const quiet: JobContext = { ...sub(ctx, 0.8, 1), epoch() {} };
  if (mode === 'explicit' && servable === 'item-knn') {
    // the same predictor the comparison scored (k 40, cosine, baseline-centred) on the serving history and its biases
    served = await fitExplicitKnn(history, refit ? fitBiases(history) : (fitted.get('biases') as BiasModel), quiet);
  } else if (refit && served) {
    if (served.kind === 'explicit-mf')
      served = await trainExplicitMF(history, served.params, explicitTraining!.schedule, quiet);
    else if (served.kind === 'implicit-mf') served = await fitImplicitMF(history, served.params, quiet, false);
    else if (served.kind === 'item-knn') served = await fitItemKnn(history, served.k, quiet, strength === 'binary');
    else if (served.kind === 'popular') served = fitPopularity(history);
    else served = fitBiases(history);
  }
  return served;
}

/** Chooses, refits and returns the served model with the history and item names it serves from. */
export async function prepareServing(
  run: RecommendRun,
  bestName: string,
  explicitTraining: RecommendResult['explicitTraining'],
): Promise<Serving> {
  const { opts, ctx, ev, mode, strength } = run;
  const servable = chooseServable(run, bestName);
  let history = run.train;
  let itemNames = names(ev, run.train, opts.itemNames);
  const refit = (opts.refitForServing ?? true) && !opts.testTable;
  if (refit) {
    ctx.progress(0.8, 1, 'refitting the chosen model on all interactions');
    history = toMatrix(ev, aggregate(ev, allRows(ev), mode, strength));
    itemNames = names(ev, history, opts.itemNames);
  }
  const model = await fitServed(run, servable, refit, history, explicitTraining);
  if (!model) throw new Error(`no servable model for ${servable}`);
  return { servable, model, history, itemNames };
}
