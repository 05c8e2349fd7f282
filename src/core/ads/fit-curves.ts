// Levenberg–Marquardt fit of y ≈ b0 + Σ_c f_c(x_c) with saturating curves, in typed arrays (≤ a dozen parameters:
// per-op TF.js overhead would dominate), started from several shapes with the scales solved by least squares.
import { curveValue, nParams, toParams, valueAndGrad } from './curves.ts';
import { solveSPDJittered } from '../linalg/spd.ts';
import type { CurveKind, CurveParams } from './types.ts';

export interface AdditiveFit {
  params: CurveParams[];
  baseline: number;
  sse: number;
  theta: Float64Array;
}

interface Problem {
  xs: Float64Array[];
  y: Float64Array;
  kinds: CurveKind[];
  intercept: boolean;
  /** Bounds on log K and log n per channel. */
  kLo: number[];
  kHi: number[];
  /** Outcome never negative: the baseline (outcome at zero spend) may not be either. */
  nonNegative: boolean;
}

function layout(pr: Problem): { offsets: number[]; size: number } {
  const offsets: number[] = [];
  let o = pr.intercept ? 1 : 0;
  for (const k of pr.kinds) {
    offsets.push(o);
    o += nParams(k);
  }
  return { offsets, size: o };
}

function clamp(pr: Problem, theta: Float64Array, offsets: number[]): void {
  if (pr.intercept && pr.nonNegative) theta[0] = Math.max(0, theta[0]!);
  pr.kinds.forEach((kind, c) => {
    const o = offsets[c]!;
    theta[o] = Math.max(-30, Math.min(theta[o]!, 30));
    theta[o + 1] = Math.max(pr.kLo[c]!, Math.min(theta[o + 1]!, pr.kHi[c]!));
    if (kind === 'hill') theta[o + 2] = Math.max(Math.log(0.5), Math.min(theta[o + 2]!, Math.log(4)));
  });
}

function sseOf(pr: Problem, theta: Float64Array, offsets: number[]): number {
  const m = pr.y.length;
  const params = pr.kinds.map((k, c) => toParams(k, theta, offsets[c]!));
  const b0 = pr.intercept ? theta[0]! : 0;
  let s = 0;
  for (let j = 0; j < m; j++) {
    let f = b0;
    for (let c = 0; c < params.length; c++) f += curveValue(params[c]!, pr.xs[c]![j]!);
    s += (pr.y[j]! - f) ** 2;
  }
  return s;
}

function lm(pr: Problem, start: Float64Array, maxIt = 100, relTol = 1e-8): { theta: Float64Array; sse: number } {
  const { offsets, size } = layout(pr);
  const m = pr.y.length;
  let theta = Float64Array.from(start);
  clamp(pr, theta, offsets);
  let sse = sseOf(pr, theta, offsets);
  let lambda = 1e-3;
  const g = new Float64Array(size);
  for (let it = 0; it < maxIt; it++) {
    const jtj = new Float64Array(size * size);
    const jtr = new Float64Array(size);
    for (let j = 0; j < m; j++) {
      g.fill(0);
      let f = 0;
      if (pr.intercept) {
        g[0] = 1;
        f += theta[0]!;
      }
      for (let c = 0; c < pr.kinds.length; c++)
        f += valueAndGrad(pr.kinds[c]!, theta, offsets[c]!, pr.xs[c]![j]!, g, offsets[c]!);
      const r = pr.y[j]! - f;
      for (let a = 0; a < size; a++) {
        const ga = g[a]!;
        if (ga === 0) continue;
        jtr[a]! += ga * r;
        for (let b = a; b < size; b++) jtj[a * size + b]! += ga * g[b]!;
      }
    }
    for (let a = 0; a < size; a++) for (let b = 0; b < a; b++) jtj[a * size + b] = jtj[b * size + a]!;
    let improved = false;
    for (let tries = 0; tries < 12; tries++) {
      const damped = Float64Array.from(jtj);
      for (let a = 0; a < size; a++) damped[a * size + a]! += lambda * (jtj[a * size + a]! + 1e-9);
      const delta = solveSPDJittered(damped, size, jtr);
      const next = Float64Array.from(theta, (v, i) => v + delta[i]!);
      clamp(pr, next, offsets);
      const s = sseOf(pr, next, offsets);
      if (s < sse) {
        const rel = (sse - s) / Math.max(sse, 1e-300);
        theta = next;
        sse = s;
        lambda = Math.max(1e-9, lambda / 3);
        improved = true;
        if (rel < relTol) return { theta, sse };
        break;
      }
      lambda *= 4;
    }
    if (!improved) break;
  }
  return { theta, sse };
}

