// CLV against lifetimes 0.11 on the CDNOW sample (ANCHORS.md "Customer lifetime value"): BG/NBD and Gamma-Gamma
// parameters and intervals from the summaries, lifetimes' quickstart predictions, and the same summary and fit
// rebuilt from the raw space-aligned log.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { expectedPurchases, fitBgnbd, probabilityAlive } from '../../../src/core/clv/bgnbd.ts';
import { expectedOrderValue, fitGammaGamma } from '../../../src/core/clv/gamma-gamma.ts';
import { lifetimeValue } from '../../../src/core/clv/clv.ts';
import { clvInput } from '../../../src/core/clv/input.ts';
import { runClv } from '../../../src/core/clv/run.ts';
import { dayOf, summariseTransactions } from '../../../src/core/clv/summary.ts';
import { dataset } from '../../datasets.ts';

const DIR = dataset('cdnow-lifetimes/');
const SUMMARY = `${DIR}cdnow_customers_summary.csv`;
const MONEY = `${DIR}cdnow_customers_summary_with_transactions.csv`;
const RAW = `${DIR}CDNOW_sample.txt`;
const have = existsSync(SUMMARY) && existsSync(MONEY) && existsSync(RAW);
if (!have) console.warn(`CDNOW files not found under ${DIR}: the lifetimes comparisons are skipped.`);

const ANCHOR = {
  r: [0.2426, 0.218, 0.2672],
  alpha: [4.4135, 3.6722, 5.1548],
  a: [0.7929, 0.4289, 1.1569],
  b: [2.4258, 1.0433, 3.8082],
} as const;

/** Columns of a small numeric CSV by index. */
function readCsv(path: string): number[][] {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((l) => l.split(',').map(Number));
}
const col = (rows: number[][], k: number) => Float64Array.from(rows, (r) => r[k]!);
const within = (got: number, want: number, rel = 0.01) => expect(Math.abs(got / want - 1)).toBeLessThan(rel);

function expectAnchors(m: {
  r: number;
  alpha: number;
  a: number;
  b: number;
  intervals: Record<string, [number, number] | null>;
}) {
  for (const k of ['r', 'alpha', 'a', 'b'] as const) {
    within(m[k], ANCHOR[k][0]);
    within(m.intervals[k]![0], ANCHOR[k][1]);
    within(m.intervals[k]![1], ANCHOR[k][2]);
  }
}

describe.skipIf(!have)('CDNOW summaries (lifetimes quickstart)', () => {
  const rows = have ? readCsv(SUMMARY) : [];
  const money = have ? readCsv(MONEY) : [];
  const d = { frequency: col(rows, 1), recency: col(rows, 2), T: col(rows, 3) };

  it('BG/NBD: r, α, a, b and their 95 % intervals within 1 % of lifetimes; log-likelihood −9582.4 (FHL 2005)', () => {
    const t0 = performance.now();
    const fit = fitBgnbd(d);
    const seconds = (performance.now() - t0) / 1000;
    expect(rows.length).toBe(2357);
    expectAnchors(fit);
    // Tighter than the brief asks: lifetimes prints r 0.242593, α 4.413532, a 0.792886, b 2.425752.
    within(fit.r, 0.242593, 1e-4);
    within(fit.b, 2.425752, 1e-4);
    within(fit.se!.alpha, 0.378221, 1e-3);
    expect(fit.logLik).toBeCloseTo(-9582.4, 1);
    expect(seconds).toBeLessThan(5);
  });

  it('predictions: lifetimes’ top expected purchases next week, P(alive) in (0, 1] and monotone in recency', () => {
    const fit = fitBgnbd(d);
    // Quickstart: ID 1516 (26, 30.86, 31.00) → 0.710623; ID 157 (29, 37.71, 38.00) → 0.662396; ID 509 → 0.424877.
    within(expectedPurchases(fit, 1, 26, 30.86, 31), 0.710623, 1e-5);
    within(expectedPurchases(fit, 1, 29, 37.71, 38), 0.662396, 1e-5);
    within(expectedPurchases(fit, 1, 18, 35.14, 35.86), 0.424877, 1e-5);
    let prev = 0;
    for (const t of [0, 5, 10, 20, 30.43, 38.86]) {
      const p = probabilityAlive(fit, 2, t, 38.86);
      expect(p).toBeGreaterThan(prev);
      expect(p).toBeLessThanOrEqual(1);
      prev = p;
    }
    expect(probabilityAlive(fit, 0, 0, 38.86)).toBe(1);
    // Customer 1 of the quickstart (frequency 2, recency 30.43, T 38.86): likely alive, and expected purchases grow.
    const p1 = probabilityAlive(fit, 2, 30.43, 38.86);
    expect(p1).toBeGreaterThan(0.6);
    expect(p1).toBeLessThan(0.85);
    expect(expectedPurchases(fit, 10, 2, 30.43, 38.86)).toBeGreaterThan(expectedPurchases(fit, 5, 2, 30.43, 38.86));
  });

  it('Gamma-Gamma on the 946 repeat customers: p 6.25, q 3.74, v 15.45; expected values and CLV as lifetimes', () => {
    const gg = fitGammaGamma(col(money, 1), col(money, 4));
    expect(gg.customers).toBe(946);
    within(gg.p, 6.25, 0.01);
    within(gg.q, 3.74, 0.01);
    within(gg.v, 15.45, 0.01);
    // conditional_expected_average_profit: customer 1 → 24.658619, 2 → 18.911489, no repeat → 35.170981.
    within(expectedOrderValue(gg, 2, 22.35), 24.658619, 1e-5);
    within(expectedOrderValue(gg, 1, 11.77), 18.911489, 1e-5);
    within(expectedOrderValue(gg, 0, 0), 35.170981, 1e-5);
    // The quickstart's "Expected conditional average profit" over all 2,357 customers: 35.2529588256.
    const values = money.map(([, x, , , m]) => expectedOrderValue(gg, x!, m!));
    within(values.reduce((s, v) => s + v, 0) / values.length, 35.2529588256, 1e-5);
    // customer_lifetime_value(time=12, discount_rate=0.01) with lifetimes' default freq "D" (30 units a month).
    const bg = fitBgnbd({ frequency: col(money, 1), recency: col(money, 2), T: col(money, 3) });
    const want = [
      140.096211, 18.943467, 38.180574, 38.180574, 38.180574, 1003.868107, 28.109683, 38.180574, 167.418216,
    ];
    want.forEach((w, i) => {
      const [, x, t, T, m] = money[i]!;
      const v = expectedOrderValue(gg, x!, m!);
      within(lifetimeValue(bg, v, x!, t!, T!, { months: 12, discount: 0.01, periodsPerMonth: 30 }), w, 1e-5);
    });
  });

  it('a penalty shrinks the parameters (lifetimes’ penalizer_coef semantics)', () => {
    const free = fitBgnbd(d);
    const pen = fitBgnbd(d, { penalty: 0.1 });
    expect(pen.a + pen.b).toBeLessThan(free.a + free.b);
    expect(pen.logLik).toBeLessThan(free.logLik);
  });
});

