// fitMmm: the marketing-mix model end to end — periods from the table, variable-projection fit, block bootstrap,
// per-channel decay / saturation / share / ROAS with 95 % intervals, and steady-state response curves.
import { fmt } from '../../format.ts';
import { JobError, type JobContext } from '../../jobs.ts';
import type { RoleMap, Table } from '../../data/table.ts';
import { columnByRole, columnsByRole } from '../../data/table.ts';
import { quantile } from '../importance.ts';
import { responseModel, type CurveScale, type FullFit } from './curves.ts';
import { baseDesign, periodSeries, type BaseDesign, type MmmSeries } from './design.ts';
import { baseGram, decode, fitNonlinear, perChannel, type MmmProblem, type Solved } from './fit.ts';
import type { SaturationKind } from './saturation.ts';
import { trustChecks, trustVerdict } from './trust.ts';
import { blockBootstrap, type Draw } from './uncertainty.ts';
import type { MmmChannel, MmmChecks, MmmOptions, MmmResult, MmmTerm } from './types.ts';

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

function problemOf(s: MmmSeries, keep: number[], opts: MmmOptions, kind: SaturationKind, base: BaseDesign) {
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

interface Candidate {
  pr: MmmProblem;
  sc: CurveScale;
  base: BaseDesign;
  bg: Float64Array;
  best: { theta: Float64Array; solved: Solved };
  aic: number;
}

/** AIC of the least-squares fit in outcome units: n·ln(SSE/n) + 2·(base terms + β per channel + nonlinear ones). */
function aic(pr: MmmProblem, yScale: number, best: Candidate['best']): number {
  const n = pr.y.length;
  const sse = best.solved.sse * yScale * yScale;
  return n * Math.log(sse / n) + 2 * (pr.base.length + pr.s.length + best.theta.length);
}

const KIND_LABEL: Record<SaturationKind, string> = { logistic: 'logistic (concave)', hill: 'Hill (S-shaped)' };

/** Point fit of each saturation kind asked for ('auto': logistic and Hill), the lowest AIC kept (with a note). */
function chooseFit(s: MmmSeries, keep: number[], opts: MmmOptions) {
  const kinds: SaturationKind[] = opts.saturation === 'auto' ? ['logistic', 'hill'] : [opts.saturation ?? 'logistic'];
  const fits: Candidate[] = [];
  const base = baseDesign(s, opts.fourier);
  for (const kind of kinds) {
    let p: ReturnType<typeof problemOf>;
    try {
      p = problemOf(s, keep, opts, kind, base);
    } catch (e) {
      // Too few periods for Hill's extra parameter: keep the logistic fit alone.
      if (fits.length && e instanceof JobError) continue;
      throw e;
    }
    const bg = baseGram(p.pr.base);
    const best = fitNonlinear(p.pr, bg, p.pr.y);
    fits.push({ ...p, bg, best, aic: aic(p.pr, p.sc.yScale, best) });
  }
  fits.sort((a, b) => a.aic - b.aic);
  const chosen = fits[0]!;
  if (fits.length < 2) return { chosen };
  const [a, b] = fits as [Candidate, Candidate];
  s.notes.push(
    `${KIND_LABEL[a.pr.kind].replace(/^./, (ch) => ch.toUpperCase())} saturation fitted better than ${KIND_LABEL[b.pr.kind]} and is used: AIC ${fmt(a.aic, 1)} vs ${fmt(b.aic, 1)} (lower is better).`,
  );
  return { chosen, selection: fits.map((f) => ({ kind: f.pr.kind, aic: f.aic })) };
}

/** The trust guard's figures for the fit and each bootstrap draw. */
function checksOf(c: Candidate, fit: FullFit, draws: Draw[], channels: MmmChannel[]): MmmChecks {
  const { pr, sc, base } = c;
  const q = pr.base.length;
  const n = pr.y.length;
  const sumY = pr.y.reduce((acc, v) => acc + v, 0) * sc.yScale;
  // The baseline is every base term but the controls (events are not a baseline), averaged over the periods.
  const controls = new Set(base.controlIndex);
  const means = pr.base.map((col, j) => (controls.has(j) ? 0 : col.reduce((acc, v) => acc + v, 0) / n));
  const baseOf = (coef: Float64Array) => means.reduce((acc, m, j) => acc + m * coef[j]!, 0) * sc.yScale;
  const shareSumOf = (f: { coef: Float64Array; feats: Float64Array[] }) =>
    sc.channels.reduce((acc, _, k) => acc + contribution(f, q, k, sc.yScale), 0) / sumY;
  return trustChecks({
    r2: fit.r2,
    base: baseOf(fit.coef),
    baseDraws: draws.map((d) => baseOf(d.coef)),
    shareSum: shareSumOf(fit),
    shareSumDraws: draws.map(shareSumOf),
    channels,
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
  ctx.progress(0, 1, 'marketing mix: fit');
  const { chosen, selection } = chooseFit(series, keep, opts);
  const { pr, sc, base, bg, best } = chosen;
  ctx.checkCancelled();
  const draws = await blockBootstrap(pr, bg, best, { draws: opts.draws ?? 200, seed: opts.seed ?? 42 }, ctx);
  const sse = best.solved.sse;
  const mean = pr.y.reduce((a, v) => a + v, 0) / pr.y.length;
  const sst = pr.y.reduce((a, v) => a + (v - mean) ** 2, 0);
  const fit: FullFit = { theta: best.theta, ...best.solved, r2: 1 - sse / sst };
  const dof = Math.max(1, pr.y.length - best.solved.coef.length - best.theta.length);
  const channels = sc.channels.map((_, c) => channelSummary(pr, sc, fit, draws, c));
  const checks = checksOf(chosen, fit, draws, channels);
  return {
    channels,
    saturationKind: pr.kind,
    ...trustVerdict(checks, sc.periodLabel),
    checks,
    ...(selection ? { selection } : {}),
    terms: terms(base.names, fit, draws, sc.yScale),
    periods: pr.y.length,
    periodLabel: sc.periodLabel,
    r2: fit.r2,
    sigma: Math.sqrt(sse / dof) * sc.yScale,
    fitSeconds: (performance.now() - t0) / 1000,
    draws: draws.length,
    method: `variable projection (least squares with β ≥ 0 for given decay/saturation; grid + Nelder–Mead + Levenberg–Marquardt on those), 95 % intervals from a ${draws.length}-draw moving-block residual bootstrap refitting every parameter`,
    response: responseModel(pr, sc, fit, draws),
    notes: series.notes,
  };
}
