// Response curves: slopes, geometric adstock recovery, the wide joint fit, and what-if speed.
import { describe, expect, it } from 'vitest';
import { adstockSeries, curveSlope, curveValue, steadyState } from '../../../src/core/ads/curves.ts';
import { fitAdditive } from '../../../src/core/ads/fit-curves.ts';
import { fitResponse } from '../../../src/core/ads/response.ts';
import { whatIfSpend } from '../../../src/core/ads/whatif.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { normal, rng } from '../../../src/core/random.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import type { CurveParams } from '../../../src/core/ads/types.ts';

describe('curves', () => {
  it('slopes match numeric derivatives for Hill (concave and S-shaped) and negative-exponential', () => {
    const cs: CurveParams[] = [
      { kind: 'hill', beta: 100, k: 500, n: 0.7 },
      { kind: 'hill', beta: 100, k: 500, n: 2.5 },
      { kind: 'negexp', beta: 80, k: 300, n: 1 },
    ];
    for (const c of cs)
      for (const x of [50, 400, 1500]) {
        const h = 1e-3;
        expect(curveSlope(c, x)).toBeCloseTo((curveValue(c, x + h) - curveValue(c, x - h)) / (2 * h), 5);
      }
    expect(curveValue(cs[0]!, 500)).toBeCloseTo(50, 10);
  });

  it('steady state of an adstocked curve equals the curve at x/(1−θ)', () => {
    const c: CurveParams = { kind: 'hill', beta: 50, k: 400, n: 1.5 };
    expect(curveValue(steadyState(c, 0.6), 200)).toBeCloseTo(curveValue(c, 200 / 0.4), 10);
    const a = adstockSeries(new Float64Array(200).fill(100), 0.6);
    expect(a[199]).toBeCloseTo(250, 6);
  });

  it('recovers a planted adstock and Hill curve from a dated log', async () => {
    const rand = rng(9);
    const g = normal(rng(10));
    const theta = 0.5;
    const truth: CurveParams = { kind: 'hill', beta: 300, k: 1200, n: 1.6 };
    const days = 400;
    let carry = 0;
    const records = Array.from({ length: days }, (_, d) => {
      const spend = 100 + rand() * 1500;
      carry = spend + theta * carry;
      const mu = curveValue(truth, carry);
      return {
        date: new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10),
        spend,
        sales: mu + 3 * g(),
      };
    });
    const table = tableFromRecords(records, { date: 'date', spend: 'decimal', sales: 'decimal' });
    const r = await fitResponse(
      table,
      {
        spend: ['spend'],
        outcome: 'sales',
        channel: null,
        timestamp: 'date',
        curve: 'hill',
        adstock: true,
        bootstrap: 10,
        seed: 1,
      },
      silentContext(),
    );
    const c = r.curves[0]!;
    expect(c.adstock).toBeCloseTo(0.5, 5);
    expect(c.params.beta / truth.beta).toBeCloseTo(1, 1);
    expect(c.params.k / (truth.k * (1 - theta))).toBeCloseTo(1, 1); // steady-state K in per-day spend
    expect(c.params.n / truth.n).toBeCloseTo(1, 1);
  });

  it('joint additive fit separates two channels with a baseline', () => {
    const rand = rng(4);
    const g = normal(rng(5));
    const m = 300;
    const a = Float64Array.from({ length: m }, () => rand() * 300);
    const b = Float64Array.from({ length: m }, () => rand() * 50);
    const ca: CurveParams = { kind: 'negexp', beta: 12, k: 150, n: 1 };
    const cb: CurveParams = { kind: 'negexp', beta: 10, k: 40, n: 1 };
    const y = Float64Array.from({ length: m }, (_, i) => 3 + curveValue(ca, a[i]!) + curveValue(cb, b[i]!) + 0.2 * g());
    const fit = fitAdditive([a, b], y, ['negexp', 'negexp'], true);
    expect(fit.baseline).toBeCloseTo(3, 0);
    expect(fit.params[0]!.beta / 12).toBeCloseTo(1, 1);
    expect(fit.params[1]!.k / 40).toBeCloseTo(1, 1);
  });

  it('what-if on spend is fast enough for every slider move', async () => {
    const records = Array.from({ length: 60 }, (_, i) => ({
      tv: i * 5,
      radio: (i * 7) % 50,
      sales: 3 + Math.sqrt(i * 5) + 0.1 * ((i * 7) % 50),
    }));
    const table = tableFromRecords(records, { tv: 'decimal', radio: 'decimal', sales: 'decimal' });
    const r = await fitResponse(
      table,
      {
        spend: ['tv', 'radio'],
        outcome: 'sales',
        channel: null,
        timestamp: null,
        curve: 'auto',
        adstock: false,
        bootstrap: 5,
        seed: 1,
      },
      silentContext(),
    );
    const t0 = performance.now();
    let last = 0;
    for (let i = 0; i < 1000; i++) last = whatIfSpend(r, { tv: i / 4, radio: 20 }).total;
    expect((performance.now() - t0) / 1000).toBeLessThan(0.05); // < 50 µs per call
    expect(last).toBeGreaterThan(whatIfSpend(r, { tv: 0, radio: 20 }).total);
  });
});
