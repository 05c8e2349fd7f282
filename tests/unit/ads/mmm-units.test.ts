// MMM building blocks on exact small examples: normalised geometric adstock, logistic/Hill saturation, the
// 'logistic' curve kind the allocator evaluates, the block resampler, and variable projection on noiseless data.
import { describe, expect, it } from 'vitest';
import { adstockWeights, geometricAdstock } from '../../../src/core/ads/mmm/adstock.ts';
import { hillSaturation, logisticSaturation, logisticSlope } from '../../../src/core/ads/mmm/saturation.ts';
import { baseGram, decode, fitNonlinear, type MmmProblem } from '../../../src/core/ads/mmm/fit.ts';
import { blockResample } from '../../../src/core/ads/mmm/uncertainty.ts';
import { curveSlope, curveValue } from '../../../src/core/ads/curves.ts';
import { allocateBudget } from '../../../src/core/ads/allocate.ts';
import { rng } from '../../../src/core/random.ts';
import type { CurveParams } from '../../../src/core/ads/types.ts';

describe('geometric adstock', () => {
  it('has weights α^l normalised to 1 (α = ½, l_max 3 → 4/7, 2/7, 1/7)', () => {
    const w = adstockWeights(0.5, 3);
    expect(Array.from(w)).toEqual([4 / 7, 2 / 7, 1 / 7].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(adstockWeights(0.5, 3, false))).toEqual([1, 0.5, 0.25]);
  });

  it('spreads an impulse over l_max periods and keeps a constant spend at its level', () => {
    const imp = geometricAdstock([1, 0, 0, 0, 0], 0.5, 3);
    [4 / 7, 2 / 7, 1 / 7, 0, 0].forEach((v, i) => expect(imp[i]).toBeCloseTo(v, 14));
    const flat = geometricAdstock([2, 2, 2, 2, 2], 0.5, 3);
    [8 / 7, 12 / 7, 2, 2, 2].forEach((v, i) => expect(flat[i]).toBeCloseTo(v, 14));
    const raw = geometricAdstock([1, 0, 3], 0.2, 2, false);
    [1, 0.2, 3].forEach((v, i) => expect(raw[i]).toBeCloseTo(v, 14));
  });
});

describe('saturation', () => {
  it('logistic (1−e^(−λx))/(1+e^(−λx)) is ½ at λx = ln 3, slope λ/2 at 0, 0 below 0', () => {
    expect(logisticSaturation(1, Math.log(3))).toBeCloseTo(0.5, 14);
    expect(logisticSaturation(2, 1)).toBeCloseTo((1 - Math.exp(-2)) / (1 + Math.exp(-2)), 14);
    expect(logisticSlope(0, 4)).toBeCloseTo(2, 14);
    const h = 1e-6;
    expect(logisticSlope(0.3, 4)).toBeCloseTo(
      (logisticSaturation(0.3 + h, 4) - logisticSaturation(0.3 - h, 4)) / (2 * h),
      6,
    );
    expect(logisticSaturation(-1, 4)).toBe(0);
  });

  it('Hill is ½ at K and 4/5 at 2K with n = 2', () => {
    expect(hillSaturation(0.4, 0.4, 1.7)).toBeCloseTo(0.5, 14);
    expect(hillSaturation(0.8, 0.4, 2)).toBeCloseTo(0.8, 14);
  });

  it("the 'logistic' curve kind: β·(1−e^(−x/k))/(1+e^(−x/k)), its slope, and allocation equalises marginal returns", () => {
    const a: CurveParams = { kind: 'logistic', beta: 10, k: 2, n: 1 };
    expect(curveValue(a, 2 * Math.log(3))).toBeCloseTo(5, 12);
    expect(curveSlope(a, 0)).toBeCloseTo(2.5, 12);
    const h = 1e-5;
    expect(curveSlope(a, 3)).toBeCloseTo((curveValue(a, 3 + h) - curveValue(a, 3 - h)) / (2 * h), 6);
    const b: CurveParams = { kind: 'logistic', beta: 6, k: 1, n: 1 };
    const plan = allocateBudget({ channels: ['a', 'b'], params: [a, b], current: [2, 2] }, { budget: 4 });
    expect(plan.proposed[0]! + plan.proposed[1]!).toBeCloseTo(4, 9);
    expect(curveSlope(a, plan.proposed[0]!)).toBeCloseTo(curveSlope(b, plan.proposed[1]!), 3);
    expect(plan.lift).toBeGreaterThan(0);
  });
});

describe('block resampling', () => {
  it('with one block of length n returns a rotation of the residuals', () => {
    const r = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const out = blockResample(r, 6, rng(3), new Float64Array(6));
    const start = r.indexOf(out[0]!);
    out.forEach((v, t) => expect(v).toBe(r[(start + t) % 6]));
  });
});

describe('variable projection', () => {
  it('recovers decay, λ and β exactly from a noiseless two-channel series', () => {
    const n = 120;
    const rand = rng(11);
    const s = [0, 1].map(() => Float64Array.from({ length: n }, () => (rand() < 0.6 ? rand() : 0)));
    s.forEach((x) => (x[5] = 1));
    const base = [new Float64Array(n).fill(1), Float64Array.from({ length: n }, (_, t) => t / (n - 1))];
    // Planted: decay 0.5 / 0.15, λ 3 / 1.2, β 0.8 / 0.5, intercept 0.3, trend 0.2 (independent adstock loop).
    const truth = [
      { a: 0.5, lam: 3, beta: 0.8 },
      { a: 0.15, lam: 1.2, beta: 0.5 },
    ];
    const y = Float64Array.from({ length: n }, (_, t) => {
      let v = 0.3 + 0.2 * base[1]![t]!;
      truth.forEach((p, c) => {
        let num = 0;
        let den = 0;
        for (let l = 0; l < 8; l++) {
          den += p.a ** l;
          if (t - l >= 0) num += p.a ** l * s[c]![t - l]!;
        }
        const u = Math.exp((-p.lam * num) / den);
        v += (p.beta * (1 - u)) / (1 + u);
      });
      return v;
    });
    const pr: MmmProblem = { y, base, s, kind: 'logistic', lMax: 8 };
    const fit = fitNonlinear(pr, baseGram(base), y);
    expect(fit.solved.sse).toBeLessThan(1e-14);
    truth.forEach((p, c) => {
      const got = decode('logistic', fit.theta, c);
      expect(got.decay).toBeCloseTo(p.a, 4);
      expect(got.sat[0]).toBeCloseTo(p.lam, 3);
      expect(fit.solved.coef[2 + c]).toBeCloseTo(p.beta, 4);
    });
    expect(fit.solved.coef[0]).toBeCloseTo(0.3, 4);
  });
});
