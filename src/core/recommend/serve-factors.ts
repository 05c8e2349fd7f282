// Serving helpers of the factor models (MF, iALS): cached Gram / unit-length item factors, explicit-MF fold-in and
// scoring, factor-space cosine. Kept apart from serve.ts, which dispatches over every servable model.
import type { ExplicitMFModel } from './explicit-mf.ts';
import { scoreFromFactor, type ImplicitMFModel } from './ials.ts';
import { gram } from '../linalg/dense.ts';
import { solveSPD } from '../linalg/spd.ts';

// YᵀY of a model's item factors, shared by every fold-in / explanation solve on that model
const grams = new WeakMap<Float32Array, Float64Array>();
export function itemGram(m: ImplicitMFModel): Float64Array {
  let G = grams.get(m.itemFactors);
  if (!G) grams.set(m.itemFactors, (G = gram(m.itemFactors, m.items.length, m.factors)));
  return G;
}

/** Item factors scaled to unit length (cached per model): similar-items is then one dot product per item. */
const unitFactors = new WeakMap<Float32Array, Float32Array>();
export function unit(F: Float32Array, f: number): Float32Array {
  let U = unitFactors.get(F);
  if (!U) {
    U = new Float32Array(F.length);
    for (let o = 0; o < F.length; o += f) {
      let n = 0;
      for (let a = 0; a < f; a++) n += F[o + a]! ** 2;
      const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let a = 0; a < f; a++) U[o + a] = F[o + a]! * inv;
    }
    unitFactors.set(F, U);
  }
  return U;
}

/**
 * Explicit MF fold-in: ridge solve of [b_u, q_u] with μ, b_i, p_i fixed (penalty = SGD reg × n, as SGD applies it per
 * rating).
 */
export function foldExplicit(
  m: ExplicitMFModel,
  h: { items: Int32Array; values: Float32Array },
): { bias: number; q: Float64Array } {
  const f = m.factors;
  const d = f + 1;
  const A = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const z = new Float64Array(d);
  for (let q = 0; q < h.items.length; q++) {
    const i = h.items[q]!;
    z[0] = 1;
    for (let a = 0; a < f; a++) z[a + 1] = m.itemFactors[i * f + a]!;
    const t = h.values[q]! - m.mu - m.itemBias[i]!;
    for (let a = 0; a < d; a++) {
      rhs[a] = rhs[a]! + z[a]! * t;
      for (let c = 0; c < d; c++) A[a * d + c] = A[a * d + c]! + z[a]! * z[c]!;
    }
  }
  const n = Math.max(1, h.items.length);
  A[0] = A[0]! + m.params.regBias * n;
  for (let a = 1; a < d; a++) A[a * d + a] = A[a * d + a]! + m.params.regFactors * n;
  const w = solveSPD(A, d, rhs);
  return { bias: w[0]!, q: w.subarray(1) };
}

export function explicitScores(m: ExplicitMFModel, bias: number, q: ArrayLike<number>, out: Float64Array): void {
  scoreFromFactor(m, q, out);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! + m.mu + bias + m.itemBias[i]!;
}

export function cosine(F: Float32Array, f: number, i: number, j: number): number {
  let s = 0;
  let ni = 0;
  let nj = 0;
  for (let a = 0; a < f; a++) {
    const x = F[i * f + a]!;
    const y = F[j * f + a]!;
    s += x * y;
    ni += x * x;
    nj += y * y;
  }
  return ni > 0 && nj > 0 ? s / Math.sqrt(ni * nj) : 0;
}
