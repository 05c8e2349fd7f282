// Variable-projection fit of the MMM: for given nonlinear parameters (decay and saturation per channel) the model
// is linear in (base terms, β_c ≥ 0), solved by least squares with an active set for the β ≥ 0 bounds; the profiled
// SSE is minimised over the nonlinear parameters (each mapped smoothly from ℝ onto its range) by a grid sweep +
// Nelder–Mead, polished by Levenberg–Marquardt.
import { cholesky, choleskySolve, solveSPDJittered } from '../../linalg/spd.ts';
import { convolve } from './adstock.ts';
import { saturateSeries, type SaturationKind } from './saturation.ts';
import { gridSweep, levenberg, nelderMead } from './optim.ts';

export interface MmmProblem {
  /** Outcome per period divided by its largest absolute value. */
  y: Float64Array;
  base: Float64Array[];
  /** Spend per channel divided by its maximum (0 … 1). */
  s: Float64Array[];
  kind: SaturationKind;
  lMax: number;
}

export interface Solved {
  sse: number;
  /** Base coefficients, then β per channel (0 when held at the bound). */
  coef: Float64Array;
  /** Saturated adstocked spend per channel (the β multipliers' columns). */
  feats: Float64Array[];
  fitted: Float64Array;
}

export interface ChannelParams {
  decay: number;
  /** logistic: [λ]; hill: [K, n] (K on the max-scaled spend). */
  sat: number[];
}

/** Parameter ranges: decay, logistic λ, Hill K and n (each mapped smoothly from ℝ: no flat clamped regions). */
const RANGE = { decay: [1e-3, 0.97], lam: [0.05, 50], k: [0.02, 5], n: [0.5, 5] } as const;
type RangeName = keyof typeof RANGE;

export function perChannel(kind: SaturationKind): number {
  return kind === 'logistic' ? 2 : 3;
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));

/** ℝ → the range: linear in the decay, logarithmic in the saturation parameters. */
function fromReal(name: RangeName, u: number): number {
  const [lo, hi] = RANGE[name];
  if (name === 'decay') return lo + (hi - lo) * sigmoid(u);
  return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * sigmoid(u));
}

/** The inverse of fromReal (for starting points). */
export function toReal(name: RangeName, v: number): number {
  const [lo, hi] = RANGE[name];
  if (name === 'decay') return logit((v - lo) / (hi - lo));
  return logit((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)));
}

/** Unconstrained θ → the channel's decay and saturation parameters (bounded, so every θ is valid). */
export function decode(kind: SaturationKind, theta: ArrayLike<number>, c: number): ChannelParams {
  const o = c * perChannel(kind);
  const decay = fromReal('decay', theta[o]!);
  if (kind === 'logistic') return { decay, sat: [fromReal('lam', theta[o + 1]!)] };
  return { decay, sat: [fromReal('k', theta[o + 1]!), fromReal('n', theta[o + 2]!)] };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Gram matrix of the base terms (fixed across evaluations). */
export function baseGram(base: Float64Array[]): Float64Array {
  const q = base.length;
  const g = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = i; j < q; j++) g[i * q + j] = g[j * q + i] = dot(base[i]!, base[j]!);
  return g;
}

export interface Profiler {
  /** The profiled SSE at θ (the optimiser's objective; allocation-free). */
  sse(theta: ArrayLike<number>): number;
  /** The profiled residuals y − ŷ(θ) into `out` (Levenberg–Marquardt's residual vector). */
  residual(theta: ArrayLike<number>, out: Float64Array): void;
  /** The profiled fit at θ: best linear coefficients, SSE, features and fitted values. */
  solve(theta: ArrayLike<number>): Solved;
}

/**
 * The profiled objective for one outcome series. Cross products of the base terms with y are computed once; per θ
 * only the channel columns change, so an evaluation is C adstock convolutions plus C·(q + C + 1) dot products and
 * one small Cholesky solve. The β ≥ 0 bounds: channels whose β would be negative are dropped one by one (active set).
 */
