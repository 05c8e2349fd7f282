// Row solvers for one ALS half-step of weighted MF: every row of X against fixed Y, for
// (YᵀY + λI + Σ_k w_k y_k y_kᵀ) x = Σ_k c_k y_k with w = α·x_k and c = 1 + w.
// Three engines, chosen by cost: exact Cholesky (cgSteps = 0); plain warm-started CG (f² per step per row);
// and CG in the eigenbasis of YᵀY + λI, where that shared part is diagonal, so a step costs O(f + f·n_r) and the
// diagonal is an exact preconditioner for it: a row with n_r < steps is solved exactly from zero (identity plus
// rank n_r), and only the f² rotation back remains per row. The eigen engine wins when there are many rows and
// few fixed vectors (the item step of a 600-user matrix), plain CG when the fixed side is the big one.
import type { Matrix } from './interactions.ts';
import { gram, rotateRows, symmetricEigen } from '../linalg/dense.ts';
import { cholesky, choleskySolve } from '../linalg/spd.ts';

export interface ImplicitMFParams {
  factors: number;
  reg: number;
  alpha: number;
  iterations: number;
  /** Conjugate-gradient steps per row and half-iteration; 0 = exact Cholesky solves. */
  cgSteps: number;
  initStd: number;
  /** ν of the frequency-scaled regularisation λ·((n+1)/(n̄+1))^ν; 0 = the same λ for every row. */
  regExponent: number;
  seed: number;
}

/**
 * λ for a row with n interactions: λ·((n + 1)/(n̄ + 1))^ν. ν = 0 is plain Hu et al.; ν > 0 is the frequency-scaled
 * regularisation of Rendle et al. 2022 ("Revisiting the performance of iALS"), normalised by the mean count n̄ so λ keeps its scale.
 */
export function rowReg(p: ImplicitMFParams, n: number, meanN: number): number {
  return p.regExponent === 0 ? p.reg : p.reg * ((n + 1) / (meanN + 1)) ** p.regExponent;
}

/** Plain warm-started CG (or exact Cholesky when cgSteps = 0); `m` rows index X, its indices index Y rows. */
export function halfStepCG(X: Float32Array, Y: Float32Array, m: Matrix, p: ImplicitMFParams, G?: Float64Array): void {
  const f = p.factors;
  const nRows = m.indptr.length - 1;
  const A0 = G ?? gram(Y, Y.length / f, f); // the row's λ is added per row (it may scale with the row's count)
  const meanN = m.indices.length / Math.max(1, nRows);
  const x = new Float64Array(f);
  const r = new Float64Array(f);
  const d = new Float64Array(f);
  const Ad = new Float64Array(f);
  const A = p.cgSteps === 0 ? new Float64Array(f * f) : null;
  for (let u = 0; u < nRows; u++) {
    const start = m.indptr[u]!;
    const end = m.indptr[u + 1]!;
    const xo = u * f;
    const reg = rowReg(p, end - start, meanN);
    if (A) {
      // exact: A = A0 + λ_r I + Σ (c−1) y yᵀ, b = Σ c y
      A.set(A0);
      for (let a = 0; a < f; a++) A[a * f + a] = A[a * f + a]! + reg;
      r.fill(0);
      for (let q = start; q < end; q++) {
        const yo = m.indices[q]! * f;
        const cm1 = p.alpha * m.values[q]!;
        for (let a = 0; a < f; a++) {
          const ya = Y[yo + a]!;
          r[a] = r[a]! + (1 + cm1) * ya;
          const w = cm1 * ya;
          const ao = a * f;
          for (let b = 0; b <= a; b++) A[ao + b] = A[ao + b]! + w * Y[yo + b]!;
        }
      }
      cholesky(A, f);
      choleskySolve(A, f, r);
      for (let a = 0; a < f; a++) X[xo + a] = r[a]!;
      continue;
    }
    for (let a = 0; a < f; a++) x[a] = X[xo + a]!;
    // r = b − A x with A x = A0 x + Σ (c−1)(y·x) y and b = Σ c y
    for (let a = 0; a < f; a++) {
      let s = 0;
      const ao = a * f;
      for (let b = 0; b < f; b++) s -= A0[ao + b]! * x[b]!;
      r[a] = s - reg * x[a]!;
    }
    for (let q = start; q < end; q++) {
      const yo = m.indices[q]! * f;
      const cm1 = p.alpha * m.values[q]!;
      let yx = 0;
      for (let a = 0; a < f; a++) yx += Y[yo + a]! * x[a]!;
      const w = 1 + cm1 - cm1 * yx;
      for (let a = 0; a < f; a++) r[a] = r[a]! + w * Y[yo + a]!;
    }
    let rs = 0;
    for (let a = 0; a < f; a++) {
      d[a] = r[a]!;
      rs += r[a]! * r[a]!;
    }
    for (let step = 0; step < p.cgSteps && rs > 1e-20; step++) {
      for (let a = 0; a < f; a++) {
        let s = 0;
        const ao = a * f;
        for (let b = 0; b < f; b++) s += A0[ao + b]! * d[b]!;
        Ad[a] = s + reg * d[a]!;
      }
      for (let q = start; q < end; q++) {
        const yo = m.indices[q]! * f;
        const cm1 = p.alpha * m.values[q]!;
        let yd = 0;
        for (let a = 0; a < f; a++) yd += Y[yo + a]! * d[a]!;
        const w = cm1 * yd;
        for (let a = 0; a < f; a++) Ad[a] = Ad[a]! + w * Y[yo + a]!;
      }
      let dAd = 0;
      for (let a = 0; a < f; a++) dAd += d[a]! * Ad[a]!;
      const step_ = rs / dAd;
      let rsNew = 0;
      for (let a = 0; a < f; a++) {
        x[a] = x[a]! + step_ * d[a]!;
        r[a] = r[a]! - step_ * Ad[a]!;
        rsNew += r[a]! * r[a]!;
      }
      const beta = rsNew / rs;
      for (let a = 0; a < f; a++) d[a] = r[a]! + beta * d[a]!;
      rs = rsNew;
    }
    for (let a = 0; a < f; a++) X[xo + a] = x[a]!;
  }
}

