// Weighted matrix factorisation for implicit feedback (Hu, Koren & Volinsky 2008) by alternating least squares.
// Confidence c = 1 + α·x, preference p = [x > 0]. Each row solves (YᵀY + Yᵀ(C_u − I)Y + λI) x_u = Yᵀ C_u p_u:
// YᵀY is shared per half-step (the Gram trick) and only a row's own interactions add to it. Rows are solved by a
// few warm-started conjugate-gradient steps (Takács et al. 2011): f² + 2f·n_u per step instead of f²·n_u + f³
// for the exact Cholesky solve, which is kept (cgSteps = 0) for small data, fold-in and explanations.
import type { JobContext } from '../jobs.ts';
import { gaussianFactors, normal, rng } from '../random.ts';
import { transpose, type Matrix } from './interactions.ts';
import { gram } from '../linalg/dense.ts';
import { cholesky, choleskySolve } from '../linalg/spd.ts';
import { halfStep, rowReg, type ImplicitMFParams } from './ials-solve.ts';

export type { ImplicitMFParams };

export const IMPLICIT_MF_DEFAULTS: ImplicitMFParams = {
  factors: 64,
  reg: 30,
  alpha: 4,
  iterations: 15,
  cgSteps: 3,
  initStd: 0.01,
  regExponent: 0,
  seed: 0,
};

/** Plain data: factors as row-major typed arrays + the id lists they index. */
export interface ImplicitMFModel {
  kind: 'implicit-mf';
  users: string[];
  items: string[];
  factors: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  params: ImplicitMFParams;
  /** Mean interactions per user in training (n̄ of the frequency-scaled λ; used again at fold-in). */
  meanUserCount: number;
}

/** Weighted squared loss Σ c (p − s)² over all user×item cells + λ(‖X‖² + ‖Y‖²), via the Gram trick. */
export function implicitLoss(model: ImplicitMFModel, train: Matrix, itemGram?: Float64Array): number {
  const { factors: f, userFactors: X, itemFactors: Y } = model;
  const G = itemGram ?? gram(Y, model.items.length, f);
  let loss = 0;
  for (let u = 0; u < model.users.length; u++) {
    const xo = u * f;
    for (let a = 0; a < f; a++) {
      let s = 0;
      for (let b = 0; b < f; b++) s += G[a * f + b]! * X[xo + b]!;
      loss += X[xo + a]! * s;
    }
    for (let q = train.indptr[u]!; q < train.indptr[u + 1]!; q++) {
      const yo = train.indices[q]! * f;
      let s = 0;
      for (let a = 0; a < f; a++) s += X[xo + a]! * Y[yo + a]!;
      const c = 1 + model.params.alpha * train.values[q]!;
      loss += c * (1 - s) * (1 - s) - s * s;
    }
  }
  const nnz = train.indices.length;
  const itemN = new Float64Array(model.items.length);
  for (let q = 0; q < nnz; q++) itemN[train.indices[q]!]!++;
  const sq = (F: Float32Array, r: number) => {
    let s = 0;
    for (let a = 0; a < f; a++) s += F[r * f + a]! ** 2;
    return s;
  };
  for (let u = 0; u < model.users.length; u++)
    loss += rowReg(model.params, train.indptr[u + 1]! - train.indptr[u]!, nnz / model.users.length) * sq(X, u);
  for (let i = 0; i < model.items.length; i++)
    loss += rowReg(model.params, itemN[i]!, nnz / model.items.length) * sq(Y, i);
  return loss;
}

/** Fits iALS; reports the loss per iteration through ctx.epoch. Same seed + data → same factors. */
export async function fitImplicitMF(
  train: Matrix,
  opts: Partial<ImplicitMFParams>,
  ctx: JobContext,
  reportLoss = true,
): Promise<ImplicitMFModel> {
  const params = { ...IMPLICIT_MF_DEFAULTS, ...opts };
  const f = params.factors;
  const gauss = normal(rng(params.seed));
  const nu = train.users.length;
  const ni = train.items.length;
  const userFactors = gaussianFactors(nu, f, params.initStd, gauss);
  const itemFactors = gaussianFactors(ni, f, params.initStd, gauss);
  const model: ImplicitMFModel = {
    kind: 'implicit-mf',
    users: train.users,
    items: train.items,
    factors: f,
    userFactors,
    itemFactors,
    params,
    meanUserCount: train.indices.length / Math.max(1, nu),
  };
  const byItem = transpose(train);
  let G: Float64Array | undefined; // YᵀY of the current item factors, when the loss already needed it
  for (let it = 0; it < params.iterations; it++) {
    ctx.checkCancelled();
    halfStep(userFactors, itemFactors, train, params, G);
    halfStep(itemFactors, userFactors, byItem, params);
    G = reportLoss ? gram(itemFactors, ni, f) : undefined;
    ctx.epoch(it + 1, reportLoss ? { loss: implicitLoss(model, train, G) / Math.max(1, train.indices.length) } : {});
    ctx.progress(it + 1, params.iterations, 'implicit matrix factorisation');
    await ctx.yield();
  }
  return model;
}

/** Scores of every item for a user factor vector (dot products with item factors; four items share each x load). */
export function scoreFromFactor(
  model: { factors: number; itemFactors: Float32Array },
  x: ArrayLike<number>,
  out: Float64Array,
): void {
  const f = model.factors;
  const Y = model.itemFactors;
  const n = out.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let a = 0; a < f; a++) {
      const xa = x[a] as number;
      s0 += xa * Y[o0 + a]!;
      s1 += xa * Y[o1 + a]!;
      s2 += xa * Y[o2 + a]!;
      s3 += xa * Y[o3 + a]!;
    }
    out[i] = s0;
    out[i + 1] = s1;
    out[i + 2] = s2;
    out[i + 3] = s3;
  }
  for (; i < n; i++) {
    const yo = i * f;
    let s = 0;
    for (let a = 0; a < f; a++) s += (x[a] as number) * Y[yo + a]!;
    out[i] = s;
  }
}

/**
 * Exact user solve with the item factors fixed: the factor a trained user would get from these interactions.
 * Also returns the Cholesky factor of W⁻¹ = YᵀC_uY + λI, which the explanation formula needs.
 */
export function solveUser(
  model: ImplicitMFModel,
  items: ArrayLike<number>,
  values: ArrayLike<number>,
  G?: Float64Array,
): { x: Float64Array; L: Float64Array } {
  const f = model.factors;
  const Y = model.itemFactors;
  const { alpha } = model.params;
  const reg = rowReg(model.params, items.length, model.meanUserCount);
  const A = (G ?? gram(Y, model.items.length, f)).slice();
  for (let a = 0; a < f; a++) A[a * f + a]! += reg;
  const b = new Float64Array(f);
  for (let q = 0; q < items.length; q++) {
    const yo = (items[q] as number) * f;
    const cm1 = alpha * (values[q] as number);
    for (let a = 0; a < f; a++) {
      const ya = Y[yo + a]!;
      b[a] = b[a]! + (1 + cm1) * ya;
      for (let c = 0; c <= a; c++) A[a * f + c] = A[a * f + c]! + cm1 * ya * Y[yo + c]!;
    }
  }
  if (!cholesky(A, f)) throw new Error('fold-in system is not positive definite');
  choleskySolve(A, f, b);
  return { x: b, L: A };
}
