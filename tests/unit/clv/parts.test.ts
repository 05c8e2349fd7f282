// CLV building blocks: special functions against closed forms, the lifetimes-style summary (purchase days, repeat
// spend, calibration split), the whitespace-log reader, summary-table input, errors a user can cause, cancel.
import { describe, expect, it } from 'vitest';
import { digamma, hyp2f1, lgamma } from '../../../src/core/clv/special.ts';
import { minimise } from '../../../src/core/clv/optimise.ts';
import { expectedPurchases } from '../../../src/core/clv/bgnbd.ts';
import { summariseTransactions, dayOf } from '../../../src/core/clv/summary.ts';
import { compactDateMs, isWhitespaceLog, splitWhitespaceLog } from '../../../src/core/clv/log-reader.ts';
import { runClv } from '../../../src/core/clv/run.ts';
import { clvOptions, topCustomers } from '../../../src/core/clv/job.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { JobError, silentContext } from '../../../src/core/jobs.ts';
import { simulate } from './simulate.ts';
import { sayEn } from '../../../src/cli/say.ts';

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const OPTS = { period: 'week', horizon: 10, holdout: 0, discount: 0.01, months: 12, penalty: 0 } as const;

describe('special functions', () => {
  it('lgamma and digamma match closed forms to 1e-13', () => {
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(0.1)).toBeCloseTo(2.252712651734206, 12);
    expect(lgamma(171)).toBeCloseTo(706.5730622457874, 9); // ln 170!
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.log(2), 13);
    expect(digamma(10.5) - digamma(9.5)).toBeCloseTo(1 / 9.5, 13);
  });

  it('2F1 series: −ln(1−z)/z and (1−z)^−a', () => {
    for (const z of [0.1, 0.5, 0.9]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
      expect(hyp2f1(2.5, 0.7, 0.7, z)).toBeCloseTo(Math.pow(1 - z, -2.5), 9);
    }
  });

  it('expected purchases: the Euler-transformed form equals the direct FHL eq. 10, also when a + b < 1', () => {
    const direct = (
      p: { r: number; alpha: number; a: number; b: number },
      t: number,
      x: number,
      tx: number,
      T: number,
    ) => {
      const { r, alpha, a, b } = p;
      const hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
      const num = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp);
      return num / (1 + (x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0));
    };
    // a + b < 1 (c < 0 for new customers): seen on the online-retail log in days.
    for (const p of [
      { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 },
      { r: 0.843, alpha: 55.62, a: 0.0215, b: 0.4887 },
    ])
      for (const [t, x, tx, T] of [
        [1, 0, 0, 38],
        [90, 0, 0, 100],
        [39, 3, 20, 38],
        [90, 1, 50, 300],
      ] as const) {
        const got = expectedPurchases(p, t, x, tx, T);
        expect(got).toBeGreaterThan(0);
        expect(got).toBeCloseTo(direct(p, t, x, tx, T), 10);
      }
  });

  it('BFGS finds the Rosenbrock minimum', () => {
    const res = minimise(
      (x) => {
        const [a, b] = [x[0]!, x[1]!];
        return {
          f: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
          g: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
        };
      },
      [-1.2, 1],
    );
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
  });
});

