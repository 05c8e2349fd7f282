// CTR building blocks with known answers: MurmurHash3 reference vectors, the bucket rule and its collision rate,
// Wilson intervals (Newcombe 1998), the binning / pooling rule, feature selection and the impression-log test.
import { describe, expect, it } from 'vitest';
import { tableFromRecords, type Table } from '../../../src/core/data/table.ts';
import { bitsFor, bucketOf, countCollisions, murmur3String } from '../../../src/core/ads/ctr/hash.ts';
import { wilson } from '../../../src/core/ads/ctr/effects.ts';
import { encodeRows, fitEncoding, MISSING, OTHER } from '../../../src/core/ads/ctr/encode.ts';
import { selectFeatures } from '../../../src/core/ads/ctr/select.ts';
import { isImpressionLog } from '../../../src/core/ads/ctr/detect.ts';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('MurmurHash3 x86_32 and the bucket rule', () => {
  it('matches the reference implementation on known vectors', () => {
    const cases: [string, number, number][] = [
      ['', 0, 0],
      ['', 1, 0x514e28b7],
      ['', 0xffffffff, 0x81f16f39],
      ['test', 0, 0xba6bd213],
      ['Hello, world!', 1234, 0xfaf6cdb3],
      ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
    ];
    for (const [s, seed, want] of cases) expect(murmur3String(s, seed)).toBe(want);
  });

  it('hashes "column=value": the column, the value and the seed all move the bucket', () => {
    const b = bucketOf('device', 'mobile', 16, 42);
    expect(b).toBe(murmur3String('device=mobile', 42) & 0xffff);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThan(1 << 16);
    expect(new Set([b, bucketOf('format', 'mobile', 16, 42), bucketOf('device', 'mobile', 16, 43)]).size).toBe(3);
  });

  it('picks 2^k ≥ 32·levels buckets, clamped to [2^10, 2^20]', () => {
    expect(bitsFor(1)).toBe(10);
    expect(bitsFor(100)).toBe(12); // 3200 → 4096
    expect(bitsFor(2000)).toBe(16); // 64000 → 65536
    expect(bitsFor(10_000_000)).toBe(20);
    expect(countCollisions([1, 2, 1, 1, 3])).toBe(2);
  });

  it('collides about as often as uniform hashing predicts (levels²/2M)', () => {
    const n = 2000;
    const bits = bitsFor(n);
    const buckets = Array.from({ length: n }, (_, i) => bucketOf(`col${i % 7}`, `level-${i}`, bits, 7));
    const m = 1 << bits;
    const expected = n - m * (1 - (1 - 1 / m) ** n); // ≈ 30.4
    const got = countCollisions(buckets);
    expect(expected).toBeCloseTo(30.4, 0);
    // Poisson sd ≈ 5.5: a biased hash (e.g. one ignoring the column name or a byte) lands far outside.
    expect(got).toBeGreaterThan(12);
    expect(got).toBeLessThan(52);
  });
});

describe('Wilson score interval', () => {
  it('reproduces Newcombe (1998) Table I, method 3', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, lo, hi] of cases) {
      const w = wilson(k, n);
      expect(w.low).toBeCloseTo(lo, 4);
      expect(w.high).toBeCloseTo(hi, 4);
    }
  });

  it('stays inside [0, 1] at the edges', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    const w = wilson(10, 10);
    expect(w.high).toBeCloseTo(1, 12);
    expect(w.low).toBeCloseTo(0.7225, 4);
  });
});

function sampleTable(): Table {
  const records = Array.from({ length: 1000 }, (_, i) => ({
    score: i,
    slot: (i % 5) + 1,
    colour: i < 3 ? 'rare' : ['red', 'green', 'blue'][i % 3]!,
    clicked: i % 4 === 0 ? 1 : 0,
  }));
  return tableFromRecords(records, { score: 'integer', slot: 'integer', colour: 'categorical', clicked: 'integer' });
}

