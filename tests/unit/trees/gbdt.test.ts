// GBDT fits: planted AUC vs Bayes and logistic, routing, early stopping, determinism, JSON, options, cancel, errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { CancelledError, silentContext } from '../../../src/core/jobs.ts';
import { auc } from '../../../src/core/metrics/classification.ts';
import { fitLogistic } from '../../../src/core/propensity/logistic.ts';
import { rng } from '../../../src/core/random.ts';
import { fitGbdt, shouldStop, stratifiedSplit } from '../../../src/core/trees/boost.ts';
import { predictProba, predictRaw } from '../../../src/core/trees/predict.ts';
import { modelFromJson, modelToJson } from '../../../src/core/trees/serialize.ts';
import type { GbdtFit } from '../../../src/core/trees/types.ts';
import { linearDesign, planted, PLANTED_SUBSET, slice, type Planted } from './planted.ts';

let train: Planted;
let test: Planted;
let fit: GbdtFit;

beforeAll(async () => {
  const all = planted(12_000, 7);
  train = slice(all, 0, 8000);
  test = slice(all, 8000, 12_000);
  fit = await fitGbdt({ ...train, featureNames: train.names }, { seed: 3 });
});

/** Decodes a categorical node's left set (codes 0 … maxCode). */
function leftCodes(t: GbdtFit['model']['trees'][number], node: number, maxCode: number): number[] {
  const out: number[] = [];
  for (let c = 0; c <= maxCode; c++) {
    const w = t.catStart[node]! + (c >>> 5);
    if (c < t.catWords[node]! * 32 && ((t.catBits[w]! >>> (c & 31)) & 1) === 1) out.push(c);
  }
  return out;
}

describe('GBDT on planted XOR + categorical subset + informative missingness', () => {
  it('reaches the Bayes AUC within 0.015 and beats a logistic baseline by > 0.1', async () => {
    const bayes = auc(test.y, test.p);
    const gbdt = auc(test.y, predictProba(fit.model, test.X, test.n, test.d));
    await initNodeBackend();
    const lin = linearDesign(train);
    const lr = await fitLogistic(lin.x, Float32Array.from(train.y), train.n, lin.p, { l2: 1e-4 });
    const lt = linearDesign(test);
    const score = new Float64Array(test.n);
    for (let i = 0; i < test.n; i++) {
      let z = lr.bias;
      for (let k = 0; k < lt.p; k++) z += lr.weights[k]! * lt.x[i * lt.p + k]!;
      score[i] = z;
    }
    const logistic = auc(test.y, score);
    console.log(`planted: Bayes AUC ${bayes.toFixed(4)}, GBDT ${gbdt.toFixed(4)}, logistic ${logistic.toFixed(4)}`);
    expect(gbdt).toBeGreaterThan(bayes - 0.015);
    expect(gbdt).toBeGreaterThan(logistic + 0.1);
    // n = 8000 ≤ 10,000: no early stopping by default, so all 100 iterations and a falling training loss.
    expect(fit.nIter).toBe(100);
    expect(fit.validationLoss).toEqual([]);
    expect(fit.trainLoss).toHaveLength(101);
    expect(fit.trainLoss[100]!).toBeLessThan(fit.trainLoss[0]!);
  });

  it('the same seed gives an identical model; its JSON round trip predicts identically', async () => {
    const again = await fitGbdt({ ...train, featureNames: train.names }, { seed: 3 });
    expect(JSON.stringify(modelToJson(again.model))).toBe(JSON.stringify(modelToJson(fit.model)));
    const stored = modelFromJson(JSON.parse(JSON.stringify(modelToJson(fit.model))));
    expect(predictRaw(stored, test.X, test.n, test.d)).toEqual(predictRaw(fit.model, test.X, test.n, test.d));
    // Structured clone (what a worker postMessage does) keeps the typed arrays.
    const cloned = structuredClone(fit.model);
    expect(predictRaw(cloned, test.X, test.n, test.d)).toEqual(predictRaw(fit.model, test.X, test.n, test.d));
  });

  it('finds the planted categorical subset and sends missing x4 to the high-odds side', () => {
    const subsetSplits = new Set<string>();
    let missingSplits = 0;
    let missingRight = 0;
    for (const t of fit.model.trees) {
      for (let i = 0; i < t.nodeCount; i++) {
        if (t.feature[i] === 2) subsetSplits.add(leftCodes(t, i, 7).join(','));
        if (t.feature[i] === 3 && t.threshold[i] === Infinity) {
          missingSplits++;
          // The split on missingness sends missing values right; as missingness raises the odds, the right child's
          // value is the larger one (allowing a few small late nodes where noise wins).
          expect(t.missingLeft[i]).toBe(0);
          if (t.value[t.right[i]!]! > t.value[t.left[i]!]!) missingRight++;
        }
      }
    }
    const subset = PLANTED_SUBSET.join(',');
    const complement = [0, 2, 3, 5, 7].join(',');
    expect(subsetSplits.has(subset) || subsetSplits.has(complement)).toBe(true);
    expect(missingSplits).toBeGreaterThan(0);
    expect(missingRight).toBeGreaterThanOrEqual(0.8 * missingSplits);
  });
});

