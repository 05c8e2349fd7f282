// The eigenbasis iALS row engine: CG in the eigenbasis of YᵀY + λI, where the shared part is diagonal and an exact
// preconditioner, so a step costs O(f + f·n_r) and a row with n_r < steps is solved exactly from zero.
import type { Matrix } from './interactions.ts';
import { gram, rotateRows, symmetricEigen } from '../linalg/dense.ts';
import { rowReg, type ImplicitMFParams } from './ials-params.ts';

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
