// What the Lifetime value page derives from a result: formats without NaN/Infinity, CLV bands, histograms,
// CLV per segment joined by customer id (the planted segments of the sample shop), and the per-customer CSV.
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/ecommerce.ts';
import { runClv } from '../../../src/core/clv/run.ts';
import { clvOptions, type ClvCustomers, type ClvResult } from '../../../src/core/clv/job.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { toCsv } from '../../../src/ui/export.ts';
import {
  clvBands,
  clvBySegment,
  CSV_HEADER,
  customerCsvRows,
  histogram,
  int,
  num,
  pct,
  quantile,
  sig,
} from '../../../src/ui/clv/derive.ts';

function customers(ids: string[], clv: number[] | null, pAlive?: number[]): ClvCustomers {
  const f = (v: number[]) => Float64Array.from(v);
  return {
    ids,
    frequency: f(ids.map((_, i) => i)),
    recency: f(ids.map((_, i) => i / 2)),
    T: f(ids.map(() => 10)),
    monetary: clv ? f(ids.map(() => 20)) : null,
    pAlive: f(pAlive ?? ids.map(() => 0.5)),
    expectedPurchases: f(ids.map((_, i) => i + 1)),
    expectedValue: clv ? f(ids.map(() => 21)) : null,
    clv: clv ? f(clv) : null,
  };
}

describe('formats', () => {
  it('never shows NaN or Infinity', () => {
    for (const bad of [NaN, Infinity, -Infinity, null, undefined]) {
      expect([num(bad), sig(bad), pct(bad), int(bad)]).toEqual(['–', '–', '–', '–']);
    }
    expect(num(1234.567, 1)).toBe('1,234.6');
    expect(pct(0.1234)).toBe('12.3 %');
    expect(int(1199.6)).toBe('1,200');
    expect(sig(0.24259871)).toBe('0.2426');
    expect(sig(1.0013e-8)).toBe('1.00e-8');
  });
});

describe('CLV bands', () => {
  it('cuts 1…10 into the top 2, middle 6 and bottom 2 with their shares of 55', () => {
    const bands = clvBands([3, 1, 4, 10, 5, 9, 2, 6, 8, 7]);
    expect(bands.map((b) => [b.band, b.customers, b.total])).toEqual([
      ['top 20 %', 2, 19],
      ['middle 60 %', 6, 33],
      ['bottom 20 %', 2, 3],
    ]);
    expect(bands[0]!.share).toBeCloseTo(19 / 55, 12);
    expect(bands[1]!.meanClv).toBeCloseTo(5.5, 12);
    expect(bands.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 12);
  });

  it('counts non-finite values as 0 and gives no share when the total is not positive', () => {
    const bands = clvBands([Infinity, NaN, 0, 0, 0]);
    expect(bands.map((b) => b.customers)).toEqual([1, 3, 1]);
    expect(bands.every((b) => Number.isNaN(b.share))).toBe(true);
  });
});

describe('histogram and quantile', () => {
  it('bins with the edges, clamps values outside and drops non-finite ones', () => {
    const h = histogram([0, 0.05, 0.1, 0.55, 0.99, 1, 1.7, -0.2, NaN], 10, 0, 1);
    expect(h.counts).toEqual([3, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(h.edges[0]).toBe(0);
    expect(h.edges[10]).toBeCloseTo(1, 12);
    expect(quantile([4, 1, 3, 2, NaN], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 4, 5], 0.99)).toBeCloseTo(4.96, 12);
    expect(quantile([NaN], 0.5)).toBeNaN();
  });
});

describe('CLV by segment', () => {
  it('joins on customer id, ignores unknown ids and averages per segment', () => {
    const c = customers(['a', 'b', 'c', 'd', 'e'], [10, 20, 30, 40, 100], [0.1, 0.2, 0.3, 0.4, 0.5]);
    const seg = { customers: ['d', 'a', 'c', 'b', 'zz'], labels: [1, 0, 1, 0, 1], names: ['low', 'high'] };
    const out = clvBySegment(c, seg)!;
    expect(out.matched).toBe(4);
    expect(out.rows.map((r) => [r.name, r.customers])).toEqual([
      ['low', 2],
      ['high', 2],
    ]);
    expect(out.rows[0]!.meanClv).toBeCloseTo(15, 12); // a, b
    expect(out.rows[1]!.meanClv).toBeCloseTo(35, 12); // c, d
    expect(out.rows[1]!.meanPAlive).toBeCloseTo(0.35, 12);
    expect(out.rows[0]!.meanExpectedPurchases).toBeCloseTo(1.5, 12);
    expect(out.rows[1]!.shareClv).toBeCloseTo(70 / 100, 12);
    expect(clvBySegment(c, { customers: ['x'], labels: [0], names: ['s'] })).toBeNull();
    const noClv = clvBySegment(customers(['a'], null), { customers: ['a'], labels: [0], names: ['s'] })!;
    expect(noClv.rows[0]!.meanClv).toBeNaN();
  });
});

describe('on the sample shop', () => {
  let res: ClvResult;
  let truth: Record<string, string>;
  beforeAll(async () => {
    const sample = generate(20261128);
    truth = (sample.truth as { segmentOf: Record<string, string> }).segmentOf;
    const shop = await ingestCsv(textSource(sample.files[0]!.csv), silentContext());
    const spec = { kind: 'clv', datasetId: 'shop', period: 'week', horizon: 52, holdout: 12 } as const;
    res = await runClv(shop.table, shop.roles, clvOptions(spec));
  });

  it('the planted segments join on every customer id; champions are worth most, lapsed one-timers least', () => {
    const names = [...new Set(Object.values(truth))];
    const ids = Object.keys(truth);
    const out = clvBySegment(res.customers, {
      customers: ids,
      labels: ids.map((id) => names.indexOf(truth[id]!)),
      names,
    })!;
    expect(out.matched).toBe(1200);
    const by = Object.fromEntries(out.rows.map((r) => [r.name, r]));
    const champions = by['Champions']!;
    const lapsed = by['Lapsed one-timers']!;
    for (const r of out.rows) expect(champions.meanClv).toBeGreaterThanOrEqual(r.meanClv);
    for (const r of out.rows) expect(lapsed.meanClv).toBeLessThanOrEqual(r.meanClv);
    expect(champions.meanClv).toBeGreaterThan(10 * lapsed.meanClv);
    expect(out.rows.reduce((s, r) => s + r.shareClv, 0)).toBeCloseTo(1, 9);
    const bands = clvBands(res.customers.clv!);
    expect(bands[0]!.customers).toBe(240);
    expect(bands[0]!.total).toBeCloseTo(
      Float64Array.from(res.customers.clv!)
        .sort()
        .reverse()
        .slice(0, 240)
        .reduce((s, v) => s + v, 0),
      6,
    );
    expect(bands[0]!.share).toBeGreaterThan(0.5);
  });

  it('the CSV has a header and one row per customer, with the values of the result', () => {
    const lines = toCsv(CSV_HEADER, customerCsvRows(res.customers)).trim().split('\r\n');
    expect(lines[0]).toBe(
      'customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_order_value,clv',
    );
    expect(lines).toHaveLength(1201);
    const i = res.customers.ids.indexOf(lines[1]!.split(',')[0]!);
    expect(i).toBe(0);
    expect(Number(lines[1]!.split(',')[8])).toBe(res.customers.clv![0]);
    const evil = toCsv(CSV_HEADER, customerCsvRows(customers(['=cmd()'], [1])));
    expect(evil.split('\r\n')[1]!.startsWith("'=cmd()")).toBe(true);
  });
});
