// Logistic model selection: feature expansion, C and (on imbalanced tables) class weights chosen together by 5-fold
// stratified CV on the training rows only.
import { fmt } from '../format.ts';
import { sparseRows } from './logistic-newton.ts';
import { crossValidatePath, type PathPoint, type PathStats } from './logistic-path.ts';
import { stratifiedFolds, stratifiedSplit, take, takeRows } from './stratified-split.ts';
import { fitFeatures, keepFeatures, weightingNote, type Expansion, type TrainingRun } from './training-run.ts';
import type { Note, PropensityResult } from './types.ts';
import { isMsg, msg } from '../msg.ts';

export interface LogisticSettings {
  cv: PropensityResult['cv'];
  chosenC: number | null;
  expand: Expansion;
  /** Class weights the logistic model uses: the run's, or 1 / 1 when cross-validation found that they lower AUC. */
  weights?: [number, number];
}

type CvRow = NonNullable<PropensityResult['cv']>[number];

// The chosen expansion is part of the sentence (one message per expansion, with and without a sample).
const SEARCH_NOTE: Record<Expansion, [string, string]> = {
  none: ['prop_note_cv_none', 'prop_note_cv_none_sample'],
  log: ['prop_note_cv_log', 'prop_note_cv_log_sample'],
  bins: ['prop_note_cv_bins', 'prop_note_cv_bins_sample'],
};
const SAME_NOTE: Record<Expansion, string> = {
  none: 'prop_note_cv_same_none',
  log: 'prop_note_cv_same_log',
  bins: 'prop_note_cv_same_bins',
};

/**
 * Folds of the logistic search: 5, or 3 from CV_ROWS (12,000) rows, where each fold still validates on ≥ 4,000 rows
 * (a CV AUC standard error under 0.01) and the search costs 40 % less.
 */
export const cvFolds = (rows: number): number => (rows >= CV_ROWS ? 3 : 5);

/**
 * Training rows from which the search runs on a stratified sample of CV_ROWS of them (the final fit uses all): the
 * choice of C and terms is settled long before (each fold still validates on 4,000 rows), and the search's cost grows
 * with the rows × the squared width of the widest design.
 */
export const CV_ROWS = 12_000;

function cvRows(y: Float32Array, seed: number): Int32Array | null {
  return y.length > CV_ROWS ? stratifiedSplit(y, CV_ROWS / y.length, seed + 3).test : null;
}

/** Lowest log loss: a proper score, so it rewards calibrated probabilities as well as ranking. */
const best = (rows: CvRow[]): CvRow => rows.reduce((a, b) => (b.logLoss < a.logLoss - 1e-9 ? b : a));

/** Weightings to cross-validate: under 'auto' the balanced weights compete with none; asked-for weights stand. */
function candidateWeights(run: TrainingRun): [number, number][] {
  const auto = (run.options.classWeights ?? 'auto') === 'auto';
  return auto && run.balanced
    ? [
        [1, 1],
        [run.weights[0], run.weights[1]],
      ]
    : [[run.weights[0], run.weights[1]]];
}

/**
 * CV rows of every expansion for every weighting (same folds throughout); each design is built once, and an expansion
 * that adds no column (log1p where every skewed column is already logged) copies the rows of the identical design.
 */
async function searchAll(run: TrainingRun, expansions: Expansion[], grid: number[], weightings: [number, number][]) {
  const { ctx } = run;
  const all = run.data.yTrain;
  const sub = cvRows(all, run.seed);
  const y = sub ? take(all, sub) : all;
  const folds = stratifiedFolds(y, cvFolds(y.length), run.seed);
  const rows: CvRow[][] = weightings.map(() => []);
  const stats: PathStats = { fits: 0, iterations: 0, refreshes: 0 };
  const seen = new Map<string, PathPoint[][]>();
  const same: Expansion[] = [];
  for (const [ei, e] of expansions.entries()) {
    ctx.progress(ei, expansions.length + 1, `cross-validating (${e})`);
    const { x } = fitFeatures(run, e);
    const key = x.names.join('\u0000');
    let points = seen.get(key);
    if (points) same.push(e);
    else {
      const design = sub
        ? sparseRows(takeRows(x.data, x.cols, sub), sub.length, x.cols)
        : sparseRows(x.data, x.rows, x.cols);
      points = [];
      for (const w of weightings) points.push(await crossValidatePath(design, y, folds, grid, w, ctx, { stats }));
      seen.set(key, points);
    }
    for (const [wi, p] of points.entries()) rows[wi]!.push(...p.map((r) => ({ ...r, expand: e })));
  }
  return { rows, stats, same };
}

