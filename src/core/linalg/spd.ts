// Small dense SPD linear algebra in typed arrays (row-major f×f): Cholesky factor, solves, inverse.
// Shared by the recommenders (ALS solves) and the ads models (IRLS, curve fitting).

/**
 * In-place Cholesky factorisation A = L Lᵀ of an SPD f×f matrix (lower triangle holds L).
 * Returns false when A is not positive definite.
 */
export function cholesky(A: Float64Array, f: number): boolean {
  for (let j = 0; j < f; j++) {
    const jj = j * f;
    let d = A[jj + j]!;
    for (let k = 0; k < j; k++) d -= A[jj + k]! * A[jj + k]!;
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    A[jj + j] = l;
    for (let i = j + 1; i < f; i++) {
      const ii = i * f;
      let s = A[ii + j]!;
      for (let k = 0; k < j; k++) s -= A[ii + k]! * A[jj + k]!;
      A[ii + j] = s / l;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place in `b`, with L from `cholesky`. */
export function choleskySolve(L: Float64Array, f: number, b: Float64Array): void {
  for (let i = 0; i < f; i++) {
    let s = b[i]!;
    const ii = i * f;
    for (let k = 0; k < i; k++) s -= L[ii + k]! * b[k]!;
    b[i] = s / L[ii + i]!;
  }
  for (let i = f - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < f; k++) s -= L[k * f + i]! * b[k]!;
    b[i] = s / L[i * f + i]!;
  }
}

/** Solves A x = b for SPD A (copied, not modified); throws if A is not positive definite. */
export function solveSPD(A: Float64Array, f: number, b: ArrayLike<number>): Float64Array {
  const L = A.slice();
  if (!cholesky(L, f)) throw new Error('linear system is not positive definite (increase the regularisation)');
  const x = Float64Array.from(b);
  choleskySolve(L, f, x);
  return x;
}

/** Cholesky factor of a copy of `a`; when `a` is only semi-definite, adds growing diagonal jitter until it factors. */
export function choleskyJittered(a: Float64Array, f: number): Float64Array {
  let maxDiag = 0;
  for (let i = 0; i < f; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * f + i]!));
  let jitter = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const L = a.slice();
    for (let i = 0; i < f; i++) L[i * f + i] = L[i * f + i]! + jitter;
    if (cholesky(L, f)) return L;
    jitter = jitter === 0 ? Math.max(1e-12, maxDiag * 1e-10) : jitter * 10;
  }
  throw new Error('matrix is not positive definite even with jitter');
}

/** x = A⁻¹ b from the factor L of A (b is not modified). */
export function choleskySolveCopy(L: Float64Array, f: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  choleskySolve(L, f, x);
  return x;
}

/** A⁻¹ from the factor L of A. */
export function choleskyInverse(L: Float64Array, f: number): Float64Array {
  const inv = new Float64Array(f * f);
  const e = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolve(L, f, e);
    for (let i = 0; i < f; i++) inv[i * f + j] = e[i]!;
  }
  return inv;
}

/** Solves A x = b for a symmetric positive semi-definite A (jittered when singular). */
export function solveSPDJittered(a: Float64Array, f: number, b: ArrayLike<number>): Float64Array {
  return choleskySolveCopy(choleskyJittered(a, f), f, b);
}
