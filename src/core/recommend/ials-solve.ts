// Row solvers for one ALS half-step of weighted MF: every row of X against fixed Y, for
// (YᵀY + λI + Σ_k w_k y_k y_kᵀ) x = Σ_k c_k y_k with w = α·x_k and c = 1 + w.
// Three engines, chosen by cost: exact Cholesky (cgSteps = 0); plain warm-started CG (f² per step per row);
// and CG in the eigenbasis of YᵀY + λI, where that shared part is diagonal, so a step costs O(f + f·n_r) and the
// diagonal is an exact preconditioner for it: a row with n_r < steps is solved exactly from zero (identity plus
// rank n_r), and only the f² rotation back remains per row. The eigen engine wins when there are many rows and
// few fixed vectors (the item step of a 600-user matrix), plain CG when the fixed side is the big one.
import type { Matrix } from './interactions.ts';
import type { ImplicitMFParams } from './ials-params.ts';
import { halfStepCG } from './ials-plain.ts';
import { halfStepEigen } from './ials-eigen.ts';

export { rowReg, type ImplicitMFParams } from './ials-params.ts';
export { halfStepCG } from './ials-plain.ts';
export { halfStepEigen } from './ials-eigen.ts';

/**
 * Solves every row of X against fixed Y with the cheapest engine for this shape; `G` = YᵀY if already known.
 * The eigen engine may leave X and Y in a new (orthogonally rotated) common basis: scores are unchanged.
 */
export function halfStep(X: Float32Array, Y: Float32Array, m: Matrix, p: ImplicitMFParams, G?: Float64Array): void {
  if (p.cgSteps === 0) return halfStepCG(X, Y, m, p, G);
  const f = p.factors;
  const nRows = m.indptr.length - 1;
  const nFixed = Y.length / f;
  const plain = nRows * (p.cgSteps + 1) * f * f;
  const eigen = nFixed * f * f + nRows * f * f;
  return eigen < plain ? halfStepEigen(X, Y, m, p, G, true) : halfStepCG(X, Y, m, p, G);
}
