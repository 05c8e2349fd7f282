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

/** One eigenbasis half-step's shared state: YᵀY's eigenvalues, Y in that basis, the solutions Z and row scratch. */
interface EigenStep {
  X: Float32Array;
  m: Matrix;
  p: ImplicitMFParams;
  f: number;
  lamG: Float64Array;
  meanN: number;
  /** Vᵀ, row-major: z = Vᵀ x. */
  Vt: Float64Array;
  /** Yr = Y V: the fixed vectors in the eigenbasis. */
  Yr: Float64Array;
  /** Solutions in the eigenbasis (rows × f). */
  Z: Float64Array;
  lam: Float64Array;
  r: Float64Array;
  s: Float64Array;
  d: Float64Array;
  Ad: Float64Array;
}

function eigenStep(X: Float32Array, Y: Float32Array, m: Matrix, p: ImplicitMFParams, G?: Float64Array) {
  const f = p.factors;
  const nFixed = Y.length / f;
  const nRows = m.indptr.length - 1;
  const { values: lamG, vectors: V } = symmetricEigen(G ?? gram(Y, nFixed, f), f);
  const meanN = m.indices.length / Math.max(1, nRows);
  const Vt = new Float64Array(f * f);
  for (let a = 0; a < f; a++) for (let c = 0; c < f; c++) Vt[c * f + a] = V[a * f + c]!;
  // Yr = Y V: the fixed vectors in the eigenbasis
  const Yr = new Float64Array(nFixed * f);
  rotateRows(Y, nFixed, Vt, f, Yr);
  const vec = () => new Float64Array(f);
  // solutions in the eigenbasis; rotated back in one blocked pass at the end
  const Z = new Float64Array(nRows * f);
  const step: EigenStep = { X, m, p, f, lamG, meanN, Vt, Yr, Z, lam: vec(), r: vec(), s: vec(), d: vec(), Ad: vec() };
  return { step, V, nRows };
}

/** r = b − A z in the eigenbasis: from the warm start z = Vᵀ x, or b alone when starting from zero. */
function eigenResidual(e: EigenStep, z: Float64Array, u: number, warm: boolean): void {
  const { X, m, p, f, Vt, Yr, lam, r } = e;
  const start = m.indptr[u]!;
  const end = m.indptr[u + 1]!;
  const xo = u * f;
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
}

/** Ad = (Λ + λ I + Σ (c−1) yr yrᵀ) d. */
function eigenProduct(e: EigenStep, start: number, end: number): void {
  const { m, p, f, Yr, lam, d, Ad } = e;
  for (let c = 0; c < f; c++) Ad[c] = lam[c]! * d[c]!;
  for (let q = start; q < end; q++) {
    const yo = m.indices[q]! * f;
    let yd = 0;
    for (let c = 0; c < f; c++) yd += Yr[yo + c]! * d[c]!;
    const w = p.alpha * m.values[q]! * yd;
    for (let c = 0; c < f; c++) Ad[c] = Ad[c]! + w * Yr[yo + c]!;
  }
}

/** Jacobi-preconditioned CG on row u in the eigenbasis, into Z's row. */
function solveRowEigen(e: EigenStep, u: number): void {
  const { m, p, f, lamG, Z, lam, r, s, d, Ad } = e;
  const start = m.indptr[u]!;
  const end = m.indptr[u + 1]!;
  const xo = u * f;
  const z = Z.subarray(xo, xo + f);
  const n = end - start;
  const warm = n + 1 > p.cgSteps;
  const steps = warm ? p.cgSteps : n + 1;
  const reg = rowReg(p, n, e.meanN);
  for (let c = 0; c < f; c++) lam[c] = lamG[c]! + reg;
  eigenResidual(e, z, u, warm);
  let rs = 0;
  for (let c = 0; c < f; c++) {
    s[c] = r[c]! / lam[c]!;
    d[c] = s[c]!;
    rs += r[c]! * s[c]!;
  }
  for (let step = 0; step < steps && rs > 1e-24; step++) {
    eigenProduct(e, start, end);
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
  const { step, V, nRows } = eigenStep(X, Y, m, p, G);
  for (let u = 0; u < nRows; u++) solveRowEigen(step, u);
  if (changeBasis) {
    X.set(step.Z);
    Y.set(step.Yr);
  } else {
    rotateRows(step.Z, nRows, V, p.factors, X); // x = V z
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