describe('encoding fitted on the training rows', () => {
  it('bins a many-valued numeric column at its training deciles and keeps few values as levels', () => {
    const t = sampleTable();
    const enc = fitEncoding(t, ['score', 'slot', 'colour'], all(1000), 1);
    const [score, slot, colour] = enc.fields;
    expect(score!.cuts).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(score!.levels.slice(0, 2)).toEqual(['< 100', '[100, 200)']);
    expect(score!.levels.slice(-3)).toEqual(['≥ 900', OTHER, MISSING]);
    expect(slot!.exact).toBe(true);
    expect(slot!.levels).toEqual(['1', '2', '3', '4', '5', OTHER, MISSING]);
    // Most frequent first (red 333, then blue and green 332 by name); "rare" (3 rows < 5) is pooled into OTHER.
    expect(colour!.levels).toEqual(['red', 'blue', 'green', OTHER, MISSING]);
    expect(enc.bits).toBe(bitsFor(11 + 7 + 5));
  });

  it('maps unseen values to OTHER and blanks to MISSING in another table', () => {
    const enc = fitEncoding(sampleTable(), ['score', 'slot', 'colour'], all(1000), 1);
    const test = tableFromRecords(
      [
        { score: 5, slot: 7, colour: 'purple' },
        { score: 950, slot: null, colour: 'rare' },
        { score: null, slot: 2, colour: null },
      ],
      { score: 'integer', slot: 'integer', colour: 'categorical' },
    );
    const codes = Array.from(encodeRows(enc, test, all(3)));
    const lv = (f: number, c: number) => enc.fields[f]!.levels[c];
    expect([lv(0, codes[0]!), lv(1, codes[1]!), lv(2, codes[2]!)]).toEqual(['< 100', OTHER, OTHER]);
    expect([lv(0, codes[3]!), lv(1, codes[4]!), lv(2, codes[5]!)]).toEqual(['≥ 900', MISSING, OTHER]);
    expect([lv(0, codes[6]!), lv(1, codes[7]!), lv(2, codes[8]!)]).toEqual([MISSING, '2', MISSING]);
  });
});

describe('default features', () => {
  it('leaves out ids, dates, ignored columns and other outcomes, and says why', () => {
    const n = 400;
    const t = tableFromRecords(
      Array.from({ length: n }, (_, i) => ({
        imp: `i${i}`,
        user: `u${i % 40}`,
        when: new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString(),
        device: i % 2 ? 'mobile' : 'desktop',
        converted: i % 9 === 0 ? 1 : 0,
        note: 'x',
        clicked: i % 3 === 0 ? 1 : 0,
      })),
      {
        imp: 'id',
        user: 'id',
        when: 'date',
        device: 'categorical',
        converted: 'integer',
        note: 'text',
        clicked: 'integer',
      },
    );
    const roles = { imp: 'ignore', converted: 'conversions' } as const;
    const { features, dropped } = selectFeatures(t, roles, 'clicked', all(n));
    expect(features).toEqual(['device']);
    const why = Object.fromEntries(dropped.map((d) => [d.column, d.reason]));
    expect(why.imp).toMatch(/ignore/);
    expect(why.user).toMatch(/id-like: 40 values in 400/); // 10 rows per user < 20
    expect(why.when).toMatch(/date/);
    expect(why.converted).toMatch(/another outcome/);
    expect(why.note).toMatch(/constant/);
  });
});

describe('isImpressionLog', () => {
  const make = (
    values: (string | number | boolean | null)[],
    type: 'integer' | 'decimal' | 'categorical' | 'boolean',
  ) =>
    tableFromRecords(
      values.map((v, i) => ({ y: v, x: i % 3 })),
      { y: type, x: 'integer' },
    );
  it('accepts one 0/1 or two-label outcome per row, blanks allowed', () => {
    expect(isImpressionLog(make([0, 1, 0, 0, 1], 'integer'), {}, 'y')).toBe(true);
    expect(isImpressionLog(make([0, 1, null, 0], 'integer'), {}, 'y')).toBe(true);
    expect(isImpressionLog(make(['yes', 'no', 'no'], 'categorical'), {}, 'y')).toBe(true);
    expect(isImpressionLog(make(['clicked', 'shown', 'shown'], 'categorical'), {}, 'y')).toBe(true);
    expect(isImpressionLog(make([true, false, true], 'boolean'), {}, 'y')).toBe(true);
  });
  it('rejects counts, rates, one value, three labels, a missing column and aggregated rows', () => {
    expect(isImpressionLog(make([0, 1, 2, 5], 'integer'), {}, 'y')).toBe(false);
    expect(isImpressionLog(make([0.1, 0.5, 0], 'decimal'), {}, 'y')).toBe(false);
    expect(isImpressionLog(make([0, 2, 0, 2], 'integer'), {}, 'y')).toBe(false);
    expect(isImpressionLog(make([1, 1, 1], 'integer'), {}, 'y')).toBe(false);
    expect(isImpressionLog(make(['a', 'b', 'c'], 'categorical'), {}, 'y')).toBe(false);
    expect(isImpressionLog(make([0, 1], 'integer'), {}, 'nope')).toBe(false);
    // Clicks 0/1 but each row counts x impressions (0–2): an aggregated log.
    expect(isImpressionLog(make([0, 1, 0, 1], 'integer'), { x: 'impressions' }, 'y')).toBe(false);
  });
});
