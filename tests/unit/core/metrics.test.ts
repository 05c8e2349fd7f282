// Classification and clustering metrics against hand-computed values.
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  adjustedRandIndex,
  auc,
  calibration,
  confusion,
  gainLift,
  logLoss,
  rocCurve,
} from '../../../src/core/metrics/classification.ts';

describe('classification metrics', () => {
  const y = [1, 0, 1, 1, 0, 0, 1, 0];
  const p = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.1];

  it('AUC counts concordant pairs and gives ties half credit', () => {
    // Positives at ranks 8,6,5,2 (ascending): pairs won = 4 + 3 + 3 + 1 = 11 of 16.
    expect(auc(y, p)).toBeCloseTo(11 / 16, 12);
    expect(auc([1, 0], [0.5, 0.5])).toBe(0.5);
    expect(auc([1, 1, 0, 0], [0.9, 0.2, 0.2, 0.1])).toBeCloseTo((1 + 1 + 0.5 + 1) / 4, 12);
    expect(Number.isNaN(auc([1, 1], [0.2, 0.3]))).toBe(true);
  });

  it('log loss matches the formula and clips 0/1 probabilities', () => {
    expect(logLoss([1, 0], [0.8, 0.3])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(Number.isFinite(logLoss([1], [0]))).toBe(true);
  });

  it('confusion, precision and recall at a threshold', () => {
    const c = confusion(y, p, 0.55);
    expect([c.tp, c.fp, c.tn, c.fn]).toEqual([3, 1, 3, 1]);
    expect(c.precision).toBeCloseTo(0.75);
    expect(c.recall).toBeCloseTo(0.75);
    expect(accuracy(y, p, 0.55)).toBeCloseTo(0.75);
  });

  it('ROC curve runs from (0,0) to (1,1) and its trapezoid area equals the AUC', () => {
    const roc = rocCurve(y, p);
    expect(roc.fpr[0]).toBe(0);
    expect(roc.tpr.at(-1)).toBe(1);
    let area = 0;
    for (let i = 1; i < roc.fpr.length; i++)
      area += ((roc.fpr[i]! - roc.fpr[i - 1]!) * (roc.tpr[i]! + roc.tpr[i - 1]!)) / 2;
    expect(area).toBeCloseTo(auc(y, p), 12);
  });

  it('gain reaches 100 % in the last bin and lift of a perfect model is 1/rate in the top bin', () => {
    const yy = Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    const pp = Array.from({ length: 100 }, (_, i) => 1 - i / 100);
    const g = gainLift(yy, pp, 10);
    expect(g[0]!.cumulativeLift).toBeCloseTo(5);
    expect(g[1]!.cumulativeGain).toBeCloseTo(1);
    expect(g[9]!.cumulativeGain).toBeCloseTo(1);
    expect(g[9]!.cumulativeLift).toBeCloseTo(1);
  });

  it('calibration bins average predictions and outcomes per bin', () => {
    const cal = calibration([1, 0, 1, 1], [0.05, 0.08, 0.92, 0.97], 10);
    expect(cal).toHaveLength(2);
    expect(cal[0]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(cal[0]!.meanPredicted).toBeCloseTo(0.065);
    expect(cal[1]).toMatchObject({ count: 2, observedRate: 1 });
  });

  it('adjusted Rand index: 1 for relabelled partitions, ~0 for unrelated, reference value for a known case', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9])).toBe(1);
    // scikit-learn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714285715, 12);
    const a = Array.from({ length: 4000 }, (_, i) => i % 4),
      b = Array.from({ length: 4000 }, (_, i) => Math.floor(i / 1000));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.01);
  });
});
