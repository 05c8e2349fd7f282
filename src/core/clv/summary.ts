// Transactions → per-customer frequency / recency / T / monetary value the way lifetimes'
// summary_data_from_transaction_data counts them (purchase DAYS; the first day is not a repeat), with an optional
// calibration / holdout split (calibration_and_holdout_data).

export const DAY_MS = 86_400_000;

export interface Transactions {
  /** Customer key per row ('' = missing). */
  customer: readonly string[];
  /** Epoch ms per row (NaN = missing). */
  time: Float64Array;
  /** Amount per row (NaN = missing); null when the log has no money column. */
  amount: Float64Array | null;
}

export interface SummaryOptions {
  /** Days per period: 1 (day) or 7 (week). */
  periodDays: number;
  /** Last day observed (UTC day number); default: the last purchase day in the log. */
  observationEnd?: number;
  /** Last day of the calibration part (inclusive); days after it up to observationEnd are the holdout. */
  calibrationEnd?: number;
}

export interface CustomerSummary {
  ids: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Mean of the repeat days' totals (0 without a repeat); null without an amount column. */
  monetary: Float64Array | null;
  /** Distinct purchase days in the holdout; present with calibrationEnd. */
  holdoutFrequency?: Float64Array;
  /** Holdout length in periods. */
  holdoutPeriods?: number;
  /** The day numbers that bound the summary. */
  observationEnd: number;
  calibrationEnd?: number;
  counts: { rows: number; used: number; missing: number; afterEnd: number; customersAfterCalibration: number };
}

/** UTC day number of an epoch-ms time. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

interface DayTotals {
  day: Int32Array;
  total: Float64Array;
  /** Start of each customer's run of days in `day`/`total`; length customers + 1. */
  start: Int32Array;
  ids: string[];
}

/** One entry per (customer, day) with that day's total, customers in first-seen order, days ascending. */
function dayTotals(tx: Transactions, lastDay: number, used: { n: number; missing: number; afterEnd: number }) {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const rows: number[] = [];
  const cust: number[] = [];
  for (let r = 0; r < tx.customer.length; r++) {
    const key = tx.customer[r]!;
    const t = tx.time[r]!;
    if (!key || Number.isNaN(t) || (tx.amount && Number.isNaN(tx.amount[r]!))) {
      used.missing++;
      continue;
    }
    if (dayOf(t) > lastDay) {
      used.afterEnd++;
      continue;
    }
    let c = index.get(key);
    if (c === undefined) {
      c = ids.length;
      ids.push(key);
      index.set(key, c);
    }
    rows.push(r);
    cust.push(c);
  }
  used.n = rows.length;
  const order = Array.from(rows.keys()).sort((i, j) => cust[i]! - cust[j]! || tx.time[rows[i]!]! - tx.time[rows[j]!]!);
  const day: number[] = [];
  const total: number[] = [];
  const start = new Int32Array(ids.length + 1);
  let prevC = -1;
  for (const k of order) {
    const c = cust[k]!;
    const d = dayOf(tx.time[rows[k]!]!);
    const v = tx.amount ? tx.amount[rows[k]!]! : 0;
    if (c !== prevC) {
      for (let cc = prevC + 1; cc <= c; cc++) start[cc] = day.length;
      prevC = c;
    } else if (day[day.length - 1] === d) {
      total[total.length - 1] = total[total.length - 1]! + v;
      continue;
    }
    day.push(d);
    total.push(v);
  }
  for (let cc = prevC + 1; cc <= ids.length; cc++) start[cc] = day.length;
  const out: DayTotals = { day: Int32Array.from(day), total: Float64Array.from(total), start, ids };
  return out;
}

/** The per-customer summary; with calibrationEnd, customers first seen after it are left out (as lifetimes does). */
export function summariseTransactions(tx: Transactions, opts: SummaryOptions): CustomerSummary {
  let last = -Infinity;
  for (let r = 0; r < tx.time.length; r++) if (!Number.isNaN(tx.time[r]!)) last = Math.max(last, dayOf(tx.time[r]!));
  const end = opts.observationEnd ?? last;
  const cut = opts.calibrationEnd ?? end;
  const used = { n: 0, missing: 0, afterEnd: 0 };
  const dt = dayTotals(tx, end, used);
  const ids: string[] = [];
  const f: number[] = [];
  const rec: number[] = [];
  const age: number[] = [];
  const mon: number[] = [];
  const hold: number[] = [];
  let after = 0;
  const P = opts.periodDays;
  for (let c = 0; c < dt.ids.length; c++) {
    const s = dt.start[c]!;
    const e = dt.start[c + 1]!;
    const first = dt.day[s]!;
    if (first > cut) {
      after++;
      continue;
    }
    let k = s;
    let repeatSum = 0;
    while (k + 1 < e && dt.day[k + 1]! <= cut) repeatSum += dt.total[++k]!;
    ids.push(dt.ids[c]!);
    f.push(k - s);
    rec.push((dt.day[k]! - first) / P);
    age.push((cut - first) / P);
    mon.push(k > s ? repeatSum / (k - s) : 0);
    hold.push(e - k - 1);
  }
  const split = opts.calibrationEnd !== undefined;
  return {
    ids,
    frequency: Float64Array.from(f),
    recency: Float64Array.from(rec),
    T: Float64Array.from(age),
    monetary: tx.amount ? Float64Array.from(mon) : null,
    ...(split ? { holdoutFrequency: Float64Array.from(hold), holdoutPeriods: (end - cut) / P } : {}),
    observationEnd: end,
    ...(split ? { calibrationEnd: cut } : {}),
    counts: {
      rows: tx.customer.length,
      used: used.n,
      missing: used.missing,
      afterEnd: used.afterEnd,
      customersAfterCalibration: after,
    },
  };
}
