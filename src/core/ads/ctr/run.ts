// Impression-level CTR analysis: hashed logistic regression and a factorisation machine against the click-rate
// baseline, per-level CTRs with Wilson intervals, permutation importance and the FM's strongest factor pairs.
import { fmt } from '../../format.ts';
import { scopedContext, type JobContext } from '../../jobs.ts';
import type { RoleMap, Table } from '../../data/table.ts';
import { auc, logLoss } from '../../metrics/classification.ts';
import { levelEffects } from './effects.ts';
import { permutationImportance } from './importance.ts';
import { fmInteractions } from './interactions.ts';
import { predictProba } from './predict.ts';
import { prepare, type Part, type Prepared } from './prepare.ts';
import { trainCtr, type TrainOptions } from './train.ts';
import { fitCtrTrees, treeScorer } from './gbdt.ts';
import type { GbdtModel } from '../../trees/types.ts';
import type { CtrKind, CtrModelSummary, CtrOptions, CtrResult, HashedKind } from './types.ts';

export const DEFAULT_FACTORS = 8;
const IMPORTANCE_REPEATS = 5;

/**
 * Hyper-parameters (tuned on the media sample and advertising-click, see tests/unit/ads/ctr*.test.ts). Batches of
 * ~1/20 of the fitting rows (32…1024). L2 in units of the mean log loss: 1/n_fit for logistic (a N(0, 1) prior on each
 * log-odds effect), 5/n_fit for the FM, whose many factor entries overfit sooner; Adam at 0.02 and 0.01.
 */
function trainOptions(kind: HashedKind, n: number, opts: CtrOptions, seed: number): TrainOptions {
  const fm = kind === 'fm';
  return {
    kind,
    factors: fm ? (opts.factors ?? DEFAULT_FACTORS) : 0,
    learningRate: fm ? 0.01 : 0.02,
    l2: (fm ? 5 : 1) / n,
    batchSize: Math.min(1024, Math.max(32, Math.round(n / 20))),
    maxEpochs: opts.maxEpochs ?? 40,
    patience: 3,
    seed: seed + (fm ? 101 : 0),
    initSd: 0.05,
  };
}

async function fitOne(kind: HashedKind, p: Prepared, opts: CtrOptions, seed: number, ctx: JobContext) {
  const fields = p.encoding.fields.length;
  const out = await trainCtr(
    { idx: p.fit.idx, y: p.fit.y, idxVal: p.val.idx, yVal: p.val.y, fields, buckets: p.encoding.buckets },
    trainOptions(kind, p.fit.y.length, opts, seed),
    ctx,
  );
  const prob = predictProba(out.weights, p.test.idx, fields);
  const summary: CtrModelSummary = {
    kind,
    auc: auc(p.test.y, prob),
    logLoss: logLoss(p.test.y, prob),
    valLogLoss: out.valLogLoss,
    epochs: out.epochs,
    bestEpoch: out.bestEpoch,
    seconds: out.seconds,
    weights: out.weights,
  };
  return summary;
}

function rate(y: Float32Array): number {
  let s = 0;
  for (const v of y) s += v;
  return s / y.length;
}

function concatParts(a: Part, b: Part, c: Part): { codes: Int32Array; y: Float32Array } {
  const codes = new Int32Array(a.codes.length + b.codes.length + c.codes.length);
  codes.set(a.codes);
  codes.set(b.codes, a.codes.length);
  codes.set(c.codes, a.codes.length + b.codes.length);
  const y = new Float32Array(a.y.length + b.y.length + c.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  y.set(c.y, a.y.length + b.y.length);
  return { codes, y };
}

function notesOf(p: Prepared, models: CtrModelSummary[], best: CtrKind, baseLoss: number): string[] {
  const e = p.encoding;
  const notes = [
    `${e.fields.length} factors, ${e.fields.reduce((a, f) => a + f.levels.length, 0)} levels hashed (MurmurHash3, seed ${e.seed}) into 2^${e.bits} buckets; ${e.collisions} level(s) share a bucket.`,
    'Numeric columns: ≤ 10 distinct training values → one level each, else up to 10 training-quantile bins; levels seen under 5 times in training are pooled as "(other)".',
    `Early stopping on ${p.val.y.length} validation rows taken from training; the ${p.test.y.length} test rows were never seen in fitting.`,
    `Best by validation log loss: ${best}.`,
  ];
  for (const d of e.dropped) notes.push(`Left out \`${d.column}\`: ${d.reason}.`);
  for (const m of models)
    if (!(m.logLoss < baseLoss))
      notes.push(`${m.kind}: test log loss ${fmt(m.logLoss, 4)} is no better than the constant rate's.`);
  return notes;
}

/** Permutation importance of the best model on the test rows (hashed models on buckets, the trees on codes). */
function bestImportance(
  best: CtrKind,
  m: { logistic: CtrModelSummary; fm: CtrModelSummary; trees: CtrModelSummary & { trees: GbdtModel } },
  p: Prepared,
  seed: number,
) {
  const names = p.encoding.fields.map((f) => f.name);
  const F = names.length;
  if (best === 'gbdt') {
    const score = treeScorer(m.trees.trees, F);
    return permutationImportance(
      (rows) => score(rows, p.encoding),
      names,
      p.test.codes,
      p.test.y,
      IMPORTANCE_REPEATS,
      seed,
      F,
    );
  }
  const w = (best === 'fm' ? m.fm : m.logistic).weights!;
  return permutationImportance(
    (rows) => predictProba(w, rows, F),
    names,
    p.test.idx,
    p.test.y,
    IMPORTANCE_REPEATS,
    seed,
  );
}

/**
 * Fits the three models on an impression log (one row per impression, `outcome` 0/1 or two labels) and reports them
 * against the constant click-rate baseline on the test rows, with descriptive per-level CTRs (all labelled rows),
 * permutation importance (best model, test rows) and the FM's interactions.
 */
export async function fitCtrModels(
  table: Table,
  roles: RoleMap,
  opts: CtrOptions,
  ctx: JobContext,
): Promise<CtrResult> {
  const seed = opts.seed ?? 42;
  const p = prepare(table, roles, opts, seed);
  const logistic = await fitOne('logistic', p, opts, seed, scopedContext(ctx, 0, 30));
  const fm = await fitOne('fm', p, opts, seed, scopedContext(ctx, 30, 75));
  const trees = await fitCtrTrees(p, seed, scopedContext(ctx, 75, 90));
  const models: CtrModelSummary[] = [logistic, fm, trees];
  const best = models.reduce((a, b) => (b.valLogLoss < a.valLogLoss ? b : a)).kind;
  const trainRate = rate(Float32Array.from([...p.fit.y, ...p.val.y]));
  const baseLoss = logLoss(p.test.y, new Float64Array(p.test.y.length).fill(trainRate));
  ctx.checkCancelled();
  ctx.progress(90, 100, 'Importance');
  const importance = bestImportance(best, { logistic, fm, trees }, p, seed);
  const all = concatParts(p.fit, p.val, p.test);
  return {
    outcome: opts.outcome,
    positive: p.positive,
    rows: all.y.length,
    trainRows: p.fit.y.length + p.val.y.length,
    testRows: p.test.y.length,
    clickRate: rate(all.y),
    baseline: { auc: 0.5, logLoss: baseLoss },
    models,
    best,
    effects: levelEffects(p.encoding, all.codes, all.y),
    importance,
    interactions: fmInteractions(fm.weights!, p.encoding, p.fit.codes),
    encoding: p.encoding,
    notes: notesOf(p, models, best, baseLoss),
  };
}
