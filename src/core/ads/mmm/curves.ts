// The MMM's steady-state response curves as the allocator and what-if take them: with normalised adstock a constant
// spend s per period adstocks to s, so the long-run contribution is β·sat(s / max spend) — a logistic curve
// (kind 'logistic', k = max/λ) or a Hill curve (k = K·max) in per-period spend, with bootstrap bands.
import { curveSlope, curveValue } from '../curves.ts';
import { quantile } from '../importance.ts';
import type { CurveParams, ResponseCurve, ResponseModel } from '../types.ts';
import { decode, type MmmProblem } from './fit.ts';
import type { Draw } from './uncertainty.ts';

export interface CurveScale {
  yScale: number;
  spendMax: number[];
  /** Raw spend per period per channel. */
  spend: Float64Array[];
  channels: string[];
  outcome: string;
  periodLabel: string;
}

/** Channel c's curve in raw units from θ and its β (scaled-outcome units). */
export function channelCurve(pr: MmmProblem, sc: CurveScale, theta: ArrayLike<number>, beta: number, c: number) {
  const p = decode(pr.kind, theta, c);
  const m = sc.spendMax[c]!;
  const params: CurveParams =
    pr.kind === 'logistic'
      ? { kind: 'logistic', beta: beta * sc.yScale, k: m / p.sat[0]!, n: 1 }
      : { kind: 'hill', beta: beta * sc.yScale, k: p.sat[0]! * m, n: p.sat[1]! };
  return params;
}

function band(values: number[]): [number, number] {
  const s = values.slice().sort((a, b) => a - b);
  return [quantile(s, 0.025), quantile(s, 0.975)];
}

function paramBand(draws: CurveParams[], key: 'beta' | 'k' | 'n', lo: boolean): number {
  const b = band(draws.map((d) => d[key]));
  return lo ? b[0] : b[1];
}

/** Partial residuals: outcome minus everything but channel c, against c's adstocked spend (≤ 300 points). */
function points(pr: MmmProblem, sc: CurveScale, fitted: Float64Array, contrib: Float64Array, c: number) {
  const n = pr.y.length;
  const stride = Math.max(1, Math.ceil(n / 300));
  const a = pr.s[c]!;
  const out: [number, number][] = [];
  for (let t = 0; t < n; t += stride) {
    out.push([a[t]! * sc.spendMax[c]!, (pr.y[t]! - fitted[t]! + contrib[t]!) * sc.yScale]);
  }
  return out;
}

export interface FullFit {
  theta: Float64Array;
  coef: Float64Array;
  feats: Float64Array[];
  fitted: Float64Array;
  r2: number;
}

/** Mean baseline per period (fitted minus every channel's contribution), in outcome units. */
function baselineOf(pr: MmmProblem, sc: CurveScale, f: { coef: Float64Array; feats: Float64Array[] }): number {
  let s = 0;
  pr.base.forEach((col, j) => {
    for (let t = 0; t < col.length; t++) s += f.coef[j]! * col[t]!;
  });
  return (s / pr.y.length) * sc.yScale;
}

export function responseModel(pr: MmmProblem, sc: CurveScale, fit: FullFit, draws: Draw[]): ResponseModel {
  const q = pr.base.length;
  const drawCurves = draws.map((d) => sc.channels.map((_, c) => channelCurve(pr, sc, d.theta, d.coef[q + c]!, c)));
  const curves: ResponseCurve[] = sc.channels.map((channel, c) => {
    const params = channelCurve(pr, sc, fit.theta, fit.coef[q + c]!, c);
    const mine = drawCurves.map((d) => d[c]!);
    const current = sc.spend[c]!.reduce((a, v) => a + v, 0) / pr.y.length;
    const top = Math.max(sc.spendMax[c]! * 1.5, current * 2);
    const grid = Array.from({ length: 41 }, (_, i) => (top * i) / 40);
    const bands = grid.map((x) => band(mine.map((p) => curveValue(p, x))));
    const contrib = Float64Array.from(fit.feats[c]!, (v) => v * fit.coef[q + c]!);
    return {
      channel,
      params,
      paramLow: {
        ...params,
        beta: paramBand(mine, 'beta', true),
        k: paramBand(mine, 'k', true),
        n: paramBand(mine, 'n', true),
      },
      paramHigh: {
        ...params,
        beta: paramBand(mine, 'beta', false),
        k: paramBand(mine, 'k', false),
        n: paramBand(mine, 'n', false),
      },
      currentSpend: current,
      currentOutcome: curveValue(params, current),
      marginalReturn: curveSlope(params, current),
      grid,
      fit: grid.map((x) => curveValue(params, x)),
      low: bands.map((b) => b[0]),
      high: bands.map((b) => b[1]),
      points: points(pr, sc, fit.fitted, contrib, c),
      adstock: decode(pr.kind, fit.theta, c).decay,
    };
  });
  return {
    layout: 'wide',
    outcome: sc.outcome,
    baseline: baselineOf(pr, sc, fit),
    curves,
    draws: drawCurves,
    baselineDraws: draws.map((d) => baselineOf(pr, sc, d)),
    r2: fit.r2,
    periodLabel: sc.periodLabel,
  };
}
