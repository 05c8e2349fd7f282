// fitMmm: the marketing-mix model end to end — periods from the table, variable-projection fit, block bootstrap,
// per-channel decay / saturation / share / ROAS with 95 % intervals, and steady-state response curves.
import { JobError, type JobContext } from '../../jobs.ts';
import type { RoleMap, Table } from '../../data/table.ts';
import { columnByRole, columnsByRole } from '../../data/table.ts';
import { quantile } from '../importance.ts';
import { responseModel, type CurveScale, type FullFit } from './curves.ts';
import { baseDesign, periodSeries, type MmmSeries } from './design.ts';
import { baseGram, decode, fitNonlinear, perChannel, type MmmProblem } from './fit.ts';
import { blockBootstrap, type Draw } from './uncertainty.ts';
import type { MmmChannel, MmmOptions, MmmResult, MmmTerm } from './types.ts';

export type { MmmOptions, MmmResult } from './types.ts';

function interval(values: number[]): [number, number] {
  const s = values.slice().sort((a, b) => a - b);
  return [quantile(s, 0.025), quantile(s, 0.975)];
}

function periodLabel(s: MmmSeries): string {
  if (!s.calendar) return 'per period';
  if (s.periodDays === 7) return 'per week';
  if (s.periodDays === 1) return 'per day';
  if (s.periodDays >= 28 && s.periodDays <= 31) return 'per month';
  return `per ${s.periodDays} days`;
}

/** Channels with some spend (others are dropped with a note); the series must be long enough for the terms. */
function usableChannels(s: MmmSeries): number[] {
  const keep = s.channels.map((_, c) => c).filter((c) => s.spend[c]!.some((v) => v > 0));
  for (const [c, name] of s.channels.entries())
    if (!keep.includes(c)) s.notes.push(`Channel \`${name}\` has no spend in any period and was left out.`);
  if (!keep.length) throw new JobError('ads-mmm', 'No spend in any period: the marketing-mix model needs spend.');
  return keep;
}

function problemOf(s: MmmSeries, keep: number[], opts: MmmOptions) {
  const base = baseDesign(s, opts.fourier);
  const kind = opts.saturation ?? 'logistic';
  const n = s.y.length;
  const need = base.cols.length + keep.length * (1 + perChannel(kind)) + 10;
  if (n < need)
    throw new JobError(
      'ads-mmm',
      `Only ${n} periods in \`${opts.date}\`: the marketing-mix model with ${keep.length} channel(s) and ${base.cols.length} base terms needs at least ${need}.`,
    );
  const yScale = s.y.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (!(yScale > 0)) throw new JobError('ads-mmm', `The outcome \`${opts.outcome}\` is 0 in every period.`);
  const spendMax = keep.map((c) => s.spend[c]!.reduce((m, v) => Math.max(m, v), 0));
  const pr: MmmProblem = {
    y: Float64Array.from(s.y, (v) => v / yScale),
    base: base.cols,
    s: keep.map((c, k) => Float64Array.from(s.spend[c]!, (v) => v / spendMax[k]!)),
    kind,
    lMax: opts.lMax ?? 8,
  };
  const sc: CurveScale = {
    yScale,
    spendMax,
    spend: keep.map((c) => s.spend[c]!),
    channels: keep.map((c) => s.channels[c]!),
    outcome: opts.outcome,
    periodLabel: periodLabel(s),
  };
  return { pr, sc, base };
}

function contribution(f: { coef: Float64Array; feats: Float64Array[] }, q: number, c: number, yScale: number) {
  const beta = f.coef[q + c]!;
  return f.feats[c]!.reduce((a, v) => a + v, 0) * beta * yScale;
}

