// The CLV feature's job contract: spec, result types, spec → core options, and the top-customer rows the CLI and
// the page show. The worker (workers/jobs/clv.ts) and the CLI (`locallift clv`) are thin adapters over it.
import type { HoldoutRow } from './clv.ts';
import type { Msg } from '../msg.ts';

export type ClvPeriod = 'week' | 'day';

export interface ClvSpec {
  kind: 'clv';
  /** The dataset (app) or file path (CLI). */
  datasetId: string;
  /** Column picks that override the roles (transaction logs). */
  customer?: string;
  date?: string;
  amount?: string;
  period: ClvPeriod;
  /** Periods ahead for each customer's expected purchases. */
  horizon: number;
  /** Periods at the end of the log held out to check the model (calibration end = last date − holdout). */
  holdout?: number;
  /** Monthly discount rate of the lifetime value (lifetimes' discount_rate; default 0.01). */
  discount?: number;
  /** Months of lifetime value (lifetimes' `time`; default 12). */
  months?: number;
  /** L2 penalty on the parameters (lifetimes' penalizer_coef; default 0). */
  penalty?: number;
}

export interface ClvRunOptions {
  customer?: string;
  date?: string;
  amount?: string;
  period: ClvPeriod;
  horizon: number;
  holdout: number;
  discount: number;
  months: number;
  penalty: number;
}

export type Interval = [number, number] | null;

export interface ClvModel {
  r: number;
  alpha: number;
  a: number;
  b: number;
  p?: number;
  q?: number;
  v?: number;
  /** 95 % intervals (θ ± 1.96·se from the observed information); null where it is not positive definite. */
  intervals: Record<string, Interval>;
  /** BG/NBD Σ log-likelihood at the optimum. */
  logLik: number;
  /** Gamma-Gamma Σ log-likelihood, over `spendCustomers`. */
  spendLogLik?: number;
  spendCustomers?: number;
}

/** One entry per customer (columnar, so it crosses the worker boundary and IndexedDB cheaply). */
export interface ClvCustomers {
  ids: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetary: Float64Array | null;
  pAlive: Float64Array;
  /** Expected purchases in the next `horizon` periods. */
  expectedPurchases: Float64Array;
  /** Gamma-Gamma expected average order value. */
  expectedValue: Float64Array | null;
  clv: Float64Array | null;
}

export interface ClvHoldout {
  /** Last calibration day (ISO date) and holdout length in periods. */
  calibrationEnd: string;
  periods: number;
  customers: number;
  /** The BG/NBD fitted on the calibration part only. */
  model: Pick<ClvModel, 'r' | 'alpha' | 'a' | 'b' | 'intervals' | 'logLik'>;
  rows: HoldoutRow[];
  /** Σ actual and Σ predicted holdout purchases over all calibration customers. */
  actualTotal: number;
  predictedTotal: number;
}

export interface ClvResult {
  input: 'transactions' | 'summary';
  columns: Record<string, string>;
  period: ClvPeriod;
  horizon: number;
  months: number;
  discount: number;
  penalty: number;
  model: ClvModel;
  customers: ClvCustomers;
  holdout: ClvHoldout | null;
  summary: {
    customers: number;
    repeatCustomers: number;
    meanPAlive: number;
    expectedPurchases: number;
    meanExpectedValue: number | null;
    totalClv: number | null;
    observationEnd: string | null;
    fitSeconds: number;
  };
  metrics: Record<string, number | string>;
  /** Msg (clv_note_*); plain strings in results stored before messages moved out of core. */
  notes: (Msg | string)[];
}

export function clvOptions(spec: ClvSpec): ClvRunOptions {
  const o: ClvRunOptions = {
    period: spec.period,
    horizon: spec.horizon,
    holdout: spec.holdout ?? 0,
    discount: spec.discount ?? 0.01,
    months: spec.months ?? 12,
    penalty: spec.penalty ?? 0,
  };
  if (spec.customer) o.customer = spec.customer;
  if (spec.date) o.date = spec.date;
  if (spec.amount) o.amount = spec.amount;
  return o;
}

export interface ClvCustomerRow {
  id: string;
  frequency: number;
  recency: number;
  T: number;
  monetary?: number;
  pAlive: number;
  expectedPurchases: number;
  expectedValue?: number;
  clv?: number;
}

/** Rows of the `limit` customers with the highest CLV (or expected purchases without spend); all with Infinity. */
export function topCustomers(c: ClvCustomers, limit = 10): ClvCustomerRow[] {
  const key = c.clv ?? c.expectedPurchases;
  const order = Array.from(key.keys()).sort((i, j) => key[j]! - key[i]!);
  return order.slice(0, Math.min(limit, order.length)).map((i) => ({
    id: c.ids[i]!,
    frequency: c.frequency[i]!,
    recency: c.recency[i]!,
    T: c.T[i]!,
    ...(c.monetary ? { monetary: c.monetary[i]! } : {}),
    pAlive: c.pAlive[i]!,
    expectedPurchases: c.expectedPurchases[i]!,
    ...(c.expectedValue ? { expectedValue: c.expectedValue[i]! } : {}),
    ...(c.clv ? { clv: c.clv[i]! } : {}),
  }));
}
