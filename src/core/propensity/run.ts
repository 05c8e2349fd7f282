// The propensity job: binary target → stratified split → features (fitted on train) → logistic, GBDT or MLP (or
// 'auto': the best of the three on validation) → evaluation + scores.
import { fmt } from '../format.ts';
import { noSignalNote, propensityTrust } from './trust.ts';
import { msg, type Msg } from '../msg.ts';
import { scopedContext, silentContext, type JobContext } from '../jobs.ts';
import { columnByRole, type RoleMap, type Table } from '../data/table.ts';
import { defaultFeatureColumns } from '../features/design.ts';
import { idKeys } from '../features/rfm.ts';
import { deciles, modelMatrix, scoreMatrix } from './scoring-model.ts';
import {
  evaluateScores,
  permutationImportance,
  standardizedCoefficients,
  trustNote,
  type Coefficient,
  type Evaluation,
  type Importance,
} from './evaluate-classifier.ts';
import { findTargetColumn, targetVector } from './target.ts';
import { splitTrainTest, type TrainTest } from './train-test.ts';
import { chooseClassWeights, type TrainingRun } from './training-run.ts';
import { selectLogisticSettings, type LogisticSettings } from './cross-validate.ts';
import { fitFinalModel, type FinalModel } from './final-model.ts';
import type { ModelChoice, Note, PropensityOptions, PropensityResult } from './types.ts';
import type { PropensityKind } from './scoring-model.ts';
import { chooseModel, MIN_GAIN, type FittedCandidate } from './auto-select.ts';
import { stratifiedSplit, take, takeRows } from './stratified-split.ts';
import { leakNote, likelyLeaks } from './leak.ts';
import { featureMeans, sampleDrivers } from './explain.ts';
import { propensityRules } from './rules.ts';

export type { PropensityOptions, PropensityResult } from './types.ts';
export { targetVector } from './target.ts';
export { subsetTable } from './train-test.ts';

interface TestEvaluation {
  testScores: Float32Array;
  test: Evaluation;
  importance: Importance[];
  coefficients: Coefficient[] | null;
}

/** Test rows permutation importance uses at most: its AUC drops then have a standard error of about 0.005–0.01. */
export const IMPORTANCE_ROWS = 2000;

/** Permutation importance on the test rows, or on a seeded stratified sample of IMPORTANCE_ROWS of them. */
function testImportance(
  model: FinalModel['model'],
  xTest: FinalModel['xTest'],
  testY: Float32Array,
  repeats: number,
  seed: number,
  notes: Note[],
): Importance[] {
  const n = xTest.rows;
  if (n <= IMPORTANCE_ROWS) return permutationImportance(model, xTest.data, testY, n, repeats, seed);
  const rows = stratifiedSplit(testY, IMPORTANCE_ROWS / n, seed + 11).test;
  const p = xTest.data.length / n;
  notes.push(msg('prop_note_importance_sample', { rows: rows.length, total: n, repeats }));
  return permutationImportance(model, takeRows(xTest.data, p, rows), take(testY, rows), rows.length, repeats, seed);
}

/** Test-set metrics and permutation importance; standardized coefficients for the logistic model. */
function evaluateOnTest(run: TrainingRun, fitted: FinalModel): TestEvaluation {
  const { model, xTrain, xTest } = fitted;
  const { testY } = run.data;
  const { options } = run;
  const testScores = scoreMatrix(model, xTest.data, xTest.rows);
  const test = evaluateScores(testY, testScores, options.threshold ?? 0.5);
  const importance = testImportance(model, xTest, testY, options.permutationRepeats ?? 3, run.seed, run.notes);
  const coefficients = model.kind === 'logistic' ? standardizedCoefficients(model, xTrain.data, xTrain.rows) : null;
  return { testScores, test, importance, coefficients };
}

