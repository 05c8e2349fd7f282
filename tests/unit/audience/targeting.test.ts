// An audience as a what-if target: planted propensities give a known lift; the targeted outcome scales with it,
// is capped by the audience's size for customer counts (1 for rates), and is absent when no propensity covers it.
import { describe, expect, it } from 'vitest';
import {
  segmentTarget,
  targetedOutcome,
  targetingNotes,
  topDecilesTarget,
} from '../../../src/core/audience/targeting.ts';
import type { ScoreSource, SegmentSource } from '../../../src/core/audience/profile.ts';

// 1,000 customers: segment 0 = the first 200 with propensity 0.2; the other 800 have 0.075 → overall mean 0.1,
// so segment 0's lift is exactly 2.
const ids = Array.from({ length: 1000 }, (_, i) => `c${i}`);
const segments: SegmentSource = {
  customers: ids,
  labels: Int32Array.from(ids, (_, i) => (i < 200 ? 0 : 1)),
  cards: [
    { id: 0, name: 'Loyal' },
    { id: 1, name: 'Rest' },
  ],
};
const scores: ScoreSource = {
  datasetId: 'p',
  name: 'leads',
  ids,
  values: Float32Array.from(ids, (_, i) => (i < 200 ? 0.2 : 0.075)),
};

describe('audience targeting', () => {
  it('a segment with twice the mean propensity doubles the predicted conversions', () => {
    const t = segmentTarget('segment “Loyal”', segments, 0, scores);
    expect(t.size).toBe(200);
    expect(t.propensity!.covered).toBe(200);
    expect(t.propensity!.overall).toBeCloseTo(0.1, 6);
    expect(t.propensity!.lift).toBeCloseTo(2, 5);
    const out = targetedOutcome(37, t, 'customers');
    expect(out.predicted).toBe(37);
    expect(out.targeted).toBeCloseTo(74, 4);
    expect(out.capped).toBe(false);
    expect(targetingNotes(t, 'customers').join(' ')).toMatch(/same reach.*lift ×2\.00/);
  });

  it('caps the targeted outcome at the audience size for customer counts, at 1 for rates, not otherwise', () => {
    const t = segmentTarget('segment “Loyal”', segments, 0, scores);
    const counted = targetedOutcome(150, t, 'customers');
    expect(counted.targeted).toBe(200);
    expect(counted.capped).toBe(true);
    const r = targetedOutcome(0.7, t, 'rate');
    expect(r.targeted).toBe(1);
    expect(r.capped).toBe(true);
    const free = targetedOutcome(150, t, null);
    expect(free.targeted).toBeCloseTo(300, 3);
    expect(free.capped).toBe(false);
  });

  it('below-average segments lower the outcome (lift < 1)', () => {
    const t = segmentTarget('segment “Rest”', segments, 1, scores);
    expect(t.size).toBe(800);
    expect(t.propensity!.lift).toBeCloseTo(0.75, 5);
    expect(targetedOutcome(40, t, null).targeted).toBeCloseTo(30, 4);
  });

  it('with no propensity covering the audience: only its size, no targeted outcome, and a note saying so', () => {
    const none = segmentTarget('segment “Loyal”', segments, 0, null);
    expect(none.size).toBe(200);
    expect(none.propensity).toBeNull();
    expect(targetedOutcome(37, none, 'customers')).toEqual({ predicted: 37, targeted: null, capped: false });
    expect(targetingNotes(none, null)[0]).toMatch(/No stored propensity result covers.*200 customers/);
    const other: ScoreSource = { ...scores, ids: ids.map((id) => `x${id}`) };
    expect(segmentTarget('segment “Loyal”', segments, 0, other).propensity).toBeNull();
  });

  it('top deciles: the highest-scored tenths, lift over the scored mean', () => {
    // Scores 1..100 (ids shuffled order): top 3 deciles = 71..100, mean 85.5 vs overall 50.5.
    const n = 100;
    const order = Array.from({ length: n }, (_, i) => (i * 37) % n);
    const src: ScoreSource = {
      datasetId: 'p',
      name: 'leads',
      ids: order.map((k) => `c${k}`),
      values: Float64Array.from(order, (k) => k + 1),
    };
    const t = topDecilesTarget('top 3 deciles', src, 3);
    expect(t.size).toBe(30);
    expect(t.propensity!.mean).toBeCloseTo(85.5, 9);
    expect(t.propensity!.lift).toBeCloseTo(85.5 / 50.5, 9);
    expect(topDecilesTarget('all', src, 10).propensity!.lift).toBeCloseTo(1, 12);
    expect(topDecilesTarget('clamped', src, 40).size).toBe(100);
  });
});