describe('missing-value routing', () => {
  function oneFeature(n: number, seed: number, label: (x: number, missing: boolean) => number): Planted {
    const rand = rng(seed);
    const X = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const missing = rand() < 0.25;
      X[i] = missing ? NaN : rand();
      y[i] = rand() < 0.95 ? label(X[i]!, missing) : 1 - label(X[i]!, missing);
    }
    return { X, n, d: 1, y, p: y, categorical: [false], names: ['x'] };
  }

  it('learns per split which side missing values join', async () => {
    const low = oneFeature(4000, 1, (x, m) => (m || x < 0.3 ? 1 : 0));
    const high = oneFeature(4000, 2, (x, m) => (m || x > 0.7 ? 1 : 0));
    for (const [data, cut, left] of [
      [low, 0.3, 1],
      [high, 0.7, 0],
    ] as const) {
      const t = (await fitGbdt(data, { maxIter: 1 })).model.trees[0]!;
      expect(t.feature[0]).toBe(0);
      expect(Math.abs(t.threshold[0]! - cut)).toBeLessThan(0.02);
      expect(t.missingLeft[0]).toBe(left);
    }
    const m = (await fitGbdt(low, { maxIter: 30 })).model;
    const p = predictProba(m, Float64Array.from([NaN, 0.1, 0.9]), 3, 1);
    expect(p[0]!).toBeGreaterThan(0.8);
    expect(p[1]!).toBeGreaterThan(0.8);
    expect(p[2]!).toBeLessThan(0.2);
  });

  it('without missing values at fit time, a missing value follows the larger child', async () => {
    const rand = rng(4);
    const n = 2000;
    const X = Float64Array.from({ length: n }, () => rand());
    const y = Float64Array.from(X, (x) => (x > 0.8 ? 1 : 0));
    const t = (await fitGbdt({ X, n, d: 1, y }, { maxIter: 1 })).model.trees[0]!;
    expect(t.missingLeft[0]).toBe(1);
    expect(t.cover[t.left[0]!]!).toBeGreaterThan(t.cover[t.right[0]!]!);
  });
});

describe('categorical splits', () => {
  it('finds a planted subset of 10 codes in one split, stored as a bitset over the raw codes', async () => {
    const rand = rng(11);
    const n = 5000;
    const good = new Set([2, 3, 7]);
    const X = Float64Array.from({ length: n }, () => Math.floor(rand() * 10));
    const y = Float64Array.from(X, (c) => (rand() < (good.has(c) ? 0.8 : 0.2) ? 1 : 0));
    const t = (await fitGbdt({ X, n, d: 1, y, categorical: [true] }, { maxIter: 1 })).model.trees[0]!;
    expect(t.feature[0]).toBe(0);
    expect(t.catStart[0]).toBeGreaterThanOrEqual(0);
    const left = leftCodes(t, 0, 9).join(',');
    expect(['2,3,7', '0,1,4,5,6,8,9']).toContain(left);
  });

  it('pools codes beyond 255 levels and still predicts unseen codes (they go right)', async () => {
    const rand = rng(12);
    const n = 20_000;
    const X = Float64Array.from({ length: n }, () => Math.floor(rand() * 300));
    const y = Float64Array.from(X, (c) => (rand() < (c % 2 ? 0.7 : 0.3) ? 1 : 0));
    const m = (await fitGbdt({ X, n, d: 1, y, categorical: [true] }, { maxIter: 5, earlyStopping: false })).model;
    const p = predictProba(m, Float64Array.from([1, 2, 100_000, NaN]), 4, 1);
    expect(p[0]!).toBeGreaterThan(p[1]!);
    expect(Number.isFinite(p[2]!) && Number.isFinite(p[3]!)).toBe(true);
  });
});