/** Scores for every customer (labelled or not), then the separate test file's rows. */
function scoreEveryRow(
  table: Table,
  roles: RoleMap,
  y: Float32Array,
  run: TrainingRun,
  fitted: FinalModel,
  testScores: Float32Array,
): { ids: string[]; probability: Float32Array; split: Uint8Array } {
  const { testRows, testTable } = run.data;
  const all = modelMatrix(fitted.model, table);
  const mainScores = scoreMatrix(fitted.model, all.data, all.rows);
  const idCol = columnByRole(table, roles, 'customer_id');
  const ids = idCol ? idKeys(idCol) : Array.from({ length: table.rowCount }, (_, i) => String(i + 1));
  const split = new Uint8Array(table.rowCount); // 0 train, 1 test, 2 unlabelled
  for (let i = 0; i < table.rowCount; i++) split[i] = Number.isNaN(y[i]!) ? 2 : 0;
  if (testRows) for (const r of testRows) split[r] = 1;
  let probability = mainScores;
  if (run.options.testTable) {
    const tIdCol = idCol ? testTable.columns.find((c) => c.name === idCol.name) : undefined;
    ids.push(...(tIdCol ? idKeys(tIdCol) : Array.from({ length: testTable.rowCount }, (_, i) => `test-${i + 1}`)));
    probability = new Float32Array(mainScores.length + testScores.length);
    probability.set(mainScores);
    probability.set(testScores, mainScores.length);
  }
  const fullSplit = new Uint8Array(probability.length).fill(1);
  fullSplit.set(split);
  return { ids, probability, split: fullSplit };
}

/** Global drivers on a sample of training rows, and the "who is likely" rules over every customer of the table. */
function explainModel(
  table: Table,
  columns: string[],
  run: TrainingRun,
  fitted: FinalModel,
  probability: Float32Array,
) {
  const { xTrain, model } = fitted;
  const trainRows = Int32Array.from({ length: xTrain.rows }, (_, i) => i);
  const means = featureMeans(xTrain.data, xTrain.cols, trainRows);
  const drivers = sampleDrivers(model, xTrain.data, trainRows, means, run.seed);
  const used = columns.filter((c) => !(run.options.disabled ?? []).includes(c));
  const main = probability.subarray(0, table.rowCount);
  const rules = table.rowCount >= 50 ? propensityRules(table, used, main, { seed: run.seed }) : null;
  return { drivers, rules };
}

function countRows(rowCount: number, data: TrainTest): PropensityResult['counts'] {
  const { labelled, yTrain, testY, trainPos, testPos } = data;
  return {
    rows: rowCount,
    labelled: labelled.length,
    missingTarget: rowCount - labelled.length,
    positives: trainPos + testPos,
    train: yTrain.length,
    trainPositives: trainPos,
    test: testY.length,
    testPositives: testPos,
  };
}

// The chosen model is part of the sentence: one message per model, won outright or kept as the simpler one. Every
// candidate's AUC is in `choice` (the page's and the report's list).
const CHOICE_NOTE: Record<PropensityKind, [string, string]> = {
  logistic: ['prop_note_auto_won_logistic', 'prop_note_auto_kept_logistic'],
  gbdt: ['prop_note_auto_won_gbdt', 'prop_note_auto_kept_gbdt'],
  mlp: ['prop_note_auto_won_mlp', 'prop_note_auto_kept_mlp'],
  blend: ['prop_note_auto_won_blend', 'prop_note_auto_kept_blend'],
};

function choiceNote(c: ModelChoice): Msg {
  const [won, kept] = CHOICE_NOTE[c.chosen];
  const rows = c.validationRows;
  return c.margin >= 0 ? msg(won, { rows, margin: fmt(c.margin, 3) }) : msg(kept, { rows, gain: String(MIN_GAIN) });
}

/**
 * Training rows from which Auto keeps the winner as fitted on 80 % of them instead of refitting on all: the inner
 * model has then seen ≥ 16,000 rows, a refit changes its test AUC in the third decimal at most, and would add the
 * winner's whole fit time again (2 s of a 33k-row GBDT job).
 */
export const KEEP_CANDIDATE_ROWS = 20_000;