/**
 * Jacobi-preconditioned CG in the eigenbasis of YᵀY (exact from zero for rows with n + 1 ≤ cgSteps).
 * With `changeBasis`, the solutions stay in that basis and Y is rotated into it too (Y ← Y V): an orthogonal change of
 * basis leaves every score x·y, norm and loss unchanged and saves rotating every row of X back (f² per row).
 */
export function halfStepEigen(
  X: Float32Array,
  Y: Float32Array,
  m: Matrix,
  p: ImplicitMFParams,
  G?: Float64Array,
  changeBasis = false,
): void {
  const f = p.factors;
  const nFixed = Y.length / f;
  const nRows = m.indptr.length - 1;
  const { values: lamG, vectors: V } = symmetricEigen(G ?? gram(Y, nFixed, f), f);
  const lam = new Float64Array(f);
  const meanN = m.indices.length / Math.max(1, nRows);
  const Vt = new Float64Array(f * f);
  for (let a = 0; a < f; a++) for (let c = 0; c < f; c++) Vt[c * f + a] = V[a * f + c]!;
  // Yr = Y V: the fixed vectors in the eigenbasis
  const Yr = new Float64Array(nFixed * f);
  rotateRows(Y, nFixed, Vt, f, Yr);
  // solutions in the eigenbasis; rotated back in one blocked pass at the end
  const Z = new Float64Array(nRows * f);
  const r = new Float64Array(f);
  const s = new Float64Array(f);
  const d = new Float64Array(f);
  const Ad = new Float64Array(f);
  for (let u = 0; u < nRows; u++) {
    const start = m.indptr[u]!;
    const end = m.indptr[u + 1]!;
    const xo = u * f;
    const z = Z.subarray(xo, xo + f);
    const n = end - start;
    const warm = n + 1 > p.cgSteps;
    const steps = warm ? p.cgSteps : n + 1;
    const reg = rowReg(p, n, meanN);
    for (let c = 0; c < f; c++) lam[c] = lamG[c]! + reg;
    if (warm) {
      for (let c = 0; c < f; c++) {
        let t = 0;
        const vc = c * f;
        for (let a = 0; a < f; a++) t += Vt[vc + a]! * X[xo + a]!;
        z[c] = t;
        r[c] = -lam[c]! * t;
      }
    } else {
      r.fill(0);
    }
    for (let q = start; q < end; q++) {
      const yo = m.indices[q]! * f;
      const w = p.alpha * m.values[q]!;
      let yz = 0;
      if (warm) for (let c = 0; c < f; c++) yz += Yr[yo + c]! * z[c]!;
      const k = 1 + w - w * yz;
      for (let c = 0; c < f; c++) r[c] = r[c]! + k * Yr[yo + c]!;
    }
    let rs = 0;
    for (let c = 0; c < f; c++) {
      s[c] = r[c]! / lam[c]!;
      d[c] = s[c]!;
      rs += r[c]! * s[c]!;
    }
    for (let step = 0; step < steps && rs > 1e-24; step++) {
      for (let c = 0; c < f; c++) Ad[c] = lam[c]! * d[c]!;
      for (let q = start; q < end; q++) {
        const yo = m.indices[q]! * f;
        let yd = 0;
        for (let c = 0; c < f; c++) yd += Yr[yo + c]! * d[c]!;
        const w = p.alpha * m.values[q]! * yd;
        for (let c = 0; c < f; c++) Ad[c] = Ad[c]! + w * Yr[yo + c]!;
      }
      let dAd = 0;
      for (let c = 0; c < f; c++) dAd += d[c]! * Ad[c]!;
      const a = rs / dAd;
      let rsNew = 0;
      for (let c = 0; c < f; c++) {
        z[c] = z[c]! + a * d[c]!;
        r[c] = r[c]! - a * Ad[c]!;
        s[c] = r[c]! / lam[c]!;
        rsNew += r[c]! * s[c]!;
      }
      const beta = rsNew / rs;
      for (let c = 0; c < f; c++) d[c] = s[c]! + beta * d[c]!;
      rs = rsNew;
    }
  }
  if (changeBasis) {
    X.set(Z);
    Y.set(Yr);
  } else {
    rotateRows(Z, nRows, V, f, X); // x = V z
  }
}

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