describe('transactions → frequency / recency / T / monetary (lifetimes rules)', () => {
  // A: 3 rows on 2 days (same-day rows add up); B: one day only; C: first seen after the calibration end.
  const tx = {
    customer: ['A', 'A', 'A', 'B', 'A', 'C', ''],
    time: Float64Array.of(
      day('2024-01-01'),
      day('2024-01-15') + 3_600_000,
      day('2024-01-15') + 7_200_000,
      day('2024-01-08'),
      day('2024-03-01'),
      day('2024-02-20'),
      day('2024-01-02'),
    ),
    amount: Float64Array.of(10, 5, 7, 3, 20, 9, 1),
  };

  it('counts repeat purchase DAYS and means the repeat days’ totals', () => {
    const s = summariseTransactions(tx, { periodDays: 7 });
    expect(s.ids).toEqual(['A', 'B', 'C']);
    expect(Array.from(s.frequency)).toEqual([2, 0, 0]);
    expect(s.recency[0]).toBeCloseTo(60 / 7, 12); // 2024-01-01 → 2024-03-01
    expect(s.T[0]).toBeCloseTo(60 / 7, 12);
    expect(s.T[1]).toBeCloseTo(53 / 7, 12);
    expect(s.monetary![0]).toBe((12 + 20) / 2);
    expect(s.monetary![1]).toBe(0);
    expect(s.counts).toMatchObject({ rows: 7, used: 6, missing: 1 });
  });

  it('a calibration end splits off the holdout purchase days and drops later newcomers', () => {
    const s = summariseTransactions(tx, { periodDays: 1, calibrationEnd: dayOf(day('2024-01-31')) });
    expect(s.ids).toEqual(['A', 'B']);
    expect(Array.from(s.frequency)).toEqual([1, 0]);
    expect(Array.from(s.recency)).toEqual([14, 0]);
    expect(Array.from(s.T)).toEqual([30, 23]);
    expect(Array.from(s.holdoutFrequency!)).toEqual([1, 0]);
    expect(s.holdoutPeriods).toBe(30); // 2024-01-31 → 2024-03-01
    expect(s.counts.customersAfterCalibration).toBe(1);
  });
});

describe('space-aligned logs', () => {
  it('yyyymmdd dates are real calendar days only', () => {
    expect(compactDateMs('19970101')).toBe(Date.UTC(1997, 0, 1));
    expect(Number.isNaN(compactDateMs('19970231'))).toBe(true);
    expect(Number.isNaN(compactDateMs('1997011'))).toBe(true);
  });

  it('a one-column table of whitespace fields splits into typed fields, the header line kept as data', async () => {
    const text = [' 007 19970101  2   29.33', ' 007 19970118  1   9.50', ' 012 19970105  3   63.34', ''].join('\r\n');
    // A one-column table, as a forced comma delimiter (or an import before space-aligned reading) stores such a log.
    const { table } = await ingestCsv(textSource(text), silentContext(), { delimiter: ',' });
    expect(table.columns).toHaveLength(1);
    expect(isWhitespaceLog(table)).toBe(true);
    const split = splitWhitespaceLog(table);
    expect(split.table.rowCount).toBe(3);
    expect(split.table.columns.map((c) => c.type)).toEqual(['id', 'date', 'integer', 'decimal']);
    expect(split.roles).toEqual({ field_1: 'customer_id', field_2: 'timestamp', field_4: 'amount' });
    const ids = split.table.columns[0]!;
    expect(ids.kind === 'categorical' && ids.dictionary).toEqual(['007', '012']);
  });
});