/** The Auto winner's inner fit as the final model: its own design applied to the full train and test tables. */
function keepCandidate(run: TrainingRun, winner: FittedCandidate, target: { name: string; positive: string }) {
  const model = { ...winner.fitted.model, target: target.name, positive: target.positive };
  run.notes.push(...winner.notes, msg('prop_note_auto_kept_fit', { rows: winner.rows, total: run.data.yTrain.length }));
  const cols = model.featureNames.length;
  const xTrain = { ...modelMatrix(model, run.data.trainTable), cols };
  const xTest = { ...modelMatrix(model, run.data.testTable), cols };
  return { model, xTrain, xTest, history: winner.fitted.history } satisfies FinalModel;
}

/** The extra logistic terms are chosen for the logistic model; trees and the MLP take the plain design. */
function settingsFor(kind: PropensityKind, settings: LogisticSettings): LogisticSettings {
  return kind === 'logistic' || kind === 'blend' ? settings : { ...settings, expand: 'none' };
}

export async function runPropensity(
  table: Table,
  roles: RoleMap,
  options: PropensityOptions = {},
  ctx: JobContext = silentContext(),
): Promise<PropensityResult> {
  const seed = options.seed ?? 0;
  const notes: Note[] = [];
  const targetCol = findTargetColumn(table, roles, options.target);
  const { y, positive } = targetVector(targetCol, options.positive);
  const data = splitTrainTest(table, y, { name: targetCol.name, positive }, options, seed);
  const featureColumns = (options.features ?? defaultFeatureColumns(table, roles, [targetCol.name])).filter(
    (c) => c !== targetCol.name,
  );
  const used = featureColumns.filter((c) => !(options.disabled ?? []).includes(c));
  const leaks = likelyLeaks(data.trainTable, data.yTrain, used, seed);
  const leakText = leakNote(leaks, targetCol.name);
  if (leakText) notes.push(leakText);
  const classWeights = chooseClassWeights(data, options.classWeights ?? 'auto', notes);
  const asked = options.model ?? 'auto';
  const kind = asked === 'auto' ? 'logistic' : asked;
  const run: TrainingRun = { data, featureColumns, kind, ...classWeights, seed, options, ctx, notes };
  const t0 = performance.now();
  const auto = asked === 'auto';
  const settings: LogisticSettings = await selectLogisticSettings({
    ...run,
    ctx: scopedContext(ctx, 0, auto ? 30 : 40),
  });
  const picked = auto ? await chooseModel({ ...run, ctx: scopedContext(ctx, 30, 75) }, settings) : null;
  const choice = picked?.choice ?? null;
  if (choice) {
    run.kind = choice.chosen;
    notes.push(choiceNote(choice));
  }
  const finalRun = { ...run, ctx: scopedContext(ctx, auto ? 75 : 40, 90) };
  const target = { name: targetCol.name, positive };
  const fitted =
    picked && data.yTrain.length >= KEEP_CANDIDATE_ROWS
      ? keepCandidate(run, picked.winner, target)
      : await fitFinalModel(finalRun, settingsFor(run.kind, settings), target);
  const trainSeconds = (performance.now() - t0) / 1000;

  ctx.progress(90, 100, 'evaluating');
  const evaluation = evaluateOnTest(run, fitted);
  const { ids, probability, split } = scoreEveryRow(table, roles, y, run, fitted, evaluation.testScores);
  ctx.progress(95, 100, 'explaining');
  const { drivers, rules } = explainModel(table, featureColumns, run, fitted, probability);
  ctx.progress(100, 100, 'done');
  const { trainPos, testPos, testY } = data;
  const trust = propensityTrust(evaluation.test.auc, testY.length, testPos);
  const noSignal = noSignalNote(trust);
  if (noSignal) notes.push(noSignal);
  return {
    model: fitted.model,
    target: targetCol.name,
    positive,
    counts: countRows(table.rowCount, data),
    test: evaluation.test,
    trustNote: trustNote(trainPos + testPos, testPos, testY.length),
    trust,
    classWeights: classWeights.weights,
    cv: settings.cv,
    chosenC: settings.chosenC,
    expand: settings.expand,
    history: fitted.history,
    coefficients: evaluation.coefficients,
    importance: evaluation.importance,
    scores: { ids, probability, decile: deciles(probability), split },
    trainSeconds,
    choice,
    drivers,
    rules,
    leaks,
    notes,
  };
}