function channelSummary(pr: MmmProblem, sc: CurveScale, fit: FullFit, draws: Draw[], c: number): MmmChannel {
  const q = pr.base.length;
  const n = pr.y.length;
  const sumY = pr.y.reduce((a, v) => a + v, 0) * sc.yScale;
  const sumX = sc.spend[c]!.reduce((a, v) => a + v, 0);
  const p = decode(pr.kind, fit.theta, c);
  const dp = draws.map((d) => decode(pr.kind, d.theta, c));
  const total = contribution(fit, q, c, sc.yScale);
  const totals = draws.map((d) => contribution(d, q, c, sc.yScale));
  const [decayLow, decayHigh] = interval(dp.map((d) => d.decay));
  const [saturationLow, saturationHigh] = interval(dp.map((d) => d.sat[0]!));
  const [shareLow, shareHigh] = interval(totals.map((v) => v / sumY));
  const [roasLow, roasHigh] = interval(totals.map((v) => v / sumX));
  return {
    channel: sc.channels[c]!,
    decay: p.decay,
    decayLow,
    decayHigh,
    saturation: p.sat[0]!,
    saturationLow,
    saturationHigh,
    ...(pr.kind === 'hill' ? { hillN: p.sat[1]! } : {}),
    ceiling: fit.coef[q + c]! * sc.yScale,
    share: total / sumY,
    shareLow,
    shareHigh,
    roas: total / sumX,
    roasLow,
    roasHigh,
    spend: sumX / n,
    contribution: total / n,
  };
}

function terms(names: string[], fit: FullFit, draws: Draw[], yScale: number): MmmTerm[] {
  return names.map((name, j) => {
    const [low, high] = interval(draws.map((d) => d.coef[j]! * yScale));
    return { name, effect: fit.coef[j]! * yScale, low, high };
  });
}

/** The defaults from roles: the timestamp column, the spend columns, a channel column for long logs. */
export function mmmDefaults(
  table: Table,
  roles: RoleMap,
): { date: string | null; spend: string[]; channel: string | null } {
  return {
    date: columnByRole(table, roles, 'timestamp')?.name ?? null,
    spend: columnsByRole(table, roles, 'spend').map((c) => c.name),
    channel: columnByRole(table, roles, 'channel')?.name ?? null,
  };
}

export async function fitMmm(table: Table, roles: RoleMap, opts: MmmOptions, ctx: JobContext): Promise<MmmResult> {
  const t0 = performance.now();
  const channel = opts.channel !== undefined ? opts.channel : mmmDefaults(table, roles).channel;
  const series = periodSeries(table, { ...opts, channel });
  const keep = usableChannels(series);
  const { pr, sc, base } = problemOf(series, keep, opts);
  ctx.progress(0, 1, 'marketing mix: fit');
  const bg = baseGram(pr.base);
  const best = fitNonlinear(pr, bg, pr.y);
  ctx.checkCancelled();
  const draws = await blockBootstrap(pr, bg, best, { draws: opts.draws ?? 200, seed: opts.seed ?? 42 }, ctx);
  const sse = best.solved.sse;
  const mean = pr.y.reduce((a, v) => a + v, 0) / pr.y.length;
  const sst = pr.y.reduce((a, v) => a + (v - mean) ** 2, 0);
  const fit: FullFit = { theta: best.theta, ...best.solved, r2: 1 - sse / sst };
  const dof = Math.max(1, pr.y.length - best.solved.coef.length - best.theta.length);
  const kind = pr.kind;
  const response = responseModel(pr, sc, fit, draws);
  if (response.baseline < 0)
    series.notes.push(
      `The fitted baseline (outcome without spend) is below zero (${response.baseline.toPrecision(3)} ${sc.periodLabel}): the channel curves may be mis-shaped${kind === 'logistic' ? ' — try Hill saturation (S-shaped responses)' : ''}.`,
    );
  return {
    channels: sc.channels.map((_, c) => channelSummary(pr, sc, fit, draws, c)),
    saturationKind: kind,
    terms: terms(base.names, fit, draws, sc.yScale),
    periods: pr.y.length,
    periodLabel: sc.periodLabel,
    r2: fit.r2,
    sigma: Math.sqrt(sse / dof) * sc.yScale,
    fitSeconds: (performance.now() - t0) / 1000,
    draws: draws.length,
    method: `variable projection (least squares with β ≥ 0 for given decay/saturation; grid + Nelder–Mead + Levenberg–Marquardt on those), 95 % intervals from a ${draws.length}-draw moving-block residual bootstrap refitting every parameter`,
    response,
    notes: series.notes,
  };
}