/**
 * The expansion and C for the final fit: cross-validated for a logistic model without an explicit λ, else the asked
 * expansion ('auto' = none) and no C. When 'auto' class weights are on, the weighted search only keeps them if its
 * chosen setting's CV AUC is at least the unweighted one's; otherwise `run.weights` is set to 1 / 1 in place.
 */
export async function selectLogisticSettings(run: TrainingRun): Promise<LogisticSettings> {
  const { options } = run;
  const autoExpand = options.expand === 'auto' || options.expand === undefined;
  const expand: Expansion = autoExpand ? 'none' : (options.expand as Expansion);
  const linear = run.kind === 'logistic' || run.kind === 'blend';
  if (!linear || options.l2 !== undefined) return { cv: null, chosenC: null, expand };
  const expansions: Expansion[] = autoExpand ? ['none', 'log', 'bins'] : [expand];
  const grid = options.cGrid ?? [0.03, 0.1, 0.3, 1, 3];
  const weightings = candidateWeights(run);
  const { rows, stats, same } = await searchAll(run, expansions, grid, weightings);
  const picks = rows.map(best);
  let chosen = 0;
  if (weightings.length === 2) {
    chosen = picks[1]!.auc >= picks[0]!.auc ? 1 : 0;
    applyWeightChoice(run, weightings[chosen]!, picks);
  }
  const pick = picks[chosen]!;
  const e = pick.expand as Expansion;
  keepFeatures(run, e);
  const n = Math.min(CV_ROWS, run.data.yTrain.length);
  const k = cvFolds(n);
  const sample = run.data.yTrain.length > CV_ROWS ? n : null;
  run.notes.push(
    ...searchNotes(pick, { expansions, grid, k, sample, weightings: weightings.length }, stats, same, run.weights),
  );
  return { cv: rows[chosen]!, chosenC: pick.c, expand: e, weights: [run.weights[0], run.weights[1]] };
}

function searchNotes(
  pick: CvRow,
  s: { expansions: Expansion[]; grid: number[]; k: number; sample: number | null; weightings: number },
  stats: PathStats,
  same: Expansion[],
  weights: [number, number],
): Note[] {
  const { expansions, grid, k, weightings } = s;
  const [plain, sampled] = SEARCH_NOTE[pick.expand as Expansion];
  const params = {
    c: String(pick.c),
    auc: fmt(pick.auc, 3),
    expansions: expansions.length,
    weightings,
    grid: grid.length,
    folds: k,
    fits: stats.fits,
  };
  const notes: Note[] = [s.sample ? msg(sampled, { ...params, sample: s.sample }) : msg(plain, params)];
  for (const e of same) notes.push(msg(SAME_NOTE[e]));
  // With class weights the criterion is the log loss weighted the same way (the objective the model was fitted to).
  if (weights[0] !== 1 || weights[1] !== 1) notes.push(msg('prop_note_cv_weighted_loss'));
  return notes;
}

/**
 * Sets `run.weights` in place — run.ts reports that same array as PropensityResult.classWeights and the final fit
 * reads it — and replaces the rule's weighting note with what validation decided.
 */
function applyWeightChoice(run: TrainingRun, w: [number, number], picks: CvRow[]): void {
  const before = weightingNote(run.data, run.weights).key;
  const [u, b] = [picks[0]!, picks[1]!];
  const kept = w[1] !== 1 || w[0] !== 1;
  const params = {
    share: fmt((100 * run.data.trainPos) / run.data.yTrain.length, 1),
    w0: fmt(run.weights[0], 2),
    w1: fmt(run.weights[1], 2),
    weighted: fmt(b.auc, 4),
    unweighted: fmt(u.auc, 4),
  };
  const text = msg(kept ? 'prop_note_weights_kept' : 'prop_note_weights_dropped', params);
  const at = run.notes.findIndex((n) => isMsg(n) && n.key === before);
  if (at >= 0) run.notes.splice(at, 1, text);
  else run.notes.push(text);
  run.weights[0] = w[0];
  run.weights[1] = w[1];
  if (!kept) run.balanced = false;
}