describe.skipIf(!have)('CDNOW raw log (CDNOW_sample.txt, space-aligned, no header)', () => {
  it('the loader reads its five columns and their roles; the CLV reader finds customer, date and amount', async () => {
    const data = await loadCsvFile(RAW);
    expect(data.table.columns).toHaveLength(5);
    const input = clvInput(data.table, data.roles, {});
    expect(input.kind).toBe('transactions');
    if (input.kind !== 'transactions') return;
    expect(input.columns).toEqual({ customer: 'column_1', date: 'column_3', amount: 'column_5' });
    // Every line is a transaction (the file has no header).
    expect(input.tx.customer).toHaveLength(6919);
    expect(input.tx.customer[0]).toBe('00004');
    // lifetimes' summary ends on 1997-09-30 (the 39-week calibration period of FHL 2005): the same summary.
    const s = summariseTransactions(input.tx, { periodDays: 7, observationEnd: dayOf(Date.UTC(1997, 8, 30)) });
    const ref = readCsv(MONEY);
    expect(s.ids.length).toBe(ref.length);
    let maxDiff = 0;
    ref.forEach(([, x, t, T, z], i) => {
      expect(s.frequency[i]).toBe(x);
      maxDiff = Math.max(maxDiff, Math.abs(s.recency[i]! - t!), Math.abs(s.T[i]! - T!), Math.abs(s.monetary![i]! - z!));
    });
    expect(maxDiff).toBeLessThanOrEqual(0.005 + 1e-9); // the file rounds to 2 decimals
  });

  it('runClv with a 39-week holdout: the calibration fit equals the anchors; the holdout rows compare', async () => {
    const data = await loadCsvFile(RAW);
    const res = await runClv(data.table, data.roles, {
      period: 'week',
      horizon: 39,
      holdout: 39,
      discount: 0.01,
      months: 12,
      penalty: 0,
    });
    const h = res.holdout!;
    expect(h.calibrationEnd).toBe('1997-09-30');
    expect(h.customers).toBe(2357);
    expectAnchors(h.model);
    expect(res.summary.observationEnd).toBe('1998-06-30');
    expect(h.rows.map((r) => r.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(h.rows[0]!.customers).toBe(1411);
    // The model tracks the holdout within 20 % overall and keeps the frequency ordering.
    expect(Math.abs(h.predictedTotal / h.actualTotal - 1)).toBeLessThan(0.2);
    for (let g = 1; g < h.rows.length; g++) expect(h.rows[g]!.actualMean).toBeGreaterThan(h.rows[g - 1]!.actualMean);
    // The full-log model has spend, expected values and CLV for all 2,357 customers.
    expect(res.customers.clv).toHaveLength(2357);
    expect(res.model.p! > 0 && res.model.q! > 1).toBe(true);
    expect(res.summary.totalClv!).toBeGreaterThan(0);
  });
});
