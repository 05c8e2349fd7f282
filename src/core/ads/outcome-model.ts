// The outcome model of an ads analysis: count-family choice, the GLM (and optional MLP) fit, test-split quality.
import { fmt } from '../format.ts';
import type { JobContext } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import { permutation, rng } from '../random.ts';
import { encodeRows, fitDesign, type RawColumns } from './campaign-design.ts';
import { scoreRows, type Target } from './family.ts';
import { fitGlm } from './glm.ts';
import { fitMlp } from './mlp.ts';
import { predictMean } from './predict.ts';
import { stage } from './stage.ts';
import type { AdsOptions, Design, Family, FittedModel, GlmWeights, ModelQuality, OutcomeSpec } from './types.ts';

/** What the model phase needs: the inputs, the outcome target and the train/test split. */
export interface ModelFitContext {
  table: Table;
  opts: AdsOptions;
  ctx: JobContext;
  seed: number;
  notes: string[];
  outcome: OutcomeSpec;
  /** The family the target was built for (counts without an offset may still switch to linear). */
  family: Family;
  t: Target;
  inputs: string[];
  raw: RawColumns;
  train: Int32Array;
  test: Int32Array;
}

export interface OutcomeModels {
  design: Design;
  glm: FittedModel & { weights: GlmWeights };
  /** The model asked for: the GLM itself, or the MLP on the same design. */
  model: FittedModel;
  glmQuality: ModelQuality;
  modelQuality: ModelQuality;
  /** Encoded test rows (importance permutes them). */
  xTest: Float32Array;
}

function quality(
  model: FittedModel,
  kind: 'glm' | 'mlp',
  x: Float32Array,
  t: Target,
  idx: Int32Array,
  trainRows: number,
): ModelQuality {
  const family = model.weights.family;
  const offs = t.offset ? Float64Array.from(idx, (r) => t.offset![r]!) : undefined;
  const mu = predictMean(model.weights, x, model.design.width, offs);
  const s = scoreRows(family, t, idx, mu);
  return {
    model: kind,
    family,
    trainRows,
    testRows: idx.length,
    r2: s.r2,
    d2: s.d2,
    loss: s.loss,
    lossName: family === 'linear' ? 'mse' : family === 'poisson' ? 'poisson deviance' : 'log loss',
  };
}

/**
 * Counts without an exposure offset: Poisson (multiplicative effects) or linear (additive), whichever predicts a
 * validation split carved from the training rows better (R² on the counts). The test split stays untouched.
 */
async function chooseCountFamily(run: ModelFitContext): Promise<Family> {
  const { table, inputs, raw, t, train, seed, ctx } = run;
  const perm = permutation(train.length, rng(seed + 5));
  const nVal = Math.max(5, Math.round(train.length * 0.2));
  const val = Int32Array.from(perm.subarray(0, nVal), (i) => train[i]!).sort();
  const fit = Int32Array.from(perm.subarray(nVal), (i) => train[i]!).sort();
  const r2s: Record<string, number> = {};
  for (const fam of ['poisson', 'linear'] as const) {
    const d = fitDesign(table, inputs, fit, fam);
    const w = await fitGlm(fam, encodeRows(d, raw, fit), d.width, t, fit, stage(ctx, 0, 0));
    r2s[fam] = scoreRows(fam, t, val, predictMean(w, encodeRows(d, raw, val), d.width)).r2;
  }
  const pick: Family = (r2s.linear ?? -Infinity) > (r2s.poisson ?? -Infinity) + 0.01 ? 'linear' : 'poisson';
  run.notes.push(
    `Count outcome: chose a ${pick === 'linear' ? 'linear' : 'Poisson'} model (validation R² ${fmt(r2s.linear!, 3)} linear vs ${fmt(r2s.poisson!, 3)} Poisson).`,
  );
  return pick;
}

/** Fit the design and the GLM on the training rows (plus the MLP when asked) and score both on the test rows. */
export async function fitOutcomeModel(run: ModelFitContext): Promise<OutcomeModels> {
  const { table, opts, ctx, seed, t, inputs, raw, train, test } = run;
  let family = run.family;
  if (!opts.family && run.outcome.kind === 'count' && !run.outcome.offset) family = await chooseCountFamily(run);
  const design = fitDesign(table, inputs, train, family);
  const xTrain = encodeRows(design, raw, train);
  const xTest = encodeRows(design, raw, test);
  ctx.progress(0, 100, 'fitting');
  const glmW = await fitGlm(family, xTrain, design.width, t, train, stage(ctx, 0, 10));
  const glm = { design, weights: glmW };
  let model: FittedModel = glm;
  const kind = opts.model ?? 'glm';
  if (kind === 'mlp') {
    const w = await fitMlp(family, xTrain, design.width, t, train, stage(ctx, 10, 35), {
      hidden: opts.mlpHidden ?? 16,
      iterations: opts.mlpIterations ?? 400,
      seed,
    });
    model = { design, weights: w };
  }
  const glmQuality = quality(glm, 'glm', xTest, t, test, train.length);
  const modelQuality = kind === 'mlp' ? quality(model, 'mlp', xTest, t, test, train.length) : glmQuality;
  return { design, glm, model, glmQuality, modelQuality, xTest };
}
