// CLV on planted truth: seeded BG/NBD + Gamma-Gamma customers with known parameters are recovered (inside the 95 %
// intervals), P(alive) matches who really was alive, expected purchases match the simulated future, and a
// transaction log built from them goes through the whole job (summary, fits, holdout check).
import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgnbd, probabilityAlive } from '../../../src/core/clv/bgnbd.ts';
import { fitGammaGamma } from '../../../src/core/clv/gamma-gamma.ts';
import { runClv } from '../../../src/core/clv/run.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { simulate, type Planted, type SimCustomer } from './simulate.ts';

const TRUTH: Planted = { r: 0.25, alpha: 4, a: 0.8, b: 2.5, p: 6, q: 4, v: 15 };
const FUTURE = 52;
const sim = simulate(TRUTH, 3000, 20240601, 52, 104, FUTURE);

function observed(cs: SimCustomer[]) {
  const seen = cs.map((c) => c.times.filter((t) => t < c.T));
  const frequency = Float64Array.from(seen, (t) => t.length - 1);
  const recency = Float64Array.from(seen, (t) => t[t.length - 1]!);
  const T = Float64Array.from(cs, (c) => c.T);
  const monetary = Float64Array.from(cs, (c, i) => {
    const x = seen[i]!.length - 1;
    return x > 0 ? c.spends.slice(1, x + 1).reduce((s, v) => s + v, 0) / x : 0;
  });
  const future = Float64Array.from(cs, (c) => c.times.filter((t) => t >= c.T && t < c.T + FUTURE).length);
  return { frequency, recency, T, monetary, future };
}

describe('BG/NBD and Gamma-Gamma on planted customers (3,000, seeded)', () => {
  const d = observed(sim);
  const bg = fitBgnbd(d);

  it('recovers r, α, a, b: each inside its 95 % interval, r and α within 10 %', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      const [lo, hi] = bg.intervals[k]!;
      expect(TRUTH[k], k).toBeGreaterThan(lo);
      expect(TRUTH[k], k).toBeLessThan(hi);
    }
    expect(Math.abs(bg.r / TRUTH.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(bg.alpha / TRUTH.alpha - 1)).toBeLessThan(0.1);
    expect(bg.converged).toBe(true);
  });

  it('P(alive) is calibrated: its mean matches the share really alive at T, and the alive score higher', () => {
    const pa = sim.map((c, i) => probabilityAlive(bg, d.frequency[i]!, d.recency[i]!, d.T[i]!));
    const repeaters = sim.map((_, i) => i).filter((i) => d.frequency[i]! > 0);
    const meanP = repeaters.reduce((s, i) => s + pa[i]!, 0) / repeaters.length;
    const aliveShare = repeaters.filter((i) => sim[i]!.aliveAtT).length / repeaters.length;
    expect(Math.abs(meanP - aliveShare)).toBeLessThan(0.03);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    const alive = mean(repeaters.filter((i) => sim[i]!.aliveAtT).map((i) => pa[i]!));
    const dead = mean(repeaters.filter((i) => !sim[i]!.aliveAtT).map((i) => pa[i]!));
    expect(alive - dead).toBeGreaterThan(0.2);
  });

  it('expected purchases in the next 52 periods match the simulated future within 6 %', () => {
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < sim.length; i++) {
      predicted += expectedPurchases(bg, FUTURE, d.frequency[i]!, d.recency[i]!, d.T[i]!);
      actual += d.future[i]!;
    }
    expect(actual).toBeGreaterThan(1000);
    expect(Math.abs(predicted / actual - 1)).toBeLessThan(0.06);
  });

  it('Gamma-Gamma recovers p, q, v inside the intervals and the population mean spend within 5 %', () => {
    const gg = fitGammaGamma(d.frequency, d.monetary);
    for (const k of ['p', 'q', 'v'] as const) {
      const [lo, hi] = gg.intervals[k]!;
      expect(TRUTH[k], k).toBeGreaterThan(lo);
      expect(TRUTH[k], k).toBeLessThan(hi);
    }
    const popMean = (gg.v * gg.p) / (gg.q - 1);
    expect(Math.abs(popMean / ((TRUTH.v * TRUTH.p) / (TRUTH.q - 1)) - 1)).toBeLessThan(0.05);
  });
});

describe('the CLV job on a planted transaction log (days, weekly periods, holdout)', () => {
  // Customers start on a day in the first 12 weeks; each purchase is a row (customer, ISO date, amount).
  const start = Date.UTC(2023, 0, 2);
  const cohort = simulate(TRUTH, 3000, 7, 0, 0, 200);
  const records: { customer: string; date: string; amount: number }[] = [];
  cohort.forEach((c, i) => {
    const first = start + Math.floor(((i * 7919) % 84) * 86_400_000);
    c.times.forEach((t, k) => {
      const ms = first + Math.floor(t * 7) * 86_400_000;
      if (ms <= start + 104 * 7 * 86_400_000)
        records.push({ customer: `C${i}`, date: new Date(ms).toISOString().slice(0, 10), amount: c.spends[k]! });
    });
  });
  const table = tableFromRecords(records, { customer: 'id', date: 'date', amount: 'decimal' });
  const roles = { customer: 'customer_id', date: 'timestamp', amount: 'amount' } as const;

  it('fits the calibration part near the truth and predicts the holdout purchases per frequency group', async () => {
    const res = await runClv(
      table,
      { ...roles },
      {
        period: 'week',
        horizon: 26,
        holdout: 26,
        discount: 0.01,
        months: 12,
        penalty: 0,
      },
    );
    expect(res.input).toBe('transactions');
    expect(res.summary.customers).toBe(3000);
    const h = res.holdout!;
    expect(h.periods).toBe(26);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      const [lo, hi] = h.model.intervals[k]!;
      expect(TRUTH[k], k).toBeGreaterThan(lo);
      expect(TRUTH[k], k).toBeLessThan(hi);
    }
    expect(h.rows.map((r) => r.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(h.rows.at(-1)!.orMore).toBe(true);
    expect(h.rows.reduce((s, r) => s + r.customers, 0)).toBe(h.customers);
    expect(Math.abs(h.predictedTotal / h.actualTotal - 1)).toBeLessThan(0.08);
    // Predicted holdout purchases rise with calibration frequency, as the actual ones do.
    for (let g = 1; g < h.rows.length; g++)
      expect(h.rows[g]!.predictedMean).toBeGreaterThan(h.rows[g - 1]!.predictedMean);
    // Spend: the population mean order value is recovered, and CLV is positive for every customer.
    expect(Math.abs((res.model.v! * res.model.p!) / (res.model.q! - 1) / 30 - 1)).toBeLessThan(0.06);
    expect(res.customers.clv!.every((v) => v > 0)).toBe(true);
  });
});
