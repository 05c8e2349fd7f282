// Gradient-boosted trees on an impression log: the third CTR model, on the same fitted levels as the hashed models
// (no hashing: categorical fields split natively on their level codes, binned numeric fields as ordered bins with the
// (other)/(missing) levels as missing values). Same setting as the propensity trees (src/core/propensity/gbdt-fit.ts).
import type { JobContext } from '../../jobs.ts';
import { auc, logLoss } from '../../metrics/classification.ts';
import { fitGbdt } from '../../trees/boost.ts';
import { predictProba, predictRaw } from '../../trees/predict.ts';
import type { GbdtModel } from '../../trees/types.ts';
import type { Part, Prepared } from './prepare.ts';
import type { CtrEncoding, CtrModelSummary } from './types.ts';

const CTR_GBDT = { learningRate: 0.05, maxIter: 300, maxLeafNodes: 15, l2: 1, earlyStopping: true } as const;

/** Level codes [n × fields] → the tree matrix: numeric bins as numbers (other/missing → NaN), categories as codes. */
export function treeMatrix(enc: CtrEncoding, codes: Int32Array): Float64Array {
  const F = enc.fields.length;
  const X = new Float64Array(codes.length);
  enc.fields.forEach((field, f) => {
    const special = field.levels.length - 2; // the OTHER and MISSING levels are always the last two
    for (let i = f; i < codes.length; i += F) {
      const c = codes[i]!;
      X[i] = field.kind === 'numeric' && c >= special ? NaN : c;
    }
  });
  return X;
}

export function treeScorer(trees: GbdtModel, fields: number) {
  return (codes: Int32Array, enc: CtrEncoding): Float64Array =>
    predictRaw(trees, treeMatrix(enc, codes), codes.length / fields, fields);
}

function probabilities(trees: GbdtModel, enc: CtrEncoding, part: Part): Float64Array {
  const F = enc.fields.length;
  return predictProba(trees, treeMatrix(enc, part.codes), part.y.length, F);
}

export async function fitCtrTrees(
  p: Prepared,
  seed: number,
  ctx: JobContext,
): Promise<CtrModelSummary & { trees: GbdtModel }> {
  const t0 = performance.now();
  const enc = p.encoding;
  const F = enc.fields.length;
  const fit = await fitGbdt(
    {
      X: treeMatrix(enc, p.fit.codes),
      n: p.fit.y.length,
      d: F,
      y: p.fit.y,
      categorical: enc.fields.map((f) => f.kind === 'categorical'),
      featureNames: enc.fields.map((f) => f.name),
    },
    { ...CTR_GBDT, seed },
    ctx,
  );
  const test = probabilities(fit.model, enc, p.test);
  return {
    kind: 'gbdt',
    auc: auc(p.test.y, test),
    logLoss: logLoss(p.test.y, test),
    valLogLoss: logLoss(p.val.y, probabilities(fit.model, enc, p.val)),
    epochs: fit.nIter,
    bestEpoch: fit.nIter,
    seconds: (performance.now() - t0) / 1000,
    weights: null,
    trees: fit.model,
  };
}
