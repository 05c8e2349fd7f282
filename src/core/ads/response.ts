// Spend-response model: observations per channel from the table (wide spend columns, or channel × period in a log),
// curve fit with optional geometric adstock, bootstrap bands and marginal return at current spend.
import { JobError, type JobContext } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import { getColumn } from '../data/table.ts';
import { rng } from '../random.ts';
import { adstockSeries, curveSlope, curveValue, steadyState } from './curves.ts';
import { fitAdditive, refitAdditive, type AdditiveFit } from './fit-curves.ts';
import { quantile } from './importance.ts';
import type { CurveKind, CurveParams, ResponseCurve, ResponseModel } from './types.ts';

export interface ResponseInput {
  spend: string[];
  /** Outcome column summed per observation. */
  outcome: string;
  channel: string | null;
  timestamp: string | null;
  curve: CurveKind | 'auto';
  adstock: boolean;
  bootstrap: number;
  seed: number;
}

/** Observations per channel: spend and outcome series, ordered by period when dated. */
interface Series {
  channel: string;
  x: Float64Array;
  y: Float64Array;
}

const DAY = 86_400_000;

function longSeries(table: Table, inp: ResponseInput): Series[] {
  const spend = getColumn(table, inp.spend[0]!);
  const out = getColumn(table, inp.outcome);
  if (spend.kind !== 'numeric' || out.kind !== 'numeric')
    throw new JobError('ads-response', `Spend \`${spend.name}\` and outcome \`${out.name}\` must be numeric.`);
  const ch = inp.channel ? getColumn(table, inp.channel) : null;
  const ts = inp.timestamp ? getColumn(table, inp.timestamp) : null;
  const names = ch && ch.kind === 'categorical' ? ch.dictionary : ['all'];
  const per = names.map(() => new Map<number, [number, number]>());
  for (let r = 0; r < table.rowCount; r++) {
    const c = ch && ch.kind === 'categorical' ? ch.codes[r]! : 0;
    const s = spend.values[r]!;
    const y = out.values[r]!;
    if (c < 0 || Number.isNaN(s) || Number.isNaN(y)) continue;
    // Dated logs: one observation per channel-day (budgets are set per period); undated: one per row.
    const key = ts && ts.kind === 'numeric' ? Math.floor(ts.values[r]! / DAY) : r;
    if (Number.isNaN(key)) continue;
    const m = per[c]!;
    const cur = m.get(key);
    if (cur) {
      cur[0] += s;
      cur[1] += y;
    } else m.set(key, [s, y]);
  }
  return names
    .map((channel, c) => {
      const entries = [...per[c]!.entries()].sort((a, b) => a[0] - b[0]);
      return { channel, x: Float64Array.from(entries, (e) => e[1][0]), y: Float64Array.from(entries, (e) => e[1][1]) };
    })
    .filter((s) => s.x.length >= 5);
}

function aic(fit: AdditiveFit, m: number, k: number): number {
  return m * Math.log(Math.max(fit.sse, 1e-300) / m) + 2 * k;
}

function fitKinds(
  xs: Float64Array[],
  y: Float64Array,
  kind: CurveKind | 'auto',
  intercept: boolean,
): { fit: AdditiveFit; kinds: CurveKind[] } {
  const tryKind = (k: CurveKind) => {
    const kinds = xs.map(() => k);
    return { fit: fitAdditive(xs, y, kinds, intercept), kinds };
  };
  if (kind !== 'auto') return tryKind(kind);
  const h = tryKind('hill');
  const e = tryKind('negexp');
  const m = y.length;
  return aic(h.fit, m, h.fit.theta.length) < aic(e.fit, m, e.fit.theta.length) ? h : e;
}

/** Fit with the best adstock on a grid (dated data), returning steady-state curves in per-period spend. */
function fitWithAdstock(xs: Float64Array[], y: Float64Array, inp: ResponseInput, intercept: boolean, dated: boolean) {
  const grid = inp.adstock && dated ? [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7] : [0];
  let best: { fit: AdditiveFit; kinds: CurveKind[]; theta: number; xs: Float64Array[] } | null = null;
  for (const th of grid) {
    const ax = th === 0 ? xs : xs.map((x) => adstockSeries(x, th));
    const r = fitKinds(ax, y, inp.curve, intercept);
    if (!best || r.fit.sse < best.fit.sse) best = { ...r, theta: th, xs: ax };
  }
  return best!;
}

