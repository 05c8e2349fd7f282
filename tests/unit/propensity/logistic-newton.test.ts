// Typed-array logistic fit: same optimum as the TF.js reference, warm starts and curvature reuse change nothing but the
// work, the CV path equals fold-by-fold cold fits, and 'auto' class weights are dropped when they lower CV AUC.
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/customers.ts';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { auc } from '../../../src/core/metrics/classification.ts';
import { normal, rng } from '../../../src/core/random.ts';
import { fitLogistic } from '../../../src/core/propensity/logistic.ts';
import { fitLogisticTf } from '../../../src/core/propensity/logistic-tf.ts';
import {
  newCurvature,
  newtonLogistic,
  predictRows,
  sparseRows,
  type LogisticProblem,
} from '../../../src/core/propensity/logistic-newton.ts';
import { crossValidatePath } from '../../../src/core/propensity/logistic-path.ts';
import { runPropensity, subsetTable, targetVector } from '../../../src/core/propensity/run.ts';
import { stratifiedFolds, take, takeRows } from '../../../src/core/propensity/stratified-split.ts';
import { sayEn } from '../../../src/cli/say.ts';

/** n rows: `dense` standard-normal columns, then 0/1 indicators; a planted logit; class weights 0.8 / 2. */
function problem(n: number, dense: number, indicators: number, seed: number) {
  const p = dense + indicators;
  const r = rng(seed),
    g = normal(r);
  const x = new Float32Array(n * p),
    y = new Float32Array(n),
    w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = -0.5;
    for (let j = 0; j < p; j++) {
      const v = j < dense ? g() : r() < 0.3 ? 1 : 0;
      x[i * p + j] = v;
      z += ((j % 3) - 1) * 0.7 * v;
    }
    y[i] = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    w[i] = y[i] ? 2 : 0.8;
  }
  return { x, y, w, n, p };
}

/** The objective and its gradient in plain float64 loops, written independently of logistic-newton.ts. */
function objective(pr: ReturnType<typeof problem>, lambda: number, wts: ArrayLike<number>, bias: number) {
  const { x, y, w, n, p } = pr;
  let f = 0,
    wsum = 0;
  const g = new Float64Array(p + 1);
  for (let i = 0; i < n; i++) {
    let z = bias;
    for (let j = 0; j < p; j++) z += x[i * p + j]! * wts[j]!;
    const mu = 1 / (1 + Math.exp(-z));
    f += w[i]! * (y[i]! ? -Math.log(mu) : -Math.log(1 - mu));
    for (let j = 0; j < p; j++) g[j]! += w[i]! * (mu - y[i]!) * x[i * p + j]!;
    g[p]! += w[i]! * (mu - y[i]!);
    wsum += w[i]!;
  }
  let pen = 0;
  for (let j = 0; j < p; j++) {
    pen += wts[j]! ** 2;
    g[j] = g[j]! / wsum + lambda * wts[j]!;
  }
  g[p] = g[p]! / wsum;
  return { f: f / wsum + (lambda / 2) * pen, gmax: Math.max(...Array.from(g, Math.abs)) };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, j) => Math.abs(v - b[j]!)));

beforeAll(async () => {
  await initNodeBackend();
});

describe('fitLogistic (Newton, float64) against the TF.js L-BFGS reference', () => {
  it('reaches the same optimum: coefficients within 1e-5 where float32 lets TF.js converge', async () => {
    const pr = problem(2000, 4, 2, 3);
    const opts = { l2: 0.1, sampleWeights: pr.w };
    const tf = await fitLogisticTf(pr.x, pr.y, pr.n, pr.p, { ...opts, gradTol: 1e-6 });
    const nw = await fitLogistic(pr.x, pr.y, pr.n, pr.p, opts);
    expect(nw.converged).toBe(true);
    expect(maxDiff(nw.weights, tf.weights)).toBeLessThan(1e-5);
    expect(Math.abs(nw.bias - tf.bias)).toBeLessThan(1e-5);
    const mine = objective(pr, 0.1, nw.weights, nw.bias);
    expect(mine.gmax).toBeLessThan(1e-6); // float32 weights: the float64 optimum rounded
    expect(Math.abs(mine.f - nw.loss)).toBeLessThan(1e-9);
  });

  it('at weak penalties, where float32 stalls TF.js early, its optimum is at least as good in float64', async () => {
    const pr = problem(4000, 8, 4, 5);
    for (const l2 of [1e-2, 1e-3, 1e-4]) {
      const opts = { l2, sampleWeights: pr.w };
      const tf = await fitLogisticTf(pr.x, pr.y, pr.n, pr.p, opts);
      const nw = await fitLogistic(pr.x, pr.y, pr.n, pr.p, opts);
      expect(nw.converged).toBe(true);
      expect(objective(pr, l2, nw.weights, nw.bias).f).toBeLessThanOrEqual(
        objective(pr, l2, tf.weights, tf.bias).f + 1e-12,
      );
      expect(maxDiff(nw.weights, tf.weights)).toBeLessThan(5e-3);
    }
  });
});