export function profiler(pr: MmmProblem, bg: Float64Array, y: Float64Array): Profiler {
  const n = y.length;
  const q = pr.base.length;
  const C = pr.s.length;
  const P = q + C;
  const feats = pr.s.map(() => new Float64Array(n));
  const cross = new Float64Array(P * P);
  const rhs = new Float64Array(P);
  pr.base.forEach((col, j) => (rhs[j] = dot(col, y)));
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) cross[i * P + j] = bg[i * q + j]!;
  const yty = dot(y, y);
  const ne: Normal = {
    q,
    P,
    cross,
    rhs,
    yty,
    a: new Float64Array(P * P),
    sol: new Float64Array(P),
    idx: new Int32Array(P),
  };
  const coef = new Float64Array(P);
  const solveCoef = () => activeSetSolve(ne, coef);
  const weights = new Float64Array(pr.lMax);

  function features(theta: ArrayLike<number>): void {
    for (let c = 0; c < C; c++) {
      const p = decode(pr.kind, theta, c);
      let w = 1;
      let sum = 0;
      for (let l = 0; l < pr.lMax; l++, w *= p.decay) sum += weights[l] = w;
      for (let l = 0; l < pr.lMax; l++) weights[l] = weights[l]! / sum;
      saturateSeries(pr.kind, convolve(pr.s[c]!, weights, feats[c]!), p.sat, feats[c]!);
      const f = feats[c]!;
      for (let j = 0; j < q; j++) cross[(q + c) * P + j] = cross[j * P + q + c] = dot(f, pr.base[j]!);
      for (let d = 0; d <= c; d++) cross[(q + c) * P + q + d] = cross[(q + d) * P + q + c] = dot(f, feats[d]!);
      rhs[q + c] = dot(f, y);
    }
  }

  const cols = [...pr.base, ...feats];
  function fittedInto(out: Float64Array): Float64Array {
    out.fill(0);
    cols.forEach((col, j) => {
      const b = coef[j]!;
      if (b !== 0) for (let t = 0; t < n; t++) out[t]! += b * col[t]!;
    });
    return out;
  }

  return {
    sse(theta) {
      features(theta);
      return solveCoef();
    },
    residual(theta, out) {
      features(theta);
      solveCoef();
      fittedInto(out);
      for (let t = 0; t < n; t++) out[t] = y[t]! - out[t]!;
    },
    solve(theta) {
      features(theta);
      solveCoef();
      const fitted = fittedInto(new Float64Array(n));
      let sse = 0;
      for (let t = 0; t < n; t++) sse += (y[t]! - fitted[t]!) ** 2;
      return { sse, coef: coef.slice(), feats: feats.map((f) => f.slice()), fitted };
    },
  };
}

/** Normal equations of the full design (base terms then channels) and the solver's scratch space. */
interface Normal {
  q: number;
  P: number;
  cross: Float64Array;
  rhs: Float64Array;
  yty: number;
  a: Float64Array;
  sol: Float64Array;
  idx: Int32Array;
}

/** Solves on base ∪ active channels into `coef`; returns the SSE (yᵀy − coefᵀXᵀy at the least-squares fit). */
function activeSetSolve(ne: Normal, coef: Float64Array): number {
  const { q, P, cross, rhs, a, sol, idx } = ne;
  let m = P;
  for (let i = 0; i < P; i++) idx[i] = i;
  for (;;) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= i; j++) a[i * m + j] = cross[idx[i]! * P + idx[j]!]!;
      a[i * m + i] = a[i * m + i]! * (1 + 1e-10) + 1e-12;
      sol[i] = rhs[idx[i]!]!;
    }
    const v = sol.subarray(0, m);
    if (cholesky(a, m)) choleskySolve(a, m, v);
    else v.set(solveSPDJittered(subMatrix(cross, P, idx, m), m, v));
    let worst = -1;
    for (let k = q; k < m; k++) if (v[k]! < 0 && (worst < 0 || v[k]! < v[worst]!)) worst = k;
    if (worst < 0) break;
    for (let k = worst; k < m - 1; k++) idx[k] = idx[k + 1]!;
    m--;
  }
  coef.fill(0);
  let fit = 0;
  for (let i = 0; i < m; i++) {
    coef[idx[i]!] = sol[i]!;
    fit += sol[i]! * rhs[idx[i]!]!;
  }
  return Math.max(0, ne.yty - fit);
}

