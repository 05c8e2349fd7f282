// Scoring raw feature values (not bins) with a stored tree ensemble: raw log-odds and probabilities.
import type { GbdtModel, Tree } from './types.ts';

/** Whether value x goes to the left child at internal node `node` (the routing rule documented on Tree). */
export function goesLeft(t: Tree, node: number, x: number): boolean {
  if (x !== x) return t.missingLeft[node] === 1;
  const cs = t.catStart[node]!;
  if (cs < 0) return x <= t.threshold[node]!;
  if (x < 0) return t.missingLeft[node] === 1;
  const c = Math.floor(x);
  if (c >= t.catWords[node]! * 32) return false;
  return ((t.catBits[cs + (c >>> 5)]! >>> (c & 31)) & 1) === 1;
}

/** The leaf that row-major row `row` of X reaches. */
export function leafOf(t: Tree, X: Float64Array, d: number, row: number): number {
  const base = row * d;
  let node = 0;
  while (t.feature[node]! >= 0) {
    node = goesLeft(t, node, X[base + t.feature[node]!]!) ? t.left[node]! : t.right[node]!;
  }
  return node;
}

/**
 * Adds tree t's value for each of the n rows of X to out (scaled by `sign`: −1 takes a tree's share back out). The
 * numeric routing rule of goesLeft is inlined with the node arrays held in locals: scoring is the inner loop of
 * evaluation and permutation importance, and this runs it about 2–3× faster than a call per node.
 */
export function addTree(t: Tree, X: Float64Array, n: number, d: number, out: Float64Array, sign = 1): void {
  const { feature, threshold, missingLeft, left, right, catStart, value } = t;
  for (let r = 0, base = 0; r < n; r++, base += d) {
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const x = X[base + f]!;
      let goLeft: boolean;
      if (catStart[node]! >= 0) goLeft = goesLeft(t, node, x);
      else if (x !== x) goLeft = missingLeft[node] === 1;
      else goLeft = x <= threshold[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[r]! += sign * value[node]!;
  }
}

/** Features (column indices) tree t splits on. */
export function treeFeatures(t: Tree): Set<number> {
  const s = new Set<number>();
  for (let i = 0; i < t.nodeCount; i++) if (t.feature[i]! >= 0) s.add(t.feature[i]!);
  return s;
}

function checkShape(model: GbdtModel, X: Float64Array, n: number, d: number): void {
  if (d !== model.nFeatures) throw new Error(`the model has ${model.nFeatures} features, the matrix ${d}`);
  if (X.length !== n * d) throw new Error(`X has ${X.length} values, expected n · d = ${n * d}`);
}

/** Raw scores (log-odds) for a row-major n × d matrix. */
export function predictRaw(model: GbdtModel, X: Float64Array, n: number, d: number): Float64Array {
  checkShape(model, X, n, d);
  const out = new Float64Array(n).fill(model.baseScore);
  for (const t of model.trees) addTree(t, X, n, d, out);
  return out;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** P(y = 1) for a row-major n × d matrix. */
export function predictProba(model: GbdtModel, X: Float64Array, n: number, d: number): Float64Array {
  const raw = predictRaw(model, X, n, d);
  for (let i = 0; i < n; i++) raw[i] = sigmoid(raw[i]!);
  return raw;
}