/** Given shapes (log K, log n), solve baseline and log β by least squares on the curve shapes (clipped ≥ tiny). */
function scalesStart(pr: Problem, shapes: { lk: number; ln: number }[]): Float64Array {
  const { offsets, size } = layout(pr);
  const m = pr.y.length;
  const cols: Float64Array[] = pr.kinds.map((kind, c) => {
    const unit: CurveParams = { kind, beta: 1, k: Math.exp(shapes[c]!.lk), n: Math.exp(shapes[c]!.ln) };
    return Float64Array.from(pr.xs[c]!, (x) => curveValue(unit, x));
  });
  if (pr.intercept) cols.unshift(new Float64Array(m).fill(1));
  const q = cols.length;
  const a = new Float64Array(q * q);
  const b = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += cols[i]![r]! * cols[j]![r]!;
      a[i * q + j] = s;
    }
    let s = 0;
    for (let r = 0; r < m; r++) s += cols[i]![r]! * pr.y[r]!;
    b[i] = s;
    a[i * q + i]! += 1e-9 * (a[i * q + i]! + 1);
  }
  const sol = solveSPDJittered(a, q, b);
  const theta = new Float64Array(size);
  if (pr.intercept) theta[0] = sol[0]!;
  pr.kinds.forEach((kind, c) => {
    const o = offsets[c]!;
    const beta = sol[c + (pr.intercept ? 1 : 0)]!;
    theta[o] = Math.log(Math.max(beta, 1e-6 * (Math.abs(b[0]!) / m + 1e-9) + 1e-12));
    theta[o + 1] = shapes[c]!.lk;
    if (kind === 'hill') theta[o + 2] = shapes[c]!.ln;
  });
  return theta;
}

function median(v: Float64Array): number {
  const pos = Array.from(v)
    .filter((x) => x > 0)
    .sort((a, b) => a - b);
  return pos.length ? pos[Math.floor(pos.length / 2)]! : 1;
}

function problem(xs: Float64Array[], y: Float64Array, kinds: CurveKind[], intercept: boolean): Problem {
  const kLo: number[] = [];
  const kHi: number[] = [];
  for (const x of xs) {
    let mx = 0;
    let mn = Infinity;
    for (const v of x) {
      if (v > mx) mx = v;
      if (v > 0 && v < mn) mn = v;
    }
    if (!Number.isFinite(mn)) mn = 1;
    kLo.push(Math.log(Math.max(mn * 0.05, 1e-12)));
    // A K far beyond the data makes the curve linear over the data; cap it so "almost linear" stays finite.
    kHi.push(Math.log(Math.max(mx, 1e-9) * 20));
  }
  return { xs, y, kinds, intercept, kLo, kHi, nonNegative: y.every((v) => v >= 0) };
}

function unpack(pr: Problem, theta: Float64Array, sse: number): AdditiveFit {
  const { offsets } = layout(pr);
  return {
    params: pr.kinds.map((k, c) => toParams(k, theta, offsets[c]!)),
    baseline: pr.intercept ? theta[0]! : 0,
    sse,
    theta,
  };
}

/** Multi-start fit (shapes × scales by least squares, then LM); the best SSE wins. */
export function fitAdditive(xs: Float64Array[], y: Float64Array, kinds: CurveKind[], intercept: boolean): AdditiveFit {
  const pr = problem(xs, y, kinds, intercept);
  const meds = xs.map(median);
  let best: { theta: Float64Array; sse: number } | null = null;
  const kMults = [0.5, 1.5, 4];
  const ns = kinds.some((k) => k === 'hill') ? [1, 2] : [1];
  for (const km of kMults) {
    for (const n of ns) {
      const shapes = meds.map((md) => ({ lk: Math.log(md * km), ln: Math.log(n) }));
      const fit = lm(pr, scalesStart(pr, shapes));
      if (!best || fit.sse < best.sse) best = fit;
    }
  }
  return unpack(pr, best!.theta, best!.sse);
}

/** Refit from a known good start (bootstrap draws): one LM run. */
export function refitAdditive(
  xs: Float64Array[],
  y: Float64Array,
  kinds: CurveKind[],
  intercept: boolean,
  start: Float64Array,
): AdditiveFit {
  const pr = problem(xs, y, kinds, intercept);
  const fit = lm(pr, start, 40, 1e-6);
  return unpack(pr, fit.theta, fit.sse);
}
