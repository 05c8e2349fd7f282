// The CLV job: table → per-customer frequency / recency / T (+ spend) → BG/NBD and Gamma-Gamma fits → P(alive),
// expected purchases, expected order value and discounted lifetime value per customer, and the holdout check.
import { JobError, silentContext, type JobContext } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { expectedPurchases, fitBgnbd, probabilityAlive, type BgnbdFit, type RfmData } from './bgnbd.ts';
import { fitGammaGamma, expectedOrderValue, type GammaGammaFit } from './gamma-gamma.ts';
import { holdoutRows, lifetimeValue, PERIODS_PER_MONTH } from './clv.ts';
import { clvInput } from './input.ts';
import { DAY_MS, summariseTransactions } from './summary.ts';
import type { ClvCustomers, ClvHoldout, ClvModel, ClvResult, ClvRunOptions } from './job.ts';

const PERIOD_DAYS = { week: 7, day: 1 } as const;
/** Fewer customers than this cannot identify four parameters with any confidence. */
export const MIN_CUSTOMERS = 20;
/** Gamma-Gamma needs this many customers with a repeat purchase and a positive spend. */
export const MIN_SPEND_CUSTOMERS = 10;

interface Base extends RfmData {
  ids: string[];
  monetary: Float64Array | null;
}

function checkOptions(o: ClvRunOptions): void {
  const bad = (flag: string, want: string, got: number) => {
    throw new JobError('bad-clv-option', `${flag} must be ${want}; got ${got}.`, { option: flag, value: got });
  };
  if (!(o.horizon > 0)) bad('horizon', 'a positive number of periods', o.horizon);
  if (!(o.holdout >= 0)) bad('holdout', '0 or more periods', o.holdout);
  if (!(o.penalty >= 0)) bad('penalty', '0 or more', o.penalty);
  if (!(o.discount > -1)) bad('discount', 'a monthly rate above −1', o.discount);
  if (!(Number.isInteger(o.months) && o.months >= 1)) bad('months', 'a whole number ≥ 1', o.months);
}

function checkCustomers(d: RfmData, what: string): void {
  const n = d.frequency.length;
  const repeat = d.frequency.reduce((s, x) => s + (x > 0 ? 1 : 0), 0);
  if (n < MIN_CUSTOMERS || repeat === 0)
    throw new JobError(
      'too-few-customers',
      `The ${what} has ${n} customers, ${repeat} with a repeat purchase: BG/NBD needs at least ${MIN_CUSTOMERS} ` +
        'customers and some repeat purchases (purchases on a later day than the first).',
      { customers: n, repeat, min: MIN_CUSTOMERS },
    );
}

const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function bgModel(f: BgnbdFit): Pick<ClvModel, 'r' | 'alpha' | 'a' | 'b' | 'intervals' | 'logLik'> {
  return { r: f.r, alpha: f.alpha, a: f.a, b: f.b, intervals: { ...f.intervals }, logLik: f.logLik };
}

function spendModel(d: Base, o: ClvRunOptions, ctx: JobContext, notes: Msg[]): GammaGammaFit | null {
  if (!d.monetary) return null;
  const usable = d.frequency.reduce((s, x, i) => s + (x > 0 && d.monetary![i]! > 0 ? 1 : 0), 0);
  if (usable < MIN_SPEND_CUSTOMERS) {
    notes.push(msg('clv_note_no_spend_model', { customers: usable }));
    return null;
  }
  const gg = fitGammaGamma(d.frequency, d.monetary, { penalty: o.penalty, onIter: () => ctx.checkCancelled() });
  if (!(gg.q > 1)) {
    notes.push(msg('clv_note_unbounded', { q: gg.q.toFixed(3) }));
    return null;
  }
  return gg;
}

async function scoreCustomers(
  d: Base,
  bg: BgnbdFit,
  gg: GammaGammaFit | null,
  o: ClvRunOptions,
  ctx: JobContext,
): Promise<ClvCustomers> {
  const n = d.frequency.length;
  const pAlive = new Float64Array(n);
  const expected = new Float64Array(n);
  const value = gg ? new Float64Array(n) : null;
  const clv = gg ? new Float64Array(n) : null;
  const clvOpts = { months: o.months, discount: o.discount, periodsPerMonth: PERIODS_PER_MONTH[o.period] };
  for (let i = 0; i < n; i++) {
    if (i % 2000 === 1999) {
      ctx.progress(i, n, 'scoring customers');
      ctx.checkCancelled();
      await ctx.yield();
    }
    const x = d.frequency[i]!;
    const tx = d.recency[i]!;
    const T = d.T[i]!;
    pAlive[i] = probabilityAlive(bg, x, tx, T);
    expected[i] = expectedPurchases(bg, o.horizon, x, tx, T);
    if (gg && value && clv) {
      value[i] = expectedOrderValue(gg, x, d.monetary![i]!);
      clv[i] = lifetimeValue(bg, value[i]!, x, tx, T, clvOpts);
    }
  }
  const { ids, frequency, recency, T, monetary } = d;
  return { ids, frequency, recency, T, monetary, pAlive, expectedPurchases: expected, expectedValue: value, clv };
}

