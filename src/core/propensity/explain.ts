// Why a customer scores as they do, for every model kind: exact TreeSHAP for the trees, coefficients × centred values
// for logistic, both weighted for their blend, and for the MLP the change in logit when a feature is set to its
// training mean (occlusion).
import type { JobContext } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import { permutation, rng } from '../random.ts';
import { treeShap } from '../trees/shap.ts';
import { blendContributions } from './blend.ts';
import { explainRows, groupFeatures, logisticContributions, tableValueText } from './reasons.ts';
import type { Contributions, Driver } from './reasons.ts';
import { featureColumns, modelMatrix, scoreMatrix, type PropensityModel } from './scoring-model.ts';

/** Per-feature means of the training rows of a model matrix (the "average customer" reasons are relative to). */
export function featureMeans(x: Float32Array, d: number, rows: ArrayLike<number>): Float64Array {
  const m = new Float64Array(d);
  for (let k = 0; k < rows.length; k++) for (let j = 0; j < d; j++) m[j]! += x[rows[k]! * d + j]!;
  return m.map((s) => (rows.length ? s / rows.length : 0));
}

const logit = (p: number) => Math.log(Math.max(1e-12, p) / Math.max(1e-12, 1 - p));

function occlusion(model: PropensityModel, x: Float32Array, n: number, d: number, means: Float64Array): Contributions {
  const base = scoreMatrix(model, x, n);
  const values = new Float64Array(n * d);
  const xo = new Float32Array(x.length);
  for (let j = 0; j < d; j++) {
    xo.set(x);
    for (let i = 0; i < n; i++) xo[i * d + j] = means[j]!;
    const p = scoreMatrix(model, xo, n);
    for (let i = 0; i < n; i++) values[i * d + j] = logit(base[i]!) - logit(p[i]!);
  }
  return { values, n, d, expectedValue: 0 };
}

/** Contributions of each matrix feature to each row's logit. */
export function contributionsOf(
  model: PropensityModel,
  x: Float32Array,
  n: number,
  means: Float64Array,
): Contributions {
  const d = model.featureNames.length;
  if (model.kind === 'gbdt') {
    const shap = treeShap(model.trees, Float64Array.from(x), n, d);
    return { values: shap.values, n, d, expectedValue: shap.expectedValue };
  }
  if (model.kind === 'blend') {
    const da = model.logistic.featureNames.length;
    return blendContributions(model, x, n, (part, xs, rows) =>
      contributionsOf(part, xs, rows, part.kind === 'gbdt' ? means.subarray(da) : means.subarray(0, da)),
    );
  }
  if (model.kind === 'logistic') {
    const layer = model.layers[0]!;
    return logisticContributions(x, n, d, layer.weights, layer.bias[0]!, means);
  }
  return occlusion(model, x, n, d, means);
}

/** Global drivers (mean |contribution| per source column) on a seeded sample of at most `max` rows. */
export function sampleDrivers(
  model: PropensityModel,
  x: Float32Array,
  rows: ArrayLike<number>,
  means: Float64Array,
  seed: number,
  max = 250,
): Driver[] {
  const d = model.featureNames.length;
  const pick = permutation(rows.length, rng(seed ^ 0x5eed)).slice(0, Math.min(max, rows.length));
  const xs = new Float32Array(pick.length * d);
  pick.forEach((k, i) => xs.set(x.subarray(rows[k]! * d, rows[k]! * d + d), i * d));
  const c = contributionsOf(model, xs, pick.length, means);
  return explainRows(c, groupFeatures(featureColumns(model))).drivers;
}

/** Reasons for every row of `table` (top 3 upward pushes each), in chunks so a worker stays responsive. */
export async function explainTable(
  model: PropensityModel,
  table: Table,
  means: Float64Array,
  ctx: Pick<JobContext, 'progress' | 'checkCancelled' | 'yield'>,
  chunk = 256,
): Promise<string[]> {
  const { data, rows: n } = modelMatrix(model, table);
  const d = model.featureNames.length;
  const grouping = groupFeatures(featureColumns(model));
  const valueText = tableValueText(table, grouping.columnNames);
  const out: string[] = [];
  for (let s = 0; s < n; s += chunk) {
    ctx.checkCancelled();
    ctx.progress(s, n, 'reasons per customer');
    const e = Math.min(n, s + chunk);
    const c = contributionsOf(model, data.subarray(s * d, e * d), e - s, means);
    const text = (row: number, col: number) => valueText(row + s, col);
    out.push(...explainRows(c, grouping, { valueText: text }).reasons);
    await ctx.yield();
  }
  return out;
}

/** Means of the rows a stored result trained on (split 0 of the main table): reasons are relative to them. */
export function trainMeans(model: PropensityModel, table: Table, split: ArrayLike<number>): Float64Array {
  const { data, rows } = modelMatrix(model, table);
  const train: number[] = [];
  for (let i = 0; i < rows; i++) if (split[i] === 0) train.push(i);
  return featureMeans(data, model.featureNames.length, train);
}
