// Permutation scoring of a tree ensemble by re-scoring only the trees that split on the shuffled columns: it must
// give exactly the raw scores of the shuffled matrix scored in full, block after block, without changing X.
import { beforeAll, describe, expect, it } from 'vitest';
import { fitGbdt } from '../../../src/core/trees/boost.ts';
import { blockRawScorer } from '../../../src/core/trees/permutation.ts';
import { addTree, predictRaw, treeFeatures } from '../../../src/core/trees/predict.ts';
import type { GbdtModel } from '../../../src/core/trees/types.ts';
import { permutation, rng } from '../../../src/core/random.ts';
import { planted } from './planted.ts';

let model: GbdtModel;
const data = planted(1500, 21);

beforeAll(async () => {
  model = (await fitGbdt({ ...data, featureNames: data.names }, { seed: 2, maxIter: 40 })).model;
});

describe('tree permutation scoring', () => {
  it('equals full scoring of the shuffled matrix for every block, and leaves X unchanged', () => {
    const { X, n, d } = data;
    const before = Float64Array.from(X);
    const score = blockRawScorer(model, X, n, d);
    const rand = rng(4);
    // Single columns, a two-column block, and the same block twice in a row (the cached "without" scores).
    for (const cols of [[0], [2], [3], [0, 1], [0, 1], [5]]) {
      const perm = permutation(n, rand);
      const shuffled = Float64Array.from(X);
      for (let i = 0; i < n; i++) for (const j of cols) shuffled[i * d + j] = X[perm[i]! * d + j]!;
      const want = predictRaw(model, shuffled, n, d);
      const got = score(cols, perm);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
      expect(worst).toBeLessThan(1e-9);
      // The shuffle changed some scores wherever a tree uses the block (it is not a no-op scorer).
      if (model.trees.some((t) => cols.some((c) => treeFeatures(t).has(c)))) {
        expect(want.some((v, i) => Math.abs(v - predictRaw(model, X, n, d)[i]!) > 1e-6)).toBe(true);
      }
    }
    expect(X).toEqual(before);
  });

  it('addTree with sign −1 takes a tree back out (to rounding)', () => {
    const { X, n, d } = data;
    const full = predictRaw(model, X, n, d);
    const without = Float64Array.from(full);
    const t = model.trees[3]!;
    addTree(t, X, n, d, without, -1);
    const leafValues = new Float64Array(n);
    addTree(t, X, n, d, leafValues);
    for (let i = 0; i < n; i++) expect(full[i]! - without[i]!).toBeCloseTo(leafValues[i]!, 12);
    expect(leafValues.some((v) => v !== 0)).toBe(true);
  });
});
