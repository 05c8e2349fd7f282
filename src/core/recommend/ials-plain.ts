// The plain iALS row engines: exact Cholesky solves (cgSteps = 0) or warm-started CG at f² per step per row.
import type { Matrix } from './interactions.ts';
import { gram } from '../linalg/dense.ts';
import { cholesky, choleskySolve } from '../linalg/spd.ts';
import { rowReg, type ImplicitMFParams } from './ials-params.ts';

/** One plain half-step's shared state: the matrices, YᵀY (without λ) and scratch reused by every row. */
interface PlainStep {
  X: Float32Array;
  Y: Float32Array;
  m: Matrix;
  p: ImplicitMFParams;
  f: number;
  A0: Float64Array;
  x: Float64Array;
  r: Float64Array;
  d: Float64Array;
  Ad: Float64Array;
}

/** Exact row solve: A = A0 + λ_r I + Σ (c−1) y yᵀ, b = Σ c y, by Cholesky (A is f² scratch). */
function solveRowExact(s: PlainStep, A: Float64Array, u: number, reg: number): void {
  const { X, Y, m, p, f, A0, r } = s;
  const start = m.indptr[u]!;
  const end = m.indptr[u + 1]!;
  const xo = u * f;
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
}

/** r = b − A x for the row's current x, with A x = A0 x + λ x + Σ (c−1)(y·x) y and b = Σ c y. */
function plainResidual(s: PlainStep, start: number, end: number, reg: number): void {
  const { Y, m, p, f, A0, x, r } = s;
  for (let a = 0; a < f; a++) {
    let t = 0;
    const ao = a * f;
    for (let b = 0; b < f; b++) t -= A0[ao + b]! * x[b]!;
    r[a] = t - reg * x[a]!;
  }
  for (let q = start; q < end; q++) {
    const yo = m.indices[q]! * f;
    const cm1 = p.alpha * m.values[q]!;
    let yx = 0;
    for (let a = 0; a < f; a++) yx += Y[yo + a]! * x[a]!;
    const w = 1 + cm1 - cm1 * yx;
    for (let a = 0; a < f; a++) r[a] = r[a]! + w * Y[yo + a]!;
  }
}

/** Ad = (A0 + λ I + Σ (c−1) y yᵀ) d. */
function plainProduct(s: PlainStep, start: number, end: number, reg: number): void {
  const { Y, m, p, f, A0, d, Ad } = s;
  for (let a = 0; a < f; a++) {
    let t = 0;
    const ao = a * f;
    for (let b = 0; b < f; b++) t += A0[ao + b]! * d[b]!;
    Ad[a] = t + reg * d[a]!;
  }
  for (let q = start; q < end; q++) {
    const yo = m.indices[q]! * f;
    const cm1 = p.alpha * m.values[q]!;
    let yd = 0;
    for (let a = 0; a < f; a++) yd += Y[yo + a]! * d[a]!;
    const w = cm1 * yd;
    for (let a = 0; a < f; a++) Ad[a] = Ad[a]! + w * Y[yo + a]!;
  }
}

/** cgSteps warm-started CG steps on row u, from its current x in X. */
function solveRowCG(s: PlainStep, u: number, reg: number): void {
  const { X, m, p, f, x, r, d, Ad } = s;
  const start = m.indptr[u]!;
  const end = m.indptr[u + 1]!;
  const xo = u * f;
  for (let a = 0; a < f; a++) x[a] = X[xo + a]!;
  plainResidual(s, start, end, reg);
  let rs = 0;
  for (let a = 0; a < f; a++) {
    d[a] = r[a]!;
    rs += r[a]! * r[a]!;
  }
  for (let step = 0; step < p.cgSteps && rs > 1e-20; step++) {
    plainProduct(s, start, end, reg);
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

/** Plain warm-started CG (or exact Cholesky when cgSteps = 0); `m` rows index X, its indices index Y rows. */
export function halfStepCG(X: Float32Array, Y: Float32Array, m: Matrix, p: ImplicitMFParams, G?: Float64Array): void {
  const f = p.factors;
  const nRows = m.indptr.length - 1;
  const A0 = G ?? gram(Y, Y.length / f, f); // the row's λ is added per row (it may scale with the row's count)
  const meanN = m.indices.length / Math.max(1, nRows);
  const s: PlainStep = {
    X,
    Y,
    m,
    p,
    f,
    A0,
    x: new Float64Array(f),
    r: new Float64Array(f),
    d: new Float64Array(f),
    Ad: new Float64Array(f),
  };
  const A = p.cgSteps === 0 ? new Float64Array(f * f) : null;
  for (let u = 0; u < nRows; u++) {
    const reg = rowReg(p, m.indptr[u + 1]! - m.indptr[u]!, meanN);
    if (A) solveRowExact(s, A, u, reg);
    else solveRowCG(s, u, reg);
  }
}