function resample(m: number, rand: () => number): Int32Array {
  return Int32Array.from({ length: m }, () => Math.floor(rand() * m));
}

/** Observations fitted together: all spend columns of a wide table, or one channel of a long log. */
interface Group {
  channels: string[];
  xs: Float64Array[];
  y: Float64Array;
}

type BestFit = ReturnType<typeof fitWithAdstock>;

/** One fitResponse call: its settings, the bootstrap stream and what the groups add up as they are fitted. */
interface ResponseRun {
  inp: ResponseInput;
  wide: boolean;
  dated: boolean;
  rand: () => number;
  ctx: JobContext;
  curves: ResponseCurve[];
  /** draws[b]: every channel's steady-state curve in bootstrap draw b. */
  draws: CurveParams[][];
  baselineDraws: number[];
  baseline: number;
  ssRes: number;
  ssTot: number;
}

export async function fitResponse(table: Table, inp: ResponseInput, ctx: JobContext): Promise<ResponseModel> {
  const B = inp.bootstrap;
  const run: ResponseRun = {
    inp,
    wide: inp.spend.length >= 2,
    dated: inp.timestamp !== null,
    rand: rng(inp.seed),
    ctx,
    curves: [],
    draws: Array.from({ length: B }, () => []),
    baselineDraws: new Array<number>(B).fill(0),
    baseline: 0,
    ssRes: 0,
    ssTot: 0,
  };
  const { wide, dated } = run;
  const groups = wide ? [wideGroup(table, inp)] : longGroups(table, inp);
  for (let gi = 0; gi < groups.length; gi++) {
    ctx.checkCancelled();
    await fitGroup(run, groups[gi]!);
    ctx.progress(gi + 1, groups.length, 'response curves');
  }
  return {
    layout: wide ? 'wide' : groups.length === 1 && groups[0]!.channels[0] === 'all' ? 'single' : 'long',
    outcome: inp.outcome,
    baseline: run.baseline,
    curves: run.curves,
    draws: run.draws,
    baselineDraws: run.baselineDraws,
    r2: run.ssTot > 0 ? 1 - run.ssRes / run.ssTot : NaN,
    periodLabel: wide ? 'per row' : dated ? 'per day' : 'per row',
  };
}

/** Wide layout: one group of all spend columns over the rows where every one of them and the outcome is known. */
function wideGroup(table: Table, inp: ResponseInput): Group {
  const out = getColumn(table, inp.outcome);
  const cols = inp.spend.map((s) => getColumn(table, s));
  const keep: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    if (out.kind !== 'numeric' || Number.isNaN(out.values[r]!)) continue;
    if (cols.every((c) => c.kind === 'numeric' && !Number.isNaN(c.values[r]!))) keep.push(r);
  }
  if (keep.length < 10)
    throw new JobError(
      'ads-response',
      `Only ${keep.length} rows have all of ${inp.spend.map((s) => `\`${s}\``).join(', ')} and \`${inp.outcome}\`: need at least 10 to fit response curves.`,
    );
  return {
    channels: inp.spend,
    xs: cols.map((c) => Float64Array.from(keep, (r) => (c.kind === 'numeric' ? Math.max(0, c.values[r]!) : 0))),
    y: Float64Array.from(keep, (r) => (out.kind === 'numeric' ? out.values[r]! : 0)),
  };
}

/** Long layout: one group per channel with enough observations. */
function longGroups(table: Table, inp: ResponseInput): Group[] {
  const groups = longSeries(table, inp).map((s) => ({ channels: [s.channel], xs: [s.x], y: s.y }));
  if (groups.length === 0)
    throw new JobError(
      'ads-response',
      `Too few observations of \`${inp.spend[0]}\` → \`${inp.outcome}\` per channel (need ≥ 5 per channel).`,
    );
  return groups;
}

