// Ranking and rating metrics against hand-computed values.
import { describe, expect, it } from 'vitest';
import {
  catalogueCoverage,
  ndcgAtK,
  popularityBias,
  popularityPercentiles,
  precisionAtK,
  recallAtK,
  topK,
} from '../../../src/core/metrics/ranking.ts';
import { mae, r2, rmse } from '../../../src/core/metrics/regression.ts';

describe('ranking metrics', () => {
  const ranked = [5, 1, 7, 3];
  const rel = new Set([1, 3, 9]);
  it('precision and recall count hits in the first k', () => {
    expect(precisionAtK(ranked, rel, 4)).toBe(0.5);
    expect(precisionAtK(ranked, rel, 2)).toBe(0.5);
    expect(recallAtK(ranked, rel, 4)).toBeCloseTo(2 / 3, 12);
    // an unrecommendable relevant item still counts in |relevant|
    expect(recallAtK(ranked, rel, 4, 4)).toBe(0.5);
  });
  it('NDCG uses binary gain, log2 discount and IDCG over min(|rel|, k)', () => {
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAtK(ranked, rel, 4)).toBeCloseTo(dcg / idcg, 12);
    expect(ndcgAtK([1, 3], new Set([1, 3]), 10)).toBeCloseTo(1, 12);
    expect(ndcgAtK([2, 1], new Set([1]), 2)).toBeCloseTo(1 / Math.log2(3), 12);
  });
  it('coverage and popularity bias describe the lists', () => {
    expect(
      catalogueCoverage(
        [
          [0, 1],
          [1, 2],
        ],
        6,
      ),
    ).toBe(0.5);
    const pct = popularityPercentiles([10, 1, 5, 5]);
    expect([...pct]).toEqual([1, 0, 0.5, 0.5]);
    expect(popularityBias([[0], [1]], pct)).toBe(0.5);
  });
  it('topK returns the best indices, skips excluded and -Infinity, breaks ties by index', () => {
    const s = [0.1, 0.9, 0.5, 0.9, -Infinity, 0.7];
    expect([...topK(s, 3)]).toEqual([1, 3, 5]);
    expect([...topK(s, 3, (i) => i === 1)]).toEqual([3, 5, 2]);
    expect([...topK([-Infinity, 2], 5)]).toEqual([1]);
  });
});

describe('regression metrics', () => {
  it('rmse, mae and r2 match hand values and skip NaN pairs', () => {
    const y = [1, 2, 3, 4];
    const p = [1, 3, 3, 2];
    expect(rmse(y, p)).toBeCloseTo(Math.sqrt(5 / 4), 12);
    expect(mae(y, p)).toBeCloseTo(3 / 4, 12);
    expect(r2(y, p)).toBeCloseTo(1 - 5 / 5, 12);
    expect(r2([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(rmse([1, NaN, 3], [2, 5, 3])).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(() => rmse([1], [1, 2])).toThrow(/1 targets but 2 predictions/);
  });
});
