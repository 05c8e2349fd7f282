// Permutation importance for a tree ensemble without re-scoring every tree: shuffling a block of columns only changes
// the trees that split on one of them, so each shuffle takes those trees' share out of the full raw scores and adds
// it back on the shuffled rows. Exact (same scores as scoring the shuffled matrix), and on a 300-tree model where a
// column is used by half of the trees, 3 shuffles cost 2 full scorings instead of 3 (and far less for rare columns).
import { addTree, predictRaw, treeFeatures } from './predict.ts';
import type { GbdtModel } from './types.ts';

/**
 * Raw scores (log-odds) of X with the given columns replaced by `shuffled` values, for successive shuffles of one
 * block; `X` itself is never changed. `shuffled(cols, work)` writes a shuffled copy of the block into `work`.
 */
export function blockRawScorer(model: GbdtModel, X: Float64Array, n: number, d: number) {
  const full = predictRaw(model, X, n, d);
  const features = model.trees.map(treeFeatures);
  const work = Float64Array.from(X);
  // The raw scores without the block's trees, kept for the successive shuffles of the same block.
  let last: { cols: readonly number[]; trees: GbdtModel['trees']; without: Float64Array } | null = null;
  return (cols: readonly number[], permuted: Int32Array): Float64Array => {
    if (last?.cols !== cols) {
      const trees = model.trees.filter((_, i) => cols.some((c) => features[i]!.has(c)));
      const without = Float64Array.from(full);
      for (const t of trees) addTree(t, X, n, d, without, -1);
      last = { cols, trees, without };
    }
    const { trees } = last;
    const raw = Float64Array.from(last.without);
    for (let i = 0; i < n; i++) for (const j of cols) work[i * d + j] = X[permuted[i]! * d + j]!;
    for (const t of trees) addTree(t, work, n, d, raw);
    for (let i = 0; i < n; i++) for (const j of cols) work[i * d + j] = X[i * d + j]!;
    return raw;
  };
}