describe('early stopping, weights, cancel', () => {
  it('stops well before max_iter on pure noise (auto-on above 10,000 rows)', async () => {
    const rand = rng(5);
    const n = 12_000;
    const d = 5;
    const X = Float64Array.from({ length: n * d }, () => rand());
    const y = Float64Array.from({ length: n }, () => (rand() < 0.3 ? 1 : 0));
    const f = await fitGbdt({ X, n, d, y }, { seed: 1 });
    expect(f.stoppedEarly).toBe(true);
    expect(f.nIter).toBeLessThan(40);
    expect(f.nValidation).toBe(1200);
    expect(f.validationLoss).toHaveLength(f.nIter + 1);
    const off = await fitGbdt({ X, n, d, y }, { seed: 1, earlyStopping: false, maxIter: 15 });
    expect(off.nIter).toBe(15);
    expect(off.nValidation).toBe(0);
  });

  it("applies sklearn's stopping rule and a stratified hold-out", () => {
    expect(shouldStop([1, 0.9, 0.9, 0.9], 3, 1e-7)).toBe(false);
    expect(shouldStop([1, 0.9, 0.9, 0.9, 0.9], 3, 1e-7)).toBe(true);
    expect(shouldStop([1, 0.9, 0.9, 0.9, 0.89], 3, 1e-7)).toBe(false);
    const y = Float64Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const [tr, va] = stratifiedSplit(y, 0.1, 0);
    expect(va.length).toBe(100);
    expect(tr.length + va.length).toBe(1000);
    expect(Array.from(va).filter((i) => y[i] === 1).length).toBe(25);
  });

  it('honours max_depth, max_leaf_nodes, min_samples_leaf and λ', async () => {
    const capped = await fitGbdt(train, { maxIter: 5, maxDepth: 2, maxLeafNodes: 50, minSamplesLeaf: 200 });
    for (const t of capped.model.trees) {
      expect(t.maxDepth).toBeLessThanOrEqual(2);
      expect(t.nodeCount).toBeLessThanOrEqual(7);
      for (let i = 0; i < t.nodeCount; i++) if (t.feature[i]! < 0) expect(t.cover[i]!).toBeGreaterThanOrEqual(200);
    }
    expect(Math.max(...fit.model.trees.map((t) => (t.nodeCount + 1) / 2))).toBe(31);
    const shrunk = await fitGbdt(train, { maxIter: 1, l2: 1e6 });
    const plain = await fitGbdt(train, { maxIter: 1 });
    const maxLeaf = (f: GbdtFit) => Math.max(...Array.from(f.model.trees[0]!.value, Math.abs));
    expect(maxLeaf(shrunk)).toBeLessThan(0.05 * maxLeaf(plain));
  });

  it('balanced class weights move the base score to log-odds 0', async () => {
    const f = await fitGbdt(train, { maxIter: 2, classWeight: 'balanced' });
    expect(Math.abs(f.model.baseScore)).toBeLessThan(1e-9);
    expect(Math.abs(fit.model.baseScore)).toBeGreaterThan(0.1);
  });

  it('reports progress per iteration and stops on cancel', async () => {
    const seen: number[] = [];
    let cancelled = false;
    const ctx = {
      ...silentContext(() => cancelled),
      progress(done: number) {
        seen.push(done);
        if (done === 3) cancelled = true;
      },
    };
    await expect(fitGbdt(train, { maxIter: 50, yieldEveryMs: 0 }, ctx)).rejects.toBeInstanceOf(CancelledError);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('sends the losses after k trees as epoch k, for k = 0 … nIter', async () => {
    const epochs: [number, Record<string, number>][] = [];
    const ctx = { ...silentContext(), epoch: (k: number, logs: Record<string, number>) => void epochs.push([k, logs]) };
    const f = await fitGbdt(train, { maxIter: 3, earlyStopping: true }, ctx);
    expect(epochs.map(([k]) => k)).toEqual([0, 1, 2, 3]);
    expect(epochs.map(([, l]) => l.loss)).toEqual(f.trainLoss);
    expect(epochs.map(([, l]) => l.val_loss)).toEqual(f.validationLoss);
  });

  it('refuses bad input with a message', async () => {
    const X = new Float64Array(4);
    await expect(fitGbdt({ X, n: 4, d: 1, y: [0, 0, 0, 0] })).rejects.toThrow(/both classes/);
    await expect(fitGbdt({ X, n: 4, d: 1, y: [0, 2, 0, 1] })).rejects.toThrow(/0 or 1/);
    await expect(fitGbdt({ X, n: 3, d: 1, y: [0, 1, 0] })).rejects.toThrow(/n · d/);
    const cat = Float64Array.from([0, 1.5, 2, 3]);
    await expect(fitGbdt({ X: cat, n: 4, d: 1, y: [0, 1, 0, 1], categorical: [true] })).rejects.toThrow(/integer/);
  });
});
