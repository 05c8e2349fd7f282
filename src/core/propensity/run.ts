// The propensity job: binary target → stratified split → feature pipeline (fitted on train) → logistic or MLP → evaluation + scores.
import { JobError, type JobContext, silentContext } from '../jobs.ts';
import { columnByRole, type Column, type RoleMap, type Table } from '../data/table.ts';
import { applyPipeline, defaultFeatureColumns, fitPipeline } from '../features/design.ts';
import { idKeys } from '../features/rfm.ts';
import { auc, logLoss } from '../metrics/classification.ts';
import { deciles, scoreMatrix, type PropensityModel } from './scoring-model.ts';
import { fitLogistic } from './logistic.ts';
import { fitMlp, type MlpFit } from './mlp-classifier.ts';
import { stratifiedFolds, stratifiedSplit, take, takeRows } from './stratified-split.ts';
import {
  evaluateScores,
  permutationImportance,
  standardizedCoefficients,
  trustNote,
  type Coefficient,
  type Evaluation,
  type Importance,
} from './evaluate-classifier.ts';

export interface PropensityOptions {
  /** Target column name; default: the column with role "target". */
  target?: string;
  /** Which value is the positive class; default inferred ("Yes", "1", "true", … or the rarer value). */
  positive?: string;
  model?: 'logistic' | 'mlp';
  seed?: number;
  testFraction?: number;
  /** A separate labelled test table (e.g. `--test-split file`); then all labelled rows of the main table train. */
  testTable?: Table;
  features?: string[];
  disabled?: string[];
  threshold?: number;
  /** 'auto' = balanced weights when positives are under 10 % of rows (clear imbalance); otherwise calibrated, unweighted. */
  classWeights?: 'auto' | 'balanced' | 'none';
  /** Logistic: explicit λ; default = chosen by 5-fold cross-validation on the training rows. */
  l2?: number;
  /** Logistic: C values tried by cross-validation (λ = 1 / (C·n)). */
  cGrid?: number[];
  /** Extra non-linear terms for numeric columns; 'auto' (logistic) = chosen by cross-validation with C. */
  expand?: 'auto' | 'none' | 'log' | 'bins';
  epochs?: number;
  batchSize?: number;
  patience?: number;
  learningRate?: number;
  permutationRepeats?: number;
}

export interface PropensityResult {
  model: PropensityModel;
  target: string;
  positive: string;
  counts: {
    rows: number;
    labelled: number;
    missingTarget: number;
    positives: number;
    train: number;
    trainPositives: number;
    test: number;
    testPositives: number;
  };
  test: Evaluation;
  trustNote: string | null;
  classWeights: [number, number];
  /** Logistic only: cross-validated AUC / log loss per C, and the chosen C. */
  cv: { c: number; expand: string; auc: number; logLoss: number }[] | null;
  chosenC: number | null;
  expand: 'none' | 'log' | 'bins';
  history: MlpFit['epochs'];
  coefficients: Coefficient[] | null;
  importance: Importance[];
  /** Every row of the main table (then the test table, when separate): id, probability, decile (1 = top 10 %). */
  scores: { ids: string[]; probability: Float32Array; decile: Uint8Array; split: Uint8Array };
  trainSeconds: number;
  notes: string[];
}

const POSITIVE = /^(1|1\.0|yes|y|true|t|churn|churned|bought|purchased|converted|positive|pos)$/i;

/** 0/1 (NaN = missing) from a numeric, boolean or two-valued categorical column. */
export function targetVector(col: Column, positive?: string): { y: Float32Array; positive: string } {
  const n = col.kind === 'numeric' ? col.values.length : col.codes.length;
  const y = new Float32Array(n);
  const levels = new Map<string, number>();
  const text = (i: number) =>
    col.kind === 'numeric'
      ? Number.isNaN(col.values[i]!)
        ? ''
        : String(col.values[i])
      : col.codes[i]! < 0
        ? ''
        : col.dictionary[col.codes[i]!]!.trim();
  for (let i = 0; i < n; i++) {
    const t = text(i);
    if (t) levels.set(t, (levels.get(t) ?? 0) + 1);
  }
  if (levels.size !== 2 && !(levels.size === 1 && positive)) {
    const shown = [...levels.keys()]
      .slice(0, 6)
      .map((l) => `"${l}"`)
      .join(', ');
    throw new JobError(
      'target-not-binary',
      `Target column \`${col.name}\` must have exactly two values (e.g. Yes/No or 1/0); it has ${levels.size}: ${shown}${levels.size > 6 ? ', …' : ''}.`,
      { column: col.name, levels: levels.size },
    );
  }
  const names = [...levels.keys()];
  const pos =
    positive ??
    names.find((l) => POSITIVE.test(l)) ??
    names.sort((a, b) => levels.get(a)! - levels.get(b)! || a.localeCompare(b))[0]!;
  if (!levels.has(pos)) throw new JobError('bad-option', `Target column \`${col.name}\` has no value "${pos}".`);
  for (let i = 0; i < n; i++) {
    const t = text(i);
    y[i] = t === '' ? NaN : t === pos ? 1 : 0;
  }
  return { y, positive: pos };
}

