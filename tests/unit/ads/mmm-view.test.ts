// What the marketing-mix panel shows: formatting that never prints NaN/Infinity, carry-over in words, the half-
// saturation spend of each curve kind (checked against the curve itself), the table rows of a real fit, and the
// date / control column candidates of the form.
import { describe, expect, it } from 'vitest';
import { curveValue } from '../../../src/core/ads/curves.ts';
import { fitMmm } from '../../../src/core/ads/mmm/run.ts';
import type { ResponseCurve } from '../../../src/core/ads/types.ts';
import type { ColumnSummary } from '../../../src/core/data/schema.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { rng } from '../../../src/core/random.ts';
import {
  carryOverText,
  controlColumns,
  dateColumns,
  defaultControls,
  fitLine,
  halfSaturation,
  mmmRows,
  num,
  pct,
  periodNoun,
  trustedText,
} from '../../../src/ui/ads/mmm-view.ts';

describe('mmm view formatting', () => {
  it('formats numbers and shares, with "–" for NaN and ±Infinity', () => {
    expect(num(0.23456)).toBe('0.235');
    expect(num(-29.84)).toBe('-29.8');
    expect(num(12345.6)).toBe('12,346');
    expect(pct(0.4123)).toBe('41.2 %');
    for (const v of [NaN, Infinity, -Infinity, undefined, null]) {
      expect(num(v)).toBe('–');
      expect(pct(v)).toBe('–');
    }
  });

  it('says carry-over in words per period', () => {
    expect(carryOverText(0.41, 'per week')).toBe("41 % of a week's effect carries to the next");
    expect(carryOverText(0.05, 'per day')).toBe("5 % of a day's effect carries to the next");
    expect(periodNoun('per 14 days')).toBe('14-day period');
    expect(carryOverText(NaN, 'per week')).toBe('–');
  });

  it('puts the half-saturation spend where each curve reaches half its ceiling', () => {
    for (const kind of ['logistic', 'hill'] as const) {
      const params = { kind, beta: 800, k: 1200, n: 1.7 };
      const curve = { params, paramLow: { ...params, k: 1000 }, paramHigh: { ...params, k: 1500 } } as ResponseCurve;
      const h = halfSaturation(curve);
      expect(curveValue(params, h.value)).toBeCloseTo(400, 9);
      expect(h.low).toBeLessThan(h.value);
      expect(h.high).toBeGreaterThan(h.value);
    }
  });
});

describe('mmm view of a real fit', () => {
  it('gives one formatted row per channel and the verdict and fit lines, with no NaN or Infinity', async () => {
    const rand = rng(4);
    const records = Array.from({ length: 104 }, (_, t) => {
      const tv = rand() < 0.7 ? 500 + 500 * rand() : 0;
      const radio = 300 * rand();
      const y = 1000 + 300 * Math.tanh(tv / 600) + 100 * Math.tanh(radio / 200) + 20 * (rand() - 0.5);
      return { week: new Date(Date.UTC(2023, 0, 2) + t * 7 * 86_400_000).toISOString(), y, tv, radio };
    });
    const table = tableFromRecords(records, { week: 'date', y: 'decimal', tv: 'decimal', radio: 'decimal' });
    const m = await fitMmm(
      table,
      {},
      { outcome: 'y', date: 'week', spend: ['tv', 'radio'], draws: 20, seed: 1 },
      silentContext(),
    );
    const rows = mmmRows(m);
    expect(rows.map((r) => r.channel)).toEqual(['tv', 'radio']);
    expect(rows[0]!.carryOver).toMatch(/^\d+ % of a week's effect carries to the next$/);
    expect(rows[0]!.share).toBe(`${(m.channels[0]!.share * 100).toFixed(1)} %`);
    expect(rows[0]!.shape).toBe('concave');
    const text = JSON.stringify(rows) + trustedText(m) + fitLine(m);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(fitLine(m)).toMatch(
      /^Fit R² 0\.\d+ on 104 weeks, logistic \(concave\) saturation, in .* s: variable projection/,
    );
    expect(fitLine(m)).toContain('20-draw moving-block residual bootstrap');
    // A fit without draws has no intervals: they show as "–", never NaN.
    const bare = mmmRows({ ...m, channels: m.channels.map((c) => ({ ...c, shareLow: NaN, shareHigh: Infinity })) });
    expect(bare[0]!.shareRange).toBe('[–, –]');
  });
});

describe('mmm form candidates', () => {
  const col = (name: string, type: ColumnSummary['type'], distinct: number) =>
    ({ name, type, role: 'numeric', roleConfidence: 1, missing: 0, distinct }) as ColumnSummary;
  const columns = [
    col('y', 'decimal', 179),
    col('x1', 'decimal', 179),
    col('event_1', 'boolean', 2),
    col('dayofyear', 'integer', 179),
    col('created', 'date', 179),
    col('date_week', 'date', 179),
    col('promo_flag', 'integer', 2),
  ];
  const roles = {
    date_week: 'timestamp',
    created: 'numeric',
    x1: 'spend',
    y: 'target',
    event_1: 'categorical',
    dayofyear: 'numeric',
    promo_flag: 'numeric',
  } as const;

  it('offers date columns with the timestamp role first', () => {
    expect(dateColumns(columns, roles)).toEqual(['date_week', 'created']);
  });

  it('offers numeric non-metric columns as controls, flags first, and ticks the event-like flags', () => {
    const c = controlColumns(columns, roles);
    expect(c).toEqual([
      { name: 'event_1', flag: true },
      { name: 'promo_flag', flag: true },
      { name: 'dayofyear', flag: false },
    ]);
    expect(defaultControls(c)).toEqual(['event_1', 'promo_flag']);
  });
});
