// Binning: sklearn's threshold rule, the missing bin, "bin ≤ b ⇔ x ≤ threshold[b]", categorical pooling.
import { describe, expect, it } from 'vitest';
import { rng } from '../../../src/core/random.ts';
import { binRows, fitBinMapper, numericThresholds } from '../../../src/core/trees/binning.ts';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('binning', () => {
  it('few distinct values: midpoints; many: ≤ 254 quantile thresholds, strictly increasing', () => {
    const few = Float64Array.from([3, 1, 2, 2, NaN, 1]);
    expect(Array.from(numericThresholds(few, 1, 0, all(6), 255))).toEqual([1.5, 2.5]);
    const rand = rng(1);
    const many = Float64Array.from({ length: 10_000 }, () => rand());
    const t = numericThresholds(many, 1, 0, all(10_000), 255);
    expect(t.length).toBe(254);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
  });

  it('bins column-major; missing gets bin nBins; bin ≤ b exactly when x ≤ threshold[b]', () => {
    const rand = rng(2);
    const n = 3000;
    const X = Float64Array.from({ length: 2 * n }, (_, k) =>
      k % 2 === 0 ? (rand() < 0.1 ? NaN : Math.round(rand() * 1000) / 10) : Math.floor(rand() * 5),
    );
    const m = fitBinMapper(X, 2, all(n), [false, true], 255, 200_000, 0);
    const bins = binRows(m, X, all(n));
    const t = m.thresholds[0]!;
    for (let i = 0; i < n; i++) {
      const x = X[2 * i]!;
      const b = bins[i]!;
      if (x !== x) expect(b).toBe(m.nBins[0]);
      else for (const s of [0, 17, t.length - 1]) expect(b <= s).toBe(x <= t[s]!);
      expect(m.binCodes[1]![bins[n + i]!]).toEqual([X[2 * i + 1]]);
    }
    expect(m.nBins[1]).toBe(5);
  });

  it('subsamples large tables for the thresholds, and pools the rarest of > 255 levels into one bin', () => {
    const rand = rng(3);
    const n = 5000;
    const X = Float64Array.from({ length: n }, (_, i) => (i < 4000 ? i % 200 : 200 + (i % 100)));
    const m = fitBinMapper(X, 1, all(n), [true], 255, 1000, 0);
    expect(m.nBins[0]).toBe(255);
    expect(m.binCodes[0]!.at(-1)!.length).toBe(300 - 254);
    const Y = Float64Array.from({ length: n }, () => rand());
    const sub = fitBinMapper(Y, 1, all(n), [false], 255, 1000, 0);
    expect(sub.nBins[0]).toBe(255);
  });
});
