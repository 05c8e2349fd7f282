// Customer lifetime value as lifetimes' customer_lifetime_value computes it (monthly steps of expected purchase
// increments × expected order value, discounted per month), and the calibration-vs-holdout check grouped by
// calibration frequency (plot_calibration_purchases_vs_holdout_purchases).
import { expectedPurchases, type BgnbdParams } from './bgnbd.ts';

/** Model periods per month: lifetimes' factors (4.345 weeks, 30 days). */
export const PERIODS_PER_MONTH = { week: 4.345, day: 30 } as const;

export interface ClvOptions {
  /** Months ahead (lifetimes' `time`). */
  months: number;
  /** Monthly discount rate (lifetimes' `discount_rate`). */
  discount: number;
  /** Model time units per month. */
  periodsPerMonth: number;
}

/** Σ_{k=1..months} value·(E[N(k·f)] − E[N((k−1)·f)]) / (1 + d)^k for one customer. */
export function lifetimeValue(p: BgnbdParams, value: number, x: number, tx: number, T: number, o: ClvOptions): number {
  let clv = 0;
  let prev = 0;
  for (let k = 1; k <= o.months; k++) {
    const cur = expectedPurchases(p, k * o.periodsPerMonth, x, tx, T);
    clv += (value * (cur - prev)) / Math.pow(1 + o.discount, k);
    prev = cur;
  }
  return clv;
}

export interface HoldoutRow {
  /** Calibration repeat purchases; the last row (`orMore`) pools this many and more. */
  frequency: number;
  orMore: boolean;
  customers: number;
  actualMean: number;
  predictedMean: number;
}

/** Mean actual vs predicted holdout purchases per calibration frequency 0, 1, …, (top−1) and ≥ top. */
export function holdoutRows(
  p: BgnbdParams,
  cal: { frequency: Float64Array; recency: Float64Array; T: Float64Array },
  holdoutFrequency: Float64Array,
  holdoutPeriods: number,
  top = 7,
): HoldoutRow[] {
  const n = new Float64Array(top + 1);
  const actual = new Float64Array(top + 1);
  const predicted = new Float64Array(top + 1);
  for (let i = 0; i < cal.frequency.length; i++) {
    const x = cal.frequency[i]!;
    const g = Math.min(top, x);
    n[g] = n[g]! + 1;
    actual[g] = actual[g]! + holdoutFrequency[i]!;
    predicted[g] = predicted[g]! + expectedPurchases(p, holdoutPeriods, x, cal.recency[i]!, cal.T[i]!);
  }
  const rows: HoldoutRow[] = [];
  for (let g = 0; g <= top; g++)
    if (n[g]! > 0)
      rows.push({
        frequency: g,
        orMore: g === top,
        customers: n[g]!,
        actualMean: actual[g]! / n[g]!,
        predictedMean: predicted[g]! / n[g]!,
      });
  return rows;
}