/** The rows `rows` of a table, every column sliced. */
export function subsetTable(table: Table, rows: ArrayLike<number>): Table {
  const pick = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T) => {
    const o = make(rows.length);
    for (let i = 0; i < rows.length; i++) o[i] = a[rows[i]!]!;
    return o;
  };
  return {
    rowCount: rows.length,
    columns: table.columns.map((c) =>
      c.kind === 'numeric'
        ? { ...c, values: pick(c.values, (n) => new Float64Array(n)) }
        : { ...c, codes: pick(c.codes, (n) => new Int32Array(n)) },
    ),
  };
}

function labelledRows(y: Float32Array): Int32Array {
  const r: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) r.push(i);
  return Int32Array.from(r);
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

export async function runPropensity(
  table: Table,
  roles: RoleMap,
  options: PropensityOptions = {},
  ctx: JobContext = silentContext(),
): Promise<PropensityResult> {
  const seed = options.seed ?? 0;
  const notes: string[] = [];
  const targetCol = options.target
    ? table.columns.find((c) => c.name === options.target)
    : columnByRole(table, roles, 'target');
  if (!targetCol)
    throw new JobError(
      'missing-role',
      options.target
        ? `Target column \`${options.target}\` is not in the file.`
        : 'Choose the target column (the yes/no outcome to predict), or map a column to "binary target".',
    );
  const { y, positive } = targetVector(targetCol, options.positive);
  const labelled = labelledRows(y);
  let trainRows: Int32Array,
    testRows: Int32Array | null = null;
  let testY: Float32Array;
  let testTable: Table;
  if (options.testTable) {
    const tc = options.testTable.columns.find((c) => c.name === targetCol.name);
    if (!tc) throw new JobError('missing-column', `The test file has no target column \`${targetCol.name}\`.`);
    const ty = targetVector(tc, positive).y;
    const tl = labelledRows(ty);
    trainRows = labelled;
    testTable = subsetTable(options.testTable, tl);
    testY = take(ty, tl);
  } else {
    const split = stratifiedSplit(take(y, labelled), options.testFraction ?? 0.2, seed);
    trainRows = Int32Array.from(split.train, (i) => labelled[i]!);
    testRows = Int32Array.from(split.test, (i) => labelled[i]!);
    testTable = subsetTable(table, testRows);
    testY = take(y, testRows);
  }
  const trainTable = subsetTable(table, trainRows);
  const yTrain = take(y, trainRows);
  const trainPos = yTrain.reduce((a, b) => a + b, 0),
    testPos = testY.reduce((a, b) => a + b, 0);
  if (trainPos < 2 || trainPos > yTrain.length - 2)
    throw new JobError(
      'one-class',
      `The training rows have ${trainPos} positives ("${positive}") out of ${yTrain.length}: both outcomes are needed to learn anything.`,
    );
  if (testPos < 1 || testPos > testY.length - 1)
    throw new JobError(
      'one-class',
      `The test rows have ${testPos} positives out of ${testY.length}: AUC needs both outcomes in the test split.`,
    );

  const featureColumns = (options.features ?? defaultFeatureColumns(table, roles, [targetCol.name])).filter(
    (c) => c !== targetCol.name,
  );
  const share = trainPos / yTrain.length;
  const mode = options.classWeights ?? 'auto';
  const balanced = mode === 'balanced' || (mode === 'auto' && (share < 0.1 || share > 0.9));
  const weights: [number, number] = balanced ? [0.5 / (1 - share), 0.5 / share] : [1, 1];
  if (balanced)
    notes.push(
      `Positives are ${(share * 100).toFixed(1)} % of training rows: classes weighted ${weights[0].toFixed(2)} / ${weights[1].toFixed(2)} so the model does not ignore them (probabilities are then higher than the raw rate).`,
    );
  const kind = options.model ?? 'logistic';
  const fitFeatures = (expand: 'none' | 'log' | 'bins') => {
    const pl = fitPipeline(trainTable, featureColumns, { disabled: options.disabled ?? [], expand });
    return { pipeline: pl, x: applyPipeline(pl, trainTable) };
  };
  const t0 = performance.now();
  // Logistic: feature expansion and C chosen together by 5-fold cross-validated log loss on the training rows only.
  let cv: PropensityResult['cv'] = null,
    chosenC: number | null = null;
  let expand: 'none' | 'log' | 'bins' =
    options.expand === 'auto' || options.expand === undefined ? 'none' : options.expand;
  if (kind === 'logistic' && options.l2 === undefined) {
    const expansions: ('none' | 'log' | 'bins')[] =
      options.expand === 'auto' || options.expand === undefined ? ['none', 'log', 'bins'] : [expand];
    const grid = options.cGrid ?? [0.03, 0.1, 0.3, 1, 3];
    cv = [];
    for (const [ei, e] of expansions.entries()) {
      ctx.progress(ei, expansions.length + 1, `cross-validating (${e})`);
      const f = fitFeatures(e);
      for (const r of await crossValidate(f.x.data, yTrain, f.x.rows, f.x.cols, grid, weights, seed, ctx))
        cv.push({ ...r, expand: e });
    }
    // Lowest log loss: a proper score, so it rewards calibrated probabilities as well as ranking.
    const best = cv.reduce((a, b) => (b.logLoss < a.logLoss - 1e-9 ? b : a));
    chosenC = best.c;
    expand = best.expand as typeof expand;
    notes.push(
      `Cross-validation chose C = ${best.c} with ${expand === 'none' ? 'linear terms only' : expand === 'log' ? 'log1p terms added' : 'quantile-bin terms added'} (CV AUC ${best.auc.toFixed(3)}).`,
    );
  }
  const { pipeline, x: xTrain } = fitFeatures(expand);
  notes.push(...pipeline.notes);
  const xTest = applyPipeline(pipeline, testTable);
  const p = xTrain.cols,
    n = xTrain.rows;

  let model: PropensityModel;
  let history: MlpFit['epochs'] = [];
  const base = { version: 1 as const, target: targetCol.name, positive, pipeline, featureNames: xTrain.names };
  if (kind === 'logistic') {
    const l2 = options.l2 ?? 1 / (chosenC! * n);
    const fit = await fitLogistic(
      xTrain.data,
      yTrain,
      n,
      p,
      { l2, sampleWeights: yTrain.map((v) => weights[v > 0.5 ? 1 : 0]) },
      ctx,
    );
    if (!fit.converged)
      notes.push(`Logistic regression stopped after ${fit.iterations} iterations before full convergence.`);
    model = {
      ...base,
      kind,
      layers: [{ weights: fit.weights, bias: Float32Array.of(fit.bias), inDim: p, outDim: 1, activation: 'sigmoid' }],
    };
  } else {
    const split = stratifiedSplit(yTrain, 0.2, seed + 1);
    const fit = await fitMlp(
      takeRows(xTrain.data, p, split.train),
      take(yTrain, split.train),
      split.train.length,
      takeRows(xTrain.data, p, split.test),
      take(yTrain, split.test),
      split.test.length,
      p,
      {
        epochs: options.epochs ?? 10,
        batchSize: options.batchSize ?? 32,
        patience: options.patience ?? 3,
        learningRate: options.learningRate ?? 1e-3,
        seed,
        ...(balanced ? { classWeight: weights } : {}),
      },
      ctx,
    );
    history = fit.epochs;
    notes.push(
      `MLP: best validation loss at epoch ${fit.bestEpoch} of ${fit.epochs.length}${fit.stoppedEarly ? ' (stopped early)' : ''}; those weights are kept.`,
    );
    model = { ...base, kind, layers: fit.layers };
  }
  const trainSeconds = (performance.now() - t0) / 1000;

  ctx.progress(90, 100, 'evaluating');
  const testScores = scoreMatrix(model, xTest.data, xTest.rows);
  const test = evaluateScores(testY, testScores, options.threshold ?? 0.5);
  const importance = permutationImportance(model, xTest.data, testY, xTest.rows, options.permutationRepeats ?? 3, seed);
  const coefficients = kind === 'logistic' ? standardizedCoefficients(model, xTrain.data, n) : null;

  // Scores for every customer (labelled or not), then the separate test file's rows.
  const all = applyPipeline(pipeline, table);
  const mainScores = scoreMatrix(model, all.data, all.rows);
  const idCol = columnByRole(table, roles, 'customer_id');
  const ids = idCol ? idKeys(idCol) : Array.from({ length: table.rowCount }, (_, i) => String(i + 1));
  const split = new Uint8Array(table.rowCount); // 0 train, 1 test, 2 unlabelled
  for (let i = 0; i < table.rowCount; i++) split[i] = Number.isNaN(y[i]!) ? 2 : 0;
  if (testRows) for (const r of testRows) split[r] = 1;
  let probability = mainScores;
  if (options.testTable) {
    const tIdCol = idCol ? testTable.columns.find((c) => c.name === idCol.name) : undefined;
    ids.push(...(tIdCol ? idKeys(tIdCol) : Array.from({ length: testTable.rowCount }, (_, i) => `test-${i + 1}`)));
    probability = new Float32Array(mainScores.length + testScores.length);
    probability.set(mainScores);
    probability.set(testScores, mainScores.length);
  }
  const fullSplit = new Uint8Array(probability.length).fill(1);
  fullSplit.set(split);
  ctx.progress(100, 100, 'done');
  return {
    model,
    target: targetCol.name,
    positive,
    counts: {
      rows: table.rowCount,
      labelled: labelled.length,
      missingTarget: table.rowCount - labelled.length,
      positives: trainPos + testPos,
      train: n,
      trainPositives: trainPos,
      test: testY.length,
      testPositives: testPos,
    },
    test,
    trustNote: trustNote(trainPos + testPos, testPos, testY.length),
    classWeights: weights,
    cv,
    chosenC,
    expand,
    history,
    coefficients,
    importance,
    scores: { ids, probability, decile: deciles(probability), split: fullSplit },
    trainSeconds,
    notes,
  };
}