export async function runClv(
  table: Table,
  roles: RoleMap,
  o: ClvRunOptions,
  ctx: JobContext = silentContext(),
): Promise<ClvResult> {
  checkOptions(o);
  const started = performance.now();
  ctx.progress(0, 100, 'reading customers');
  const input = clvInput(table, roles, o);
  const notes: Msg[] = input.kind === 'transactions' ? [...input.notes] : [];
  let base: Base;
  let end: number | null = null;
  let holdout: ClvHoldout | null = null;
  let holdoutFit: (() => ClvHoldout) | null = null;
  if (input.kind === 'summary') {
    base = input;
    if (o.holdout > 0) notes.push(msg('clv_note_holdout_summary'));
  } else {
    const P = PERIOD_DAYS[o.period];
    const full = summariseTransactions(input.tx, { periodDays: P });
    base = full;
    end = full.observationEnd;
    if (full.counts.missing) notes.push(msg('clv_note_missing_rows', { rows: full.counts.missing }));
    if (o.holdout > 0) holdoutFit = () => fitHoldout(input.tx, full.observationEnd, o, ctx);
  }
  checkCustomers(base, 'table');
  await ctx.yield();
  ctx.progress(10, 100, 'fitting BG/NBD');
  const bg = fitBgnbd(base, { penalty: o.penalty, onIter: () => ctx.checkCancelled() });
  if (!bg.converged) notes.push(msg('clv_note_not_converged'));
  if (bg.a < 1e-4 || bg.b < 1e-4)
    notes.push(msg('clv_note_no_dropout', { a: bg.a.toPrecision(2), b: bg.b.toPrecision(2) }));
  else if (!bg.se) notes.push(msg('clv_note_no_intervals'));
  ctx.progress(30, 100, 'fitting Gamma-Gamma');
  const gg = spendModel(base, o, ctx, notes);
  await ctx.yield();
  const customers = await scoreCustomers(base, bg, gg, o, ctx);
  const fitSeconds = (performance.now() - started) / 1000;
  if (holdoutFit) {
    ctx.progress(90, 100, 'holdout check');
    holdout = holdoutFit();
  }
  return assemble(input, base, bg, gg, customers, holdout, end, fitSeconds, o, notes);
}

/** Calibration summary (up to last day − holdout), its own BG/NBD fit, and predicted vs actual holdout purchases. */
function fitHoldout(tx: Parameters<typeof summariseTransactions>[0], last: number, o: ClvRunOptions, ctx: JobContext) {
  const P = PERIOD_DAYS[o.period];
  const cut = last - Math.round(o.holdout * P);
  const cal = summariseTransactions(tx, { periodDays: P, observationEnd: last, calibrationEnd: cut });
  checkCustomers(cal, 'calibration part of the log');
  const fit = fitBgnbd(cal, { penalty: o.penalty, onIter: () => ctx.checkCancelled() });
  const hf = cal.holdoutFrequency!;
  const periods = cal.holdoutPeriods!;
  const rows = holdoutRows(fit, cal, hf, periods);
  let predictedTotal = 0;
  for (let i = 0; i < hf.length; i++)
    predictedTotal += expectedPurchases(fit, periods, cal.frequency[i]!, cal.recency[i]!, cal.T[i]!);
  return {
    calibrationEnd: iso(cut),
    periods,
    customers: cal.ids.length,
    model: bgModel(fit),
    rows,
    actualTotal: hf.reduce((s, v) => s + v, 0),
    predictedTotal,
  };
}

function assemble(
  input: { kind: 'summary' | 'transactions'; columns: Record<string, string> },
  base: Base,
  bg: BgnbdFit,
  gg: GammaGammaFit | null,
  customers: ClvCustomers,
  holdout: ClvHoldout | null,
  end: number | null,
  fitSeconds: number,
  o: ClvRunOptions,
  notes: Msg[],
): ClvResult {
  const n = base.frequency.length;
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const nonFinite = customers.expectedPurchases.filter((v) => !Number.isFinite(v)).length;
  if (nonFinite) notes.push(msg('clv_note_nonfinite', { customers: nonFinite }));
  const { intervals, logLik, ...bgParams } = bgModel(bg);
  const model: ClvModel = gg
    ? { ...bgParams, p: gg.p, q: gg.q, v: gg.v, intervals: { ...intervals, ...gg.intervals }, logLik }
    : { ...bgParams, intervals, logLik };
  if (gg) Object.assign(model, { spendLogLik: gg.logLik, spendCustomers: gg.customers });
  const summary = {
    customers: n,
    repeatCustomers: base.frequency.reduce((s, x) => s + (x > 0 ? 1 : 0), 0),
    meanPAlive: sum(customers.pAlive) / n,
    expectedPurchases: sum(customers.expectedPurchases),
    meanExpectedValue: customers.expectedValue ? sum(customers.expectedValue) / n : null,
    totalClv: customers.clv ? sum(customers.clv) : null,
    observationEnd: end === null ? null : iso(end),
    fitSeconds,
  };
  const metrics: Record<string, number | string> = {
    customers: n,
    r: Number(bg.r.toFixed(4)),
    alpha: Number(bg.alpha.toFixed(4)),
    a: Number(bg.a.toFixed(4)),
    b: Number(bg.b.toFixed(4)),
    'fit s': Number(fitSeconds.toFixed(2)),
  };
  if (summary.totalClv !== null) metrics['total CLV'] = Number(summary.totalClv.toFixed(2));
  const { period, horizon, months, discount, penalty } = o;
  return {
    ...{ input: input.kind, columns: input.columns, period, horizon, months, discount, penalty },
    ...{ model, customers, holdout, summary, metrics, notes },
  };
}
