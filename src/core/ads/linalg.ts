// Small dense linear algebra in typed arrays (p ≤ a few hundred): Cholesky solve and inverse of SPD matrices.

/** In-place Cholesky of a row-major p×p SPD matrix (lower triangle). Adds jitter to the diagonal until it succeeds. */
export function cholesky(a: Float64Array, p: number): Float64Array {
  let jitter = 0;
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i]!));
  for (let attempt = 0; attempt < 12; attempt++) {
    const l = new Float64Array(p * p);
    let ok = true;
    for (let j = 0; j < p && ok; j++) {
      let d = a[j * p + j]! + jitter;
      for (let k = 0; k < j; k++) d -= l[j * p + k]! * l[j * p + k]!;
      if (!(d > 0)) { ok = false; break; }
      const ljj = Math.sqrt(d);
      l[j * p + j] = ljj;
      for (let i = j + 1; i < p; i++) {
        let s = a[i * p + j]!;
        for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
        l[i * p + j] = s / ljj;
      }
    }
    if (ok) return l;
    jitter = jitter === 0 ? Math.max(1e-12, maxDiag * 1e-10) : jitter * 10;
  }
  throw new Error('matrix is not positive definite even with jitter');
}

/** Solve L Lᵀ x = b. */
export function cholSolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

/** Inverse of an SPD matrix from its Cholesky factor. */
export function cholInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = cholSolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i]!;
  }
  return inv;
}

/** Solve (A) x = b for a symmetric positive (semi)definite A. */
export function solveSpd(a: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  return cholSolve(cholesky(a, p), p, b);
}