/** Rows/columns idx[0..m) of the P×P matrix `a` (the fallback when the fast in-place Cholesky fails). */
function subMatrix(a: Float64Array, P: number, idx: Int32Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = a[idx[i]! * P + idx[j]!]!;
  return out;
}

/** Start grid per channel: decay × saturation. */
function startGrid(kind: SaturationKind, C: number): number[][][] {
  const k = perChannel(kind);
  const decays = [0.05, 0.2, 0.4, 0.6, 0.8].map((v) => toReal('decay', v));
  return Array.from({ length: C }, (_, c) => {
    const o = c * k;
    if (kind === 'logistic')
      return [
        [o, ...decays],
        [o + 1, ...[0.5, 1, 2, 4, 8].map((v) => toReal('lam', v))],
      ];
    return [
      [o, ...decays],
      [o + 1, ...[0.2, 0.5, 1].map((v) => toReal('k', v))],
      [o + 2, toReal('n', 1), toReal('n', 2)],
    ];
  });
}

export function initialTheta(kind: SaturationKind, C: number): Float64Array {
  const k = perChannel(kind);
  const th = new Float64Array(C * k);
  for (let c = 0; c < C; c++) {
    th[c * k] = toReal('decay', 0.3);
    th[c * k + 1] = kind === 'logistic' ? toReal('lam', 2) : toReal('k', 0.5);
    if (kind === 'hill') th[c * k + 2] = toReal('n', 1);
  }
  return th;
}

export interface FitSettings {
  /** Start here (bootstrap refits: Levenberg–Marquardt only) instead of the grid sweep + Nelder–Mead. */
  start?: Float64Array;
  /** Nelder–Mead evaluations, or Levenberg–Marquardt iterations from `start`. */
  maxEval?: number;
  step?: number;
  /** Nelder–Mead's relative SSE tolerance (default 1e-12). */
  tol?: number;
}

/** Minimise the profiled SSE over θ; returns θ and the solved linear part. */
export function fitNonlinear(
  pr: MmmProblem,
  bg: Float64Array,
  y: Float64Array,
  set: FitSettings = {},
): { theta: Float64Array; solved: Solved } {
  const prof = profiler(pr, bg, y);
  const f = (th: Float64Array) => prof.sse(th);
  const C = pr.s.length;
  const d = C * perChannel(pr.kind);
  const resid = (th: Float64Array, out: Float64Array) => prof.residual(th, out);
  if (set.start) {
    // Refits (bootstrap) start next to the optimum: Levenberg–Marquardt on the profiled residuals converges in a few
    // steps where Nelder–Mead would crawl along the β–λ ridge.
    const theta = levenberg(resid, set.start, y.length, set.maxEval ?? 30);
    return { theta, solved: prof.solve(theta) };
  }
  let theta = gridSweep(f, initialTheta(pr.kind, C), startGrid(pr.kind, C));
  const maxEval = set.maxEval ?? 300 * d;
  theta = nelderMead(f, theta, set.step ?? 0.6, maxEval, set.tol ?? 1e-12);
  // Polish: Levenberg–Marquardt, which also guards against Nelder–Mead's premature collapse.
  theta = levenberg(resid, theta, y.length, 50, 1e-14);
  return { theta, solved: prof.solve(theta) };
}
