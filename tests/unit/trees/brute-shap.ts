// Test helper: exact Shapley values by enumerating all 2^d coalitions, with TreeSHAP's cover-weighted expectation.
import { goesLeft } from '../../../src/core/trees/predict.ts';
import type { GbdtModel, Tree } from '../../../src/core/trees/types.ts';

/** E[f(x) | x_S]: features in S follow x; any other split averages its children by training cover. */
function conditional(t: Tree, x: Float64Array, node: number, mask: number): number {
  const f = t.feature[node]!;
  if (f < 0) return t.value[node]!;
  const l = t.left[node]!;
  const r = t.right[node]!;
  if (mask & (1 << f)) return conditional(t, x, goesLeft(t, node, x[f]!) ? l : r, mask);
  return (t.cover[l]! * conditional(t, x, l, mask) + t.cover[r]! * conditional(t, x, r, mask)) / t.cover[node]!;
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/** φ_0 and φ_1 … φ_d of one row x (length d ≤ 12), summed over the model's trees. */
export function bruteShap(model: GbdtModel, x: Float64Array): { phi: Float64Array; phi0: number } {
  const d = model.nFeatures;
  const phi = new Float64Array(d);
  let phi0 = model.baseScore;
  const full = 1 << d;
  const v = new Float64Array(full);
  for (const t of model.trees) {
    for (let mask = 0; mask < full; mask++) v[mask] = conditional(t, x, 0, mask);
    phi0 += v[0]!;
    for (let j = 0; j < d; j++) {
      for (let mask = 0; mask < full; mask++) {
        if (mask & (1 << j)) continue;
        let size = 0;
        for (let k = 0; k < d; k++) if (mask & (1 << k)) size++;
        const weight = (factorial(size) * factorial(d - size - 1)) / factorial(d);
        phi[j]! += weight * (v[mask | (1 << j)]! - v[mask]!);
      }
    }
  }
  return { phi, phi0 };
}
