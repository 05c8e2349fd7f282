// Test-split evaluation of a propensity model: headline metrics, curves, trust note, drivers (coefficients,
// permutation importance).
import { msg, type Msg } from '../msg.ts';
import {
  auc,
  calibration,
  confusion,
  gainLift,
  logLoss,
  rocCurve,
  type CalibrationBin,
  type Confusion,
  type GainRow,
  type RocCurve,
} from '../metrics/classification.ts';
import { permutation, rng } from '../random.ts';
import { blockRawScorer } from '../trees/permutation.ts';
import { featureColumns, scoreMatrix, type LayeredModel, type PropensityModel } from './scoring-model.ts';

export interface Evaluation {
  n: number;
  positives: number;
  auc: number;
  logLoss: number;
  accuracy: number;
  precision: number;
  recall: number;
  threshold: number;
  confusion: Confusion;
  roc: RocCurve;
  gain: GainRow[];
  calibration: CalibrationBin[];
}

export function evaluateScores(y: Float32Array, p: Float32Array, threshold = 0.5): Evaluation {
  const c = confusion(y, p, threshold);
  let positives = 0;
  for (const v of y) if (v > 0.5) positives++;
  return {
    n: y.length,
    positives,
    auc: auc(y, p),
    logLoss: logLoss(y, p),
    accuracy: c.accuracy,
    precision: c.precision,
    recall: c.recall,
    threshold,
    confusion: c,
    roc: rocCurve(y, p),
    gain: gainLift(y, p, 10),
    calibration: calibration(y, p, 10),
  };
}

/** A plain-language warning when the data cannot support firm conclusions; null when it can. */
export function trustNote(totalPositives: number, testPositives: number, testN: number): Msg | null {
  if (totalPositives >= 200 && testPositives >= 50 && testN >= 200) return null;
  // One sentence with all three figures beside their bars: a message cannot assemble a list of clauses.
  return msg('prop_note_small', { positives: totalPositives, testPositives, testRows: testN });
}

export interface Importance {
  column: string;
  aucDrop: number;
  std: number;
}

/** Scores of x with the block's columns taken from the permuted rows (trees: only the trees that use them). */
function shuffledScorer(model: PropensityModel, x: Float32Array, n: number, p: number) {
  if (model.kind === 'gbdt') return blockRawScorer(model.trees, Float64Array.from(x), n, p);
  const xp = new Float32Array(x.length);
  return (cols: readonly number[], perm: Int32Array): Float32Array => {
    xp.set(x);
    for (let i = 0; i < n; i++) for (const j of cols) xp[i * p + j] = x[perm[i]! * p + j]!;
    return scoreMatrix(model, xp, n);
  };
}

/**
 * Permutation importance per source column (all one-hot features of a column are shuffled together, so a
 * categorical column is judged as a whole): mean drop in test AUC over `repeats` seeded shuffles.
 */
export function permutationImportance(
  model: PropensityModel,
  x: Float32Array,
  y: Float32Array,
  n: number,
  repeats = 3,
  seed = 0,
): Importance[] {
  const p = model.featureNames.length;
  const base = auc(y, scoreMatrix(model, x, n));
  const blocks = new Map<string, number[]>();
  featureColumns(model).forEach((column, j) => {
    const b = blocks.get(column) ?? [];
    b.push(j);
    blocks.set(column, b);
  });
  const rand = rng(seed);
  const out: Importance[] = [];
  const shuffled = shuffledScorer(model, x, n, p);
  for (const [column, cols] of blocks) {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) drops.push(base - auc(y, shuffled(cols, permutation(n, rand))));
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    out.push({ column, aucDrop: mean, std });
  }
  return out.sort((a, b) => b.aucDrop - a.aucDrop);
}

export interface Coefficient {
  feature: string;
  coefficient: number;
  standardized: number;
}

/** Logistic coefficients, and each times the feature's std on the training matrix (comparable across features). */
export function standardizedCoefficients(model: LayeredModel, xTrain: Float32Array, n: number): Coefficient[] {
  const layer = model.layers[0]!;
  const p = layer.inDim;
  const out: Coefficient[] = [];
  for (let j = 0; j < p; j++) {
    let s = 0,
      ss = 0;
    for (let i = 0; i < n; i++) {
      const v = xTrain[i * p + j]!;
      s += v;
      ss += v * v;
    }
    const sd = Math.sqrt(Math.max(0, ss / n - (s / n) ** 2));
    const w = layer.weights[j]!;
    out.push({ feature: model.featureNames[j]!, coefficient: w, standardized: w * sd });
  }
  return out.sort((a, b) => Math.abs(b.standardized) - Math.abs(a.standardized));
}
