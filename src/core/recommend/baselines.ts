// Rating baselines: the global mean, and user/item biases fitted by alternating least squares
// (as Surprise BaselineOnly: b_i = Σ(r − μ − b_u)/(reg_i + n_i), b_u = Σ(r − μ − b_i)/(reg_u + n_u)).
import { transpose, type Matrix } from './interactions.ts';

/** μ + b_u + b_i as plain data; an unknown user/item (−1) contributes no bias. */
export interface BiasModel {
  kind: 'biases';
  users: string[];
  items: string[];
  mu: number;
  userBias: Float32Array;
  itemBias: Float32Array;
  ratingMin: number;
  ratingMax: number;
}

export function globalMean(m: Matrix): number {
  let s = 0;
  for (const v of m.values) s += v;
  return m.values.length ? s / m.values.length : 0;
}

/** User-bias ridge penalty (also used to fold a new customer's ratings into a bias). */
export const DEFAULT_REG_USER = 15;

export function fitBiases(m: Matrix, opts: { regUser?: number; regItem?: number; epochs?: number } = {}): BiasModel {
  const regU = opts.regUser ?? DEFAULT_REG_USER;
  const regI = opts.regItem ?? 10;
  const epochs = opts.epochs ?? 10;
  const mu = globalMean(m);
  const t = transpose(m);
  const nu = m.users.length;
  const ni = m.items.length;
  const bu = new Float32Array(nu);
  const bi = new Float32Array(ni);
  for (let e = 0; e < epochs; e++) {
    for (let i = 0; i < ni; i++) {
      let dev = 0;
      for (let p = t.indptr[i]!; p < t.indptr[i + 1]!; p++) dev += t.values[p]! - mu - bu[t.indices[p]!]!;
      bi[i] = dev / (regI + t.indptr[i + 1]! - t.indptr[i]!);
    }
    for (let u = 0; u < nu; u++) {
      let dev = 0;
      for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) dev += m.values[p]! - mu - bi[m.indices[p]!]!;
      bu[u] = dev / (regU + m.indptr[u + 1]! - m.indptr[u]!);
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of m.values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return {
    kind: 'biases',
    users: m.users,
    items: m.items,
    mu,
    userBias: bu,
    itemBias: bi,
    ratingMin: lo,
    ratingMax: hi,
  };
}

/** Unclipped baseline b_ui (used to centre ratings for the kNN models). */
export function baseline(b: BiasModel, u: number, i: number): number {
  return b.mu + (u >= 0 ? b.userBias[u]! : 0) + (i >= 0 ? b.itemBias[i]! : 0);
}

export function predictBiases(b: BiasModel, u: number, i: number): number {
  const r = baseline(b, u, i);
  return r < b.ratingMin ? b.ratingMin : r > b.ratingMax ? b.ratingMax : r;
}
