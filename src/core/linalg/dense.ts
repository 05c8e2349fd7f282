// Small dense linear algebra over typed arrays for the factor models: Gram matrices and SPD solves.
// The systems are f×f (f ≈ 64), solved once per user/item: per-call TF.js overhead would dwarf the maths.

/**
 * G = Yᵀ Y for Y (rows × f, row-major); returns f×f row-major.
 * Y is transposed first so each entry is a contiguous dot product (register accumulation: ~2× the row-update form).
 */
export function gram(Y: ArrayLike<number>, rows: number, f: number): Float64Array {
  const T = new Float64Array(rows * f);
  for (let r = 0; r < rows; r++) for (let a = 0; a < f; a++) T[a * rows + r] = Y[r * f + a] as number;
  const G = new Float64Array(f * f);
  for (let a = 0; a < f; a++) {
    const oa = a * rows;
    let b = a;
    for (; b + 1 < f; b += 2) {
      const ob = b * rows;
      const ob2 = ob + rows;
      let s = 0;
      let s2 = 0;
      for (let r = 0; r < rows; r++) {
        const x = T[oa + r]!;
        s += x * T[ob + r]!;
        s2 += x * T[ob2 + r]!;
      }
      G[a * f + b] = s;
      G[b * f + a] = s;
      G[a * f + b + 1] = s2;
      G[(b + 1) * f + a] = s2;
    }
    if (b < f) {
      const ob = b * rows;
      let s = 0;
      for (let r = 0; r < rows; r++) s += T[oa + r]! * T[ob + r]!;
      G[a * f + b] = s;
      G[b * f + a] = s;
    }
  }
  return G;
}

/** C = A · Bᵀ for A (rows × f) and B (f × f), both row-major: rotates every row of A; four rows share each B load. */
export function rotateRows(
  A: ArrayLike<number>,
  rows: number,
  B: Float64Array,
  f: number,
  C: Float64Array | Float32Array,
): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const o0 = r * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    for (let a = 0; a < f; a++) {
      const ba = a * f;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let c = 0; c < f; c++) {
        const w = B[ba + c]!;
        s0 += w * (A[o0 + c] as number);
        s1 += w * (A[o1 + c] as number);
        s2 += w * (A[o2 + c] as number);
        s3 += w * (A[o3 + c] as number);
      }
      C[o0 + a] = s0;
      C[o1 + a] = s1;
      C[o2 + a] = s2;
      C[o3 + a] = s3;
    }
  }
  for (; r < rows; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      let s = 0;
      for (let c = 0; c < f; c++) s += B[a * f + c]! * (A[o + c] as number);
      C[o + a] = s;
    }
  }
}

/**
 * Eigen-decomposition of a symmetric f×f matrix by cyclic Jacobi rotations.
 * Returns eigenvalues and V (row-major, column c = eigenvector c) with A = V diag(values) Vᵀ.
 */
export function symmetricEigen(Ain: Float64Array, f: number): { values: Float64Array; vectors: Float64Array } {
  const A = Ain.slice();
  const V = new Float64Array(f * f);
  for (let a = 0; a < f; a++) V[a * f + a] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < f; p++) {
      diag += A[p * f + p]! ** 2;
      for (let q = p + 1; q < f; q++) off += A[p * f + q]! ** 2;
    }
    if (off <= 1e-22 * diag || off === 0) break;
    for (let p = 0; p < f - 1; p++) {
      for (let q = p + 1; q < f; q++) {
        const apq = A[p * f + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = A[p * f + p]!;
        const aqq = A[q * f + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < f; k++) {
          // columns p, q of A
          const akp = A[k * f + p]!;
          const akq = A[k * f + q]!;
          A[k * f + p] = c * akp - s * akq;
          A[k * f + q] = s * akp + c * akq;
        }
        for (let k = 0; k < f; k++) {
          // rows p, q of A
          const apk = A[p * f + k]!;
          const aqk = A[q * f + k]!;
          A[p * f + k] = c * apk - s * aqk;
          A[q * f + k] = s * apk + c * aqk;
          const vkp = V[k * f + p]!;
          const vkq = V[k * f + q]!;
          V[k * f + p] = c * vkp - s * vkq;
          V[k * f + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(f);
  for (let a = 0; a < f; a++) values[a] = A[a * f + a]!;
  return { values, vectors: V };
}