describe('runClv inputs and errors', () => {
  const sim = simulate({ r: 0.3, alpha: 5, a: 0.8, b: 2.5, p: 6, q: 4, v: 15 }, 400, 3, 20, 40);
  const csv = [
    'ID,frequency,recency,T,monetary_value',
    ...sim.map((c, i) => {
      const x = c.times.length - 1;
      const m = x ? c.spends.slice(1).reduce((s, v) => s + v, 0) / x : 0;
      return [i + 1, x, c.times[x]!.toFixed(2), c.T.toFixed(2), m.toFixed(2)].join(',');
    }),
  ].join('\n');

  it('reads a frequency/recency/T/monetary summary by column names, and says a holdout needs dates', async () => {
    const data = await ingestCsv(textSource(csv), silentContext());
    const res = await runClv(data.table, data.roles, { ...OPTS, holdout: 10 });
    expect(res.input).toBe('summary');
    expect(res.columns).toMatchObject({
      frequency: 'frequency',
      recency: 'recency',
      T: 'T',
      monetary: 'monetary_value',
    });
    expect(res.customers.ids.slice(0, 2)).toEqual(['1', '2']);
    expect(res.holdout).toBeNull();
    // Notes are messages: worded in English as the CLI prints them.
    expect(res.notes.map((n) => sayEn(n)).join(' ')).toMatch(/holdout check needs a transaction log/);
    expect(res.model.q!).toBeGreaterThan(1);
    const top = topCustomers(res.customers, 3);
    expect(top).toHaveLength(3);
    expect(top[0]!.clv!).toBeGreaterThanOrEqual(top[1]!.clv!);
    const i = res.customers.ids.indexOf(top[0]!.id);
    expect(res.customers.clv![i]).toBe(Math.max(...res.customers.clv!));
  });

  it('names the problem: no customer column, no date, too few customers, bad options', async () => {
    const noId = tableFromRecords([{ d: '2024-01-01', amount: 3 }], { d: 'date', amount: 'decimal' });
    await expect(runClv(noId, { d: 'timestamp' }, OPTS)).rejects.toThrow(/customer id/);
    const noDate = tableFromRecords([{ c: 'a', amount: 3 }], { c: 'id', amount: 'decimal' });
    await expect(runClv(noDate, { c: 'customer_id' }, OPTS)).rejects.toThrow(/purchase date column/);
    const tiny = tableFromRecords(
      [
        { c: 'a', d: '2024-01-01' },
        { c: 'a', d: '2024-02-01' },
      ],
      { c: 'id', d: 'date' },
    );
    const err = await runClv(tiny, { c: 'customer_id', d: 'timestamp' }, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).code).toBe('too-few-customers');
    expect((err as JobError).message).toMatch(/has 1 customers, 1 with a repeat purchase/);
    await expect(runClv(tiny, {}, { ...OPTS, horizon: 0 })).rejects.toThrow(/horizon must be a positive number/);
    await expect(runClv(tiny, { c: 'customer_id' }, { ...OPTS, date: 'nope' })).rejects.toThrow(
      /`nope` is not in the table/,
    );
  });

  it('spec → options fills lifetimes’ defaults; a cancelled job throws', async () => {
    expect(clvOptions({ kind: 'clv', datasetId: 'x', period: 'day', horizon: 30 })).toEqual({
      period: 'day',
      horizon: 30,
      holdout: 0,
      discount: 0.01,
      months: 12,
      penalty: 0,
    });
    const data = await ingestCsv(textSource(csv), silentContext());
    await expect(
      runClv(
        data.table,
        data.roles,
        OPTS,
        silentContext(() => true),
      ),
    ).rejects.toThrow(/cancelled/);
  });
});

describe('a log where nobody drops out', () => {
  it('says the drop-out part cannot be estimated instead of an unexplained missing interval', async () => {
    const { runClv } = await import('../../../src/core/clv/run.ts');
    const { tableFromRecords } = await import('../../../src/core/data/table.ts');
    const { rng } = await import('../../../src/core/random.ts');
    const r = rng(3);
    // 400 customers buying every few weeks right up to the end of a 40-week log: no one has stopped.
    const rows = Array.from({ length: 400 }, (_, i) => {
      const T = 20 + Math.floor(r() * 20);
      const frequency = 2 + Math.floor(r() * 10);
      return { id: `c${i}`, frequency, recency: T - r() * 0.5, T };
    });
    const table = tableFromRecords(rows, { id: 'id', frequency: 'integer', recency: 'decimal', T: 'decimal' });
    const res = await runClv(
      table,
      { id: 'customer_id' },
      { period: 'week', horizon: 10, holdout: 0, discount: 0.01, months: 12, penalty: 0 },
    );
    expect(res.model.a).toBeLessThan(1e-4);
    expect(res.notes.map((n) => sayEn(n)).join(' ')).toMatch(
      /no sign of repeat buyers dropping out .* P\(alive\) is then close to 1/,
    );
    expect(Math.min(...res.customers.pAlive)).toBeGreaterThan(0.99);
  });
});