describe('warm starts along the C path', () => {
  it('give the cold-start solutions with fewer Hessians', () => {
    const pr = problem(3000, 6, 10, 7);
    const prob: LogisticProblem = {
      design: sparseRows(pr.x, pr.n, pr.p),
      rows: Int32Array.from({ length: pr.n }, (_, i) => i),
      y: pr.y,
      sampleWeights: Float64Array.from(pr.w),
    };
    const curvature = newCurvature();
    let theta: Float64Array | null = null;
    let warmHessians = 0,
      coldHessians = 0;
    for (const c of [0.03, 0.1, 0.3, 1, 3]) {
      const lambda = 1 / (c * pr.n);
      const warm = newtonLogistic(prob, lambda, theta, curvature);
      const cold = newtonLogistic(prob, lambda, null);
      expect(warm.converged && cold.converged).toBe(true);
      expect(maxDiff(warm.theta, cold.theta)).toBeLessThan(1e-6);
      warmHessians += warm.refreshes;
      coldHessians += cold.refreshes;
      theta = warm.theta;
    }
    expect(warmHessians).toBeLessThan(coldHessians);
  });

  it('sparse rows score like the dense matrix', () => {
    const pr = problem(200, 3, 5, 11);
    const theta = Float64Array.from({ length: pr.p + 1 }, (_, j) => 0.1 * j - 0.3);
    const rows = Int32Array.from({ length: pr.n }, (_, i) => i);
    const got = predictRows(sparseRows(pr.x, pr.n, pr.p), rows, theta);
    for (let i = 0; i < pr.n; i++) {
      let z = theta[pr.p]!;
      for (let j = 0; j < pr.p; j++) z += pr.x[i * pr.p + j]! * theta[j]!;
      expect(got[i]!).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    }
  });

  it('the CV path equals cold fitLogistic fits fold by fold', async () => {
    const pr = problem(2500, 5, 6, 13);
    const folds = stratifiedFolds(pr.y, 5, 0);
    const grid = [0.1, 1, 0.03];
    const weights: [number, number] = [0.8, 2];
    const path = await crossValidatePath(sparseRows(pr.x, pr.n, pr.p), pr.y, folds, grid, weights, silentContext());
    for (const [k, c] of grid.entries()) {
      let sumAuc = 0;
      for (const val of folds) {
        const inVal = new Set(val);
        const tr = Int32Array.from({ length: pr.n }, (_, i) => i).filter((i) => !inVal.has(i));
        const yt = take(pr.y, tr);
        const fit = await fitLogistic(takeRows(pr.x, pr.p, tr), yt, tr.length, pr.p, {
          l2: 1 / (c * tr.length),
          sampleWeights: yt.map((v) => weights[v > 0.5 ? 1 : 0]),
        });
        const prob = Float64Array.from(val, (i) => {
          let z = fit.bias;
          for (let j = 0; j < pr.p; j++) z += pr.x[i * pr.p + j]! * fit.weights[j]!;
          return 1 / (1 + Math.exp(-z));
        });
        sumAuc += auc(take(pr.y, val), prob);
      }
      expect(path[k]!.c).toBe(c);
      expect(Math.abs(path[k]!.auc - sumAuc / folds.length)).toBeLessThan(1e-4);
      expect(path[k]!.logLoss).toBeGreaterThan(0);
    }
  });
});

describe("'auto' class weights are chosen by CV AUC", () => {
  it('on a 2 %-positive customer table balanced weights lower CV AUC, so the model stays unweighted', async () => {
    const sample = generate(20261128);
    const { table, roles } = await ingestCsv(textSource(sample.files[0]!.csv), silentContext());
    const { y } = targetVector(table.columns.find((c) => c.name === 'churned')!);
    let seen = 0;
    // Every negative, every 12th positive: about 2 % positives.
    const rows = Array.from(y.keys()).filter((i) => y[i]! < 0.5 || seen++ % 12 === 0);
    const thin = subsetTable(table, rows);
    const auto = await runPropensity(thin, roles, { target: 'churned', model: 'logistic', seed: 0 });
    const none = await runPropensity(thin, roles, {
      target: 'churned',
      model: 'logistic',
      seed: 0,
      classWeights: 'none',
    });
    const notes = auto.notes.map((n) => sayEn(n)); // English words of the notes' message keys
    const note = notes.find((n) => n.includes('balanced class weights'))!;
    const [weighted, plain] = [...note.matchAll(/AUC (\d\.\d+)|against (\d\.\d+)/g)].map((m) => Number(m[1] ?? m[2]));
    expect(weighted).toBeLessThan(plain!);
    expect(note).toMatch(/not used/);
    expect(auto.classWeights).toEqual([1, 1]);
    expect(notes.some((n) => n.includes('classes weighted'))).toBe(false); // the rule's note was replaced
    expect(auto.test.auc).toBe(none.test.auc);
    expect(auto.cv).toEqual(none.cv);
  });
});
