// TreeSHAP: additivity on every row of a 100-tree model, equality with brute-force Shapley values, drivers.
import { beforeAll, describe, expect, it } from 'vitest';
import { fitGbdt } from '../../../src/core/trees/boost.ts';
import { predictRaw } from '../../../src/core/trees/predict.ts';
import { expectedValue, meanAbsShap, treeShap } from '../../../src/core/trees/shap.ts';
import type { GbdtModel } from '../../../src/core/trees/types.ts';
import { bruteShap } from './brute-shap.ts';
import { planted, slice, type Planted } from './planted.ts';

let train: Planted;
let test: Planted;
let model: GbdtModel;

beforeAll(async () => {
  const all = planted(6000, 21);
  train = slice(all, 0, 5000);
  test = slice(all, 5000, 6000);
  model = (await fitGbdt(train, { seed: 2 })).model;
});

describe('TreeSHAP', () => {
  it('is additive on every row: φ0 + Σφ = raw score within 1e-9 relative', () => {
    const raw = predictRaw(model, test.X, test.n, test.d);
    const { values, expectedValue: phi0 } = treeShap(model, test.X, test.n, test.d);
    let worst = 0;
    for (let i = 0; i < test.n; i++) {
      let s = phi0;
      for (let j = 0; j < test.d; j++) s += values[i * test.d + j]!;
      worst = Math.max(worst, Math.abs(s - raw[i]!) / Math.max(1, Math.abs(raw[i]!)));
    }
    expect(worst).toBeLessThan(1e-9);
    // φ0 is the cover-weighted mean leaf value: the mean training raw score.
    const trainRaw = predictRaw(model, train.X, train.n, train.d);
    expect(phi0).toBeCloseTo(trainRaw.reduce((a, b) => a + b, 0) / train.n, 9);
  });

  it('equals brute-force Shapley values over all 2^d coalitions (d = 5, missing and categorical splits)', async () => {
    const d = 5;
    const small = { ...train, d, X: new Float64Array(train.n * d), categorical: train.categorical.slice(0, d) };
    for (let i = 0; i < train.n; i++) small.X.set(train.X.subarray(i * 6, i * 6 + d), i * d);
    const m = (await fitGbdt(small, { maxIter: 4, maxLeafNodes: 12, minSamplesLeaf: 5 })).model;
    expect(m.trees.some((t) => Array.from(t.catStart).some((c) => c >= 0))).toBe(true);
    expect(m.trees.some((t) => Array.from(t.feature).includes(3))).toBe(true);
    const rows = 40;
    const X = new Float64Array(rows * d);
    for (let i = 0; i < rows; i++) X.set(test.X.subarray(i * 6, i * 6 + d), i * d);
    const fast = treeShap(m, X, rows, d);
    for (let i = 0; i < rows; i++) {
      const { phi, phi0 } = bruteShap(m, X.subarray(i * d, i * d + d));
      expect(Math.abs(phi0 - fast.expectedValue)).toBeLessThan(1e-12);
      for (let j = 0; j < d; j++) expect(Math.abs(phi[j]! - fast.values[i * d + j]!)).toBeLessThan(1e-12);
    }
  });

  it('ranks the planted drivers above the noise features (mean |φ|)', () => {
    const { values } = treeShap(model, test.X, test.n, test.d);
    const drivers = meanAbsShap(values, test.n, test.d);
    const noise = Math.max(drivers[4]!, drivers[5]!);
    // XOR pair and subset: strong. Missingness of x4 (20 % of rows, +1.4 logit): about 1.4 · 2 · 0.2 · 0.8 = 0.45.
    for (const j of [0, 1, 2]) expect(drivers[j]!).toBeGreaterThan(4 * noise);
    expect(drivers[3]!).toBeGreaterThan(2 * noise);
    expect(expectedValue(model)).toBeCloseTo(treeShap(model, test.X.slice(0, test.d), 1, test.d).expectedValue, 12);
  });
});
