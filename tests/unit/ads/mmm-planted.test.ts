// MMM recovery on a seeded daily series with three channels and planted carry-over, saturation, trend, yearly
// seasonality, weekday and promotion effects: every planted decay, λ and share lies in its 95 % interval.
// (Over 12 seeds with 100 draws each, the 9 intervals covered the truth 9–12 times out of 12.)
import { beforeAll, describe, expect, it } from 'vitest';
import { fitMmm, type MmmResult } from '../../../src/core/ads/mmm/run.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { normal, rng } from '../../../src/core/random.ts';

const N = 730;
const PLANT = [
  { name: 'tv', decay: 0.7, lam: 3, beta: 1000 },
  { name: 'search', decay: 0.1, lam: 4, beta: 500 },
  { name: 'social', decay: 0.4, lam: 2, beta: 300 },
];

/** Spend: TV in 4-week flights of varied weight, search daily with a weekday pattern, social on ~60 % of days. */
function spendSeries(rand: () => number): number[][] {
  const flights = Array.from({ length: Math.ceil(N / 28) }, (_, f) => (f % 2 === 0 ? 1000 + 9000 * rand() : 0));
  const tv = Array.from({ length: N }, (_, t) => flights[Math.floor(t / 28)]! * (0.8 + 0.4 * rand()));
  const search = Array.from({ length: N }, (_, t) => (1000 + 2000 * rand()) * (t % 7 < 5 ? 1 : 0.6));
  const social = Array.from({ length: N }, () => (rand() < 0.6 ? 2000 * rand() : 0));
  return [tv, search, social];
}

/** Planted contribution per day (own adstock loop: α^l over 8 days, normalised; logistic on spend / max). */
function contribution(x: number[], p: (typeof PLANT)[number]): number[] {
  const max = Math.max(...x);
  return x.map((_, t) => {
    let num = 0;
    let den = 0;
    for (let l = 0; l < 8; l++) {
      den += p.decay ** l;
      if (t >= l) num += p.decay ** l * (x[t - l]! / max);
    }
    const u = Math.exp((-p.lam * num) / den);
    return (p.beta * (1 - u)) / (1 + u);
  });
}

function planted(seed: number) {
  const rand = rng(seed);
  const gauss = normal(rand);
  const spend = spendSeries(rand);
  const contrib = PLANT.map((p, c) => contribution(spend[c]!, p));
  const t0 = Date.UTC(2022, 0, 3); // a Monday
  const records = Array.from({ length: N }, (_, t) => {
    const day = t0 / 86_400_000 + t;
    const promo = t % 90 < 5 ? 1 : 0;
    const weekend = t % 7 >= 5 ? -200 : 0;
    const base = 2000 + (400 * t) / (N - 1) + 150 * Math.sin((2 * Math.PI * day) / 365.25) + weekend + 350 * promo;
    const y = base + contrib.reduce((a, c) => a + c[t]!, 0) + 80 * gauss();
    const rec: Record<string, string | number> = { date: new Date(t0 + t * 86_400_000).toISOString(), y, promo };
    PLANT.forEach((p, c) => (rec[p.name] = spend[c]![t]!));
    return rec;
  });
  const sumY = records.reduce((a, r) => a + (r.y as number), 0);
  const shares = contrib.map((c) => c.reduce((a, v) => a + v, 0) / sumY);
  const table = tableFromRecords(records, {
    date: 'date',
    y: 'decimal',
    tv: 'decimal',
    search: 'decimal',
    social: 'decimal',
    promo: 'integer',
  });
  return { table, shares };
}

describe('MMM on a planted daily series (3 channels)', () => {
  let res: MmmResult;
  let shares: number[];
  beforeAll(async () => {
    const p = planted(23757);
    shares = p.shares;
    res = await fitMmm(
      p.table,
      {},
      { outcome: 'y', date: 'date', spend: ['tv', 'search', 'social'], controls: ['promo'], seed: 7 },
      silentContext(),
    );
    for (const c of res.channels)
      console.log(
        `${c.channel}: decay ${c.decay.toFixed(3)} [${c.decayLow.toFixed(3)}, ${c.decayHigh.toFixed(3)}]`,
        `λ ${c.saturation.toFixed(2)} [${c.saturationLow.toFixed(2)}, ${c.saturationHigh.toFixed(2)}]`,
        `share ${c.share.toFixed(4)} [${c.shareLow.toFixed(4)}, ${c.shareHigh.toFixed(4)}]`,
      );
    console.log('true shares', shares, 'seconds', res.fitSeconds, 'R²', res.r2);
  });

  it('recovers each planted decay and contribution share within its 95 % interval', () => {
    expect(res.periodLabel).toBe('per day');
    expect(res.periods).toBe(N);
    PLANT.forEach((p, c) => {
      const ch = res.channels[c]!;
      expect(ch.channel).toBe(p.name);
      expect(ch.decayLow).toBeLessThanOrEqual(p.decay);
      expect(ch.decayHigh).toBeGreaterThanOrEqual(p.decay);
      expect(ch.shareLow).toBeLessThanOrEqual(shares[c]!);
      expect(ch.shareHigh).toBeGreaterThanOrEqual(shares[c]!);
      expect(ch.saturationLow).toBeLessThanOrEqual(p.lam);
      expect(ch.saturationHigh).toBeGreaterThanOrEqual(p.lam);
    });
  });

  it('finds the promotion effect (+350), a good fit, in seconds', () => {
    const promo = res.terms.find((t) => t.name === 'promo')!;
    expect(promo.low).toBeLessThanOrEqual(350);
    expect(promo.high).toBeGreaterThanOrEqual(350);
    expect(res.terms.filter((t) => t.name.startsWith('weekday'))).toHaveLength(6);
    expect(res.r2).toBeGreaterThan(0.9);
    expect(res.fitSeconds).toBeLessThan(15);
  });

  it('gives steady-state logistic curves the allocator can use, with bands around the fit', () => {
    const r = res.response;
    expect(r.periodLabel).toBe('per day');
    expect(r.draws).toHaveLength(res.draws);
    r.curves.forEach((c, i) => {
      expect(c.params.kind).toBe('logistic');
      // k = max spend / λ and β = the ceiling: the curve value at the mean spend is the contribution there.
      expect(c.params.beta).toBeCloseTo(res.channels[i]!.ceiling, 6);
      c.fit.forEach((v, g) => {
        expect(c.low[g]!).toBeLessThanOrEqual(v + 1e-6);
        expect(c.high[g]!).toBeGreaterThanOrEqual(v - 1e-6);
      });
    });
  });
});
