// Test helper: planted non-linear binary data (XOR, a categorical subset, informative missingness) with its truth.
import { normal, rng } from '../../../src/core/random.ts';

export interface Planted {
  X: Float64Array;
  n: number;
  d: number;
  y: Float64Array;
  /** The true P(y = 1) of each row: its AUC is the Bayes AUC. */
  p: Float64Array;
  categorical: boolean[];
  names: string[];
}

/** Codes of x3 (0 … 7) that raise the odds. */
export const PLANTED_SUBSET = [1, 4, 6];

/**
 * d = 6: x1, x2 ~ U(−1, 1) act only through 1[x1 > 0.3] XOR 1[x2 > 0]; x3 is categorical (codes 0 … 7, the planted
 * subset raises the odds); x4 ~ N(0, 1) is missing for 20 % of rows and its missingness (not its value) raises the
 * odds; x5, x6 are noise. logit = ±2.2 (XOR) ± 1.2 (subset) + 1.4 (missing) − 0.6.
 */
export function planted(n: number, seed: number): Planted {
  const d = 6;
  const rand = rng(seed);
  const gauss = normal(rand);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  const subset = new Set(PLANTED_SUBSET);
  for (let i = 0; i < n; i++) {
    const x1 = 2 * rand() - 1;
    const x2 = 2 * rand() - 1;
    const x3 = Math.floor(rand() * 8);
    const missing = rand() < 0.2;
    const x4 = missing ? NaN : gauss();
    const xor = x1 > 0.3 !== x2 > 0;
    const z = (xor ? 2.2 : -2.2) + (subset.has(x3) ? 1.2 : -1.2) + (missing ? 1.4 : 0) - 0.6;
    p[i] = 1 / (1 + Math.exp(-z));
    y[i] = rand() < p[i]! ? 1 : 0;
    X.set([x1, x2, x3, x4, gauss(), rand()], i * d);
  }
  return {
    X,
    n,
    d,
    y,
    p,
    categorical: [false, false, true, false, false, false],
    names: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'],
  };
}

/** Rows [from, to) of a planted set as its own matrix. */
export function slice(s: Planted, from: number, to: number): Planted {
  return {
    ...s,
    X: s.X.slice(from * s.d, to * s.d),
    n: to - from,
    y: s.y.slice(from, to),
    p: s.p.slice(from, to),
  };
}

/** Row-major Float32 copy for the logistic baseline: NaN → 0 plus a missing indicator, the code one-hot. */
export function linearDesign(s: Planted): { x: Float32Array; p: number } {
  const p = 2 + 8 + 2 + 2;
  const x = new Float32Array(s.n * p);
  for (let i = 0; i < s.n; i++) {
    const r = s.X.subarray(i * s.d, i * s.d + s.d);
    const v4 = r[3]!;
    const row = [r[0]!, r[1]!, ...Array.from({ length: 8 }, (_, c) => (r[2] === c ? 1 : 0))];
    row.push(v4 === v4 ? v4 : 0, v4 === v4 ? 0 : 1, r[4]!, r[5]!);
    x.set(row, i * p);
  }
  return { x, p };
}
