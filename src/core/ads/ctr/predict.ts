// Scoring from plain weights in JS: the same logits as the backend's, for test metrics, importance and reuse.
import { linearLogit } from './logistic.ts';
import { pairwiseLogit } from './fm.ts';
import type { CtrWeights } from './types.ts';

/** Click probabilities of bucket rows idx [n × (fields + 1)] (last index of each row = the bias row). */
export function predictProba(w: CtrWeights, idx: Int32Array, fields: number): Float64Array {
  const f1 = fields + 1,
    width = w.factors + 1;
  const n = idx.length / f1;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = linearLogit(w.theta, width, idx, i * f1, f1);
    if (w.factors > 0) z += pairwiseLogit(w.theta, width, idx, i * f1, fields);
    p[i] = 1 / (1 + Math.exp(-z));
  }
  return p;
}