async function fitGroup(run: ResponseRun, g: Group): Promise<void> {
  const best = fitWithAdstock(g.xs, g.y, run.inp, run.wide, run.dated);
  if (run.wide) run.baseline = best.fit.baseline;
  addResiduals(run, g, best);
  const boots = await bootstrapGroup(run, g, best);
  g.channels.forEach((channel, c) => {
    const bp = boots.map((d) => d[c]!);
    for (let b = 0; b < run.inp.bootstrap; b++) run.draws[b]!.push(bp[b]!);
    run.curves.push(channelCurve(run, g, best, c, bp));
  });
}

/** Adds the group's residual and total sums of squares (on the adstocked spend) to the overall R². */
function addResiduals(run: ResponseRun, g: Group, best: BestFit): void {
  const m = g.y.length;
  const ymean = g.y.reduce((a, b) => a + b, 0) / m;
  for (let j = 0; j < m; j++) {
    let f = best.fit.baseline;
    best.fit.params.forEach((p, c) => {
      f += curveValue(p, best.xs[c]![j]!);
    });
    run.ssRes += (g.y[j]! - f) ** 2;
    run.ssTot += (g.y[j]! - ymean) ** 2;
  }
}

/** Refit on bootstrap resamples (kinds and adstock fixed): boots[b][c] is channel c's steady-state curve in draw b. */
async function bootstrapGroup(run: ResponseRun, g: Group, best: BestFit): Promise<CurveParams[][]> {
  const m = g.y.length;
  const boots: CurveParams[][] = [];
  for (let b = 0; b < run.inp.bootstrap; b++) {
    const idx = resample(m, run.rand);
    const bx = best.xs.map((x) => Float64Array.from(idx, (i) => x[i]!));
    const by = Float64Array.from(idx, (i) => g.y[i]!);
    const fit = refitAdditive(bx, by, best.kinds, run.wide, best.fit.theta);
    boots.push(fit.params.map((p) => steadyState(p, best.theta)));
    if (run.wide) run.baselineDraws[b] = fit.baseline;
    if (b % 20 === 19) await run.ctx.yield();
  }
  return boots;
}

/** Channel c's curve on a grid to 1.5 × its largest spend, with bootstrap bands `bp`, intervals and its points. */
function channelCurve(run: ResponseRun, g: Group, best: BestFit, c: number, bp: CurveParams[]): ResponseCurve {
  const params = steadyState(best.fit.params[c]!, best.theta);
  const x = g.xs[c]!;
  const current = x.reduce((a, v) => a + v, 0) / x.length;
  const maxX = x.reduce((a, v) => Math.max(a, v), 0);
  const grid = Array.from({ length: 41 }, (_, i) => (1.5 * maxX * i) / 40);
  const bandAt = (s: number) => Float64Array.from(bp, (p) => curveValue(p, s)).sort();
  const pq = (key: 'beta' | 'k' | 'n', q: number) => quantile(Float64Array.from(bp, (p) => p[key]).sort(), q);
  return {
    channel: g.channels[c]!,
    params,
    paramLow: { kind: params.kind, beta: pq('beta', 0.025), k: pq('k', 0.025), n: pq('n', 0.025) },
    paramHigh: { kind: params.kind, beta: pq('beta', 0.975), k: pq('k', 0.975), n: pq('n', 0.975) },
    currentSpend: current,
    currentOutcome: curveValue(params, current),
    marginalReturn: curveSlope(params, current),
    grid,
    fit: grid.map((s) => curveValue(params, s)),
    low: grid.map((s) => quantile(bandAt(s), 0.025)),
    high: grid.map((s) => quantile(bandAt(s), 0.975)),
    points: channelPoints(run.wide, g, best, c),
    adstock: best.theta,
  };
}

/** Up to ~300 observed (spend, outcome) points of channel c. */
function channelPoints(wide: boolean, g: Group, best: BestFit, c: number): [number, number][] {
  const x = g.xs[c]!;
  const step = Math.max(1, Math.floor(x.length / 300));
  const points: [number, number][] = [];
  // Wide layout: show each channel's points net of the other channels' fitted contributions (partial residuals).
  for (let j = 0; j < x.length; j += step) {
    let yj = g.y[j]!;
    if (wide) {
      yj -= best.fit.baseline;
      g.channels.forEach((_, o) => {
        if (o !== c) yj -= curveValue(best.fit.params[o]!, best.xs[o]![j]!);
      });
    }
    points.push([x[j]!, yj]);
  }
  return points;
}
