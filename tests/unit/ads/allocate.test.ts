// Allocator: brute-force agreement on 3 channels (concave and S-shaped), seeded property tests, infeasible constraints.
import { describe, expect, it } from 'vitest';
import { allocateBudget, totalOutcome } from '../../../src/core/ads/allocate.ts';
import { JobError } from '../../../src/core/jobs.ts';
import { rng } from '../../../src/core/random.ts';
import type { CurveParams } from '../../../src/core/ads/types.ts';

const hill = (beta: number, k: number, n: number): CurveParams => ({ kind: 'hill', beta, k, n });
const negexp = (beta: number, k: number): CurveParams => ({ kind: 'negexp', beta, k, n: 1 });

/** Exhaustive grid over x1, x2 (x3 = budget − x1 − x2) with bounds. */
function bruteForce(params: CurveParams[], budget: number, lo: number[], hi: number[], steps = 600): number {
  let best = -Infinity;
  const h = budget / steps;
  for (let i = 0; i <= steps; i++) {
    const x1 = i * h;
    if (x1 < lo[0]! || x1 > hi[0]!) continue;
    for (let j = 0; i + j <= steps; j++) {
      const x2 = j * h;
      const x3 = budget - x1 - x2;
      if (x2 < lo[1]! || x2 > hi[1]! || x3 < lo[2]! - 1e-9 || x3 > hi[2]! + 1e-9) continue;
      best = Math.max(best, totalOutcome(params, [x1, x2, x3]));
    }
  }
  return best;
}

describe('allocateBudget', () => {
  const cases: {
    name: string;
    params: CurveParams[];
    budget: number;
    caps?: Record<string, number>;
    floors?: Record<string, number>;
  }[] = [
    { name: 'concave', params: [negexp(100, 800), hill(60, 400, 0.8), negexp(40, 300)], budget: 3000 },
    { name: 'S-shaped', params: [hill(360, 1500, 1.3), hill(240, 1200, 1.8), hill(200, 2000, 2.2)], budget: 4000 },
    {
      name: 'S-shaped with a cap and a floor',
      params: [hill(300, 900, 2.5), hill(150, 500, 1.2), negexp(80, 700)],
      budget: 2500,
      caps: { A: 900 },
      floors: { C: 400 },
    },
  ];
  for (const c of cases) {
    it(`matches a brute-force grid search within 1 % (${c.name})`, () => {
      const channels = ['A', 'B', 'C'];
      const res = allocateBudget(
        { channels, params: c.params, current: [c.budget / 3, c.budget / 3, c.budget / 3] },
        { budget: c.budget, caps: c.caps, floors: c.floors },
      );
      const lo = channels.map((ch) => c.floors?.[ch] ?? 0);
      const hi = channels.map((ch) => c.caps?.[ch] ?? Infinity);
      const brute = bruteForce(c.params, c.budget, lo, hi);
      const got = totalOutcome(c.params, res.proposed);
      expect(got).toBeGreaterThanOrEqual(brute * 0.99);
      expect(res.proposed.reduce((a, b) => a + b, 0)).toBeCloseTo(c.budget, 6);
      res.proposed.forEach((x, i) => {
        expect(x).toBeGreaterThanOrEqual(lo[i]! - 1e-9);
        expect(x).toBeLessThanOrEqual(hi[i]! + 1e-9);
      });
    });
  }

  it('property: random curves and constraints → exact budget, bounds and locks respected, never worse than current', () => {
    const rand = rng(2026);
    for (let trial = 0; trial < 150; trial++) {
      const C = 2 + Math.floor(rand() * 5);
      const channels = Array.from({ length: C }, (_, i) => `ch${i}`);
      const params = channels.map(() =>
        rand() < 0.5
          ? hill(50 + rand() * 300, 200 + rand() * 2000, 0.6 + rand() * 2.4)
          : negexp(50 + rand() * 300, 200 + rand() * 2000),
      );
      const current = channels.map(() => 100 + rand() * 2000);
      const budget = current.reduce((a, b) => a + b, 0);
      const floors: Record<string, number> = {};
      const caps: Record<string, number> = {};
      const locked: string[] = [];
      channels.forEach((ch, i) => {
        const u = rand();
        if (u < 0.2) locked.push(ch);
        else if (u < 0.5) floors[ch] = current[i]! * rand();
        else if (u < 0.8) caps[ch] = current[i]! * (1 + rand());
      });
      if (locked.length === C) locked.pop();
      const res = allocateBudget({ channels, params, current }, { budget, floors, caps, locked });
      const sum = res.proposed.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - budget)).toBeLessThan(1e-7 * budget);
      res.proposed.forEach((x, i) => {
        const ch = channels[i]!;
        if (locked.includes(ch)) expect(x).toBe(current[i]);
        expect(x).toBeGreaterThanOrEqual((floors[ch] ?? 0) - 1e-9);
        expect(x).toBeLessThanOrEqual((caps[ch] ?? Infinity) + 1e-9);
      });
      expect(res.proposedOutcome).toBeGreaterThanOrEqual(res.currentOutcome - 1e-9);
      // Money moved out equals money moved in (same budget): the explanation accounts for every unit.
      const moved = res.moves.reduce((a, m) => a + m.amount, 0);
      const out = res.proposed.reduce((a, x, i) => a + Math.max(0, current[i]! - x), 0);
      expect(moved).toBeCloseTo(out, 3);
    }
  });

  it('explains moves with marginal returns and reports a lift interval from the curve draws', () => {
    const params = [hill(20, 5000, 1), hill(40, 60, 1)];
    const draws = [0.9, 1, 1.1].map((s) => params.map((p) => ({ ...p, beta: p.beta * s })));
    const res = allocateBudget(
      { channels: ['Newspaper', 'Radio'], params, current: [30, 20], draws, outcomeLabel: 'sales', currency: '£' },
      { budget: 50 },
    );
    expect(res.moves).toHaveLength(1);
    expect(res.moves[0]!.text).toMatch(
      /^moved £[\d.,]+ from Newspaper to Radio: marginal return [\d.]+ vs [\d.]+ sales per £$/,
    );
    expect(res.lift).toBeGreaterThan(0);
    expect(res.liftLow).toBeLessThanOrEqual(res.lift);
    expect(res.liftHigh).toBeGreaterThanOrEqual(res.lift);
  });

  it('rejects infeasible constraints with a clear message', () => {
    const base = { channels: ['A', 'B'], params: [negexp(10, 100), negexp(10, 100)], current: [50, 50] };
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as JobError;
      }
      throw new Error('no error');
    };
    const e1 = err(() => allocateBudget(base, { budget: 100, floors: { A: 80, B: 40 } }));
    expect(e1).toBeInstanceOf(JobError);
    expect(e1.message).toMatch(/need at least 120.*more than the budget of 100/);
    const e2 = err(() => allocateBudget(base, { budget: 100, caps: { A: 20, B: 30 } }));
    expect(e2.message).toMatch(/allow at most 50, less than the budget of 100/);
    const e3 = err(() => allocateBudget(base, { budget: 100, floors: { A: 60 }, caps: { A: 40 } }));
    expect(e3.message).toContain('`A` has a floor (60) above its cap (40)');
    const e4 = err(() => allocateBudget(base, { budget: 100, locked: ['Z'] }));
    expect(e4.message).toContain('`Z`');
    const e5 = err(() => allocateBudget(base, { budget: 30, locked: ['A'] }));
    expect(e5.message).toMatch(/locked channels 50/);
  });
});
