// The MMM trust guard: each check on exact figures, then planted weekly series that pass or are built to fail one
// check each (negative baseline, shares past 100 % through a negative control, a constant outcome, an outcome that
// sums to zero), and the app's own ads sample: logistic saturation is rejected, 'auto' keeps Hill, which passes.
import { beforeAll, describe, expect, it } from 'vitest';
import { fitMmm, type MmmResult } from '../../../src/core/ads/mmm/run.ts';
import { failedChecks, trustVerdict, trustedCurves } from '../../../src/core/ads/mmm/trust.ts';
import type { MmmChecks, MmmOptions } from '../../../src/core/ads/mmm/types.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { normal, rng } from '../../../src/core/random.ts';
import { SAMPLE_ROLES, sampleTable } from './helpers.ts';

const GOOD: MmmChecks = {
  r2: 0.9,
  base: 1000,
  baseLow: 950,
  baseHigh: 1050,
  shareSum: 0.4,
  shareSumLow: 0.35,
  shareSumHigh: 0.45,
  nonFinite: [],
};

describe('trust verdict on given figures', () => {
  it('passes a fit whose four checks hold, including a baseline or share sum only within noise of the bound', () => {
    expect(trustVerdict(GOOD, 'per week')).toEqual({ trusted: true, reason: null });
    const edge = { ...GOOD, base: -29.8, baseLow: -147, baseHigh: 28.8, shareSum: 1.027, shareSumLow: 0.972 };
    expect(trustVerdict(edge, 'per day').trusted).toBe(true);
  });

  it('names each failed check with its figure', () => {
    expect(failedChecks({ ...GOOD, r2: -0.2 }, 'per week')).toEqual([
      "the model explains none of the outcome's variation (R² -0.2, needs > 0)",
    ]);
    expect(failedChecks({ ...GOOD, r2: NaN }, 'per week')[0]).toMatch(/R² not defined/);
    expect(failedChecks({ ...GOOD, base: -148.1, baseLow: -173.8, baseHigh: -125.9 }, 'per day')).toEqual([
      'the baseline (outcome without any spend or events) is -148 per day on average (95 % interval -174 to -126), below zero',
    ]);
    expect(failedChecks({ ...GOOD, shareSum: 1.136, shareSumLow: 1.115, shareSumHigh: 1.159 }, 'per day')).toEqual([
      'the channel shares add up to 113.6 % of the outcome (95 % interval 111.5 % to 115.9 %), more than 100 %',
    ]);
    expect(failedChecks({ ...GOOD, nonFinite: ['tv', 'radio'] }, 'per day')).toEqual([
      'the contribution-share interval of `tv`, `radio` is not finite',
    ]);
    const two = trustVerdict({ ...GOOD, r2: 0, nonFinite: ['tv'] }, 'per week');
    expect(two.trusted).toBe(false);
    expect(two.reason).toBe(
      "The model explains none of the outcome's variation (R² 0, needs > 0); the contribution-share interval of `tv` is not finite.",
    );
  });
});

const WEEKS = 156;
const CHANNELS = [
  { name: 'tv', decay: 0.5, lam: 3, beta: 400 },
  { name: 'search', decay: 0.1, lam: 2, beta: 250 },
];

interface Plant {
  base: number;
  /** A 0/1 control on ~80 % of weeks with this effect. */
  control?: number;
  noise?: number;
  /** Replace the outcome (built failures). */
  outcome?: (t: number) => number;
}

/** Weekly series: base + Σ logistic(adstock(spend)/max)·β (own adstock loop, α^l over 8 weeks) + control + noise. */
function weekly(seed: number, p: Plant) {
  const rand = rng(seed);
  const gauss = normal(rand);
  const spend = CHANNELS.map(() => Array.from({ length: WEEKS }, () => (rand() < 0.7 ? 200 + 800 * rand() : 0)));
  const promo = Array.from({ length: WEEKS }, () => (rand() < 0.8 ? 1 : 0));
  const contrib = CHANNELS.map((c, k) => {
    const x = spend[k]!;
    const max = Math.max(...x);
    return x.map((_, t) => {
      let num = 0;
      let den = 0;
      for (let l = 0; l < 8; l++) {
        den += c.decay ** l;
        if (t >= l) num += c.decay ** l * (x[t - l]! / max);
      }
      return c.beta * Math.tanh((c.lam * num) / den / 2);
    });
  });
  const t0 = Date.UTC(2023, 0, 2);
  const records = Array.from({ length: WEEKS }, (_, t) => {
    const y = p.outcome
      ? p.outcome(t)
      : p.base + contrib.reduce((a, c) => a + c[t]!, 0) + (p.control ?? 0) * promo[t]! + (p.noise ?? 20) * gauss();
    const rec: Record<string, string | number> = { week: new Date(t0 + t * 7 * 86_400_000).toISOString(), y };
    CHANNELS.forEach((c, k) => (rec[c.name] = spend[k]![t]!));
    rec.promo = promo[t]!;
    return rec;
  });
  const types = { week: 'date', y: 'decimal', tv: 'decimal', search: 'decimal', promo: 'integer' } as const;
  return tableFromRecords(records, types);
}

async function fitWeekly(p: Plant, extra: Partial<MmmOptions> = {}): Promise<MmmResult> {
  const opts: MmmOptions = { outcome: 'y', date: 'week', spend: ['tv', 'search'], draws: 60, seed: 3, ...extra };
  return fitMmm(weekly(11, p), {}, opts, silentContext());
}

describe('trust guard on planted weekly series', () => {
  it('trusts a fit of a well-behaved series (baseline 1000 a week inside its interval)', async () => {
    const res = await fitWeekly({ base: 1000 });
    expect(res.trusted).toBe(true);
    expect(res.reason).toBeNull();
    expect(res.checks.baseLow).toBeLessThanOrEqual(1000);
    expect(res.checks.baseHigh).toBeGreaterThanOrEqual(1000);
    expect(res.checks.shareSumHigh).toBeLessThan(1);
    expect(trustedCurves(res)).toBe(res.response);
  });

  it('rejects a baseline clearly below zero (planted −300 a week), with the figure', async () => {
    const res = await fitWeekly({ base: -300 });
    expect(res.trusted).toBe(false);
    expect(res.checks.baseHigh).toBeLessThan(0);
    expect(res.checks.base).toBeGreaterThan(-400);
    expect(res.checks.base).toBeLessThan(-200);
    expect(res.reason).toMatch(/^The baseline \(outcome without any spend or events\) is -\d{3} per week on average/);
    expect(trustedCurves(res)).toBeNull();
  });

  it('rejects shares past 100 % when a negative control, not the baseline, makes room for them', async () => {
    // Baseline 1000, but a −1,500 event on ~80 % of weeks: the channels make up more than the mean outcome.
    const res = await fitWeekly({ base: 1000, control: -1500 }, { controls: ['promo'] });
    expect(res.checks.baseLow).toBeGreaterThan(0);
    expect(res.checks.shareSumLow).toBeGreaterThan(1);
    expect(res.trusted).toBe(false);
    expect(res.reason).toMatch(/^The channel shares add up to \d{3}\.\d % of the outcome .* more than 100 %\.$/);
  });

  it('rejects a fit with no R² (a constant outcome)', async () => {
    const res = await fitWeekly({ base: 0, outcome: () => 500 });
    expect(res.r2 > 0).toBe(false);
    expect(res.trusted).toBe(false);
    expect(res.reason).toMatch(/^The model explains none of the outcome's variation \(R² [^,]+, needs > 0\)\.$/);
  });

  it('rejects non-finite share intervals (an outcome that sums to zero)', async () => {
    const res = await fitWeekly({ base: 0, outcome: (t) => (t % 2 === 0 ? 100 : -100) });
    expect(res.checks.nonFinite).toEqual(['tv', 'search']);
    expect(res.trusted).toBe(false);
    expect(res.reason).toContain('the contribution-share interval of `tv`, `search` is not finite');
    expect(res.reason).not.toMatch(/NaN|Infinity/);
  });
});

describe("trust guard on the app's ads sample (S-shaped planted curves, no baseline)", () => {
  const opts = { outcome: 'conversions', date: 'date', spend: ['spend'], draws: 100, seed: 47 };
  let logistic: MmmResult;
  let auto: MmmResult;
  beforeAll(async () => {
    const { table } = sampleTable();
    logistic = await fitMmm(table, { ...SAMPLE_ROLES }, { ...opts, saturation: 'logistic' }, silentContext());
    auto = await fitMmm(table, { ...SAMPLE_ROLES }, { ...opts, saturation: 'auto' }, silentContext());
    for (const r of [logistic, auto])
      console.log(r.saturationKind, r.trusted, JSON.stringify(r.checks), r.reason, r.fitSeconds.toFixed(2), 's');
  });

  it('rejects the logistic fit: baseline about −148 a day and shares summing to about 114 %', () => {
    expect(logistic.trusted).toBe(false);
    expect(logistic.checks.baseHigh).toBeLessThan(-100);
    expect(logistic.checks.shareSumLow).toBeGreaterThan(1.08);
    expect(logistic.reason).toMatch(/baseline .* is -1\d\d per day on average .* below zero; the channel shares/);
  });

  it("'auto' keeps Hill (lower AIC), which passes, and recovers the planted half-saturation spends", () => {
    expect(auto.saturationKind).toBe('hill');
    expect(auto.selection!.map((s) => s.kind)).toEqual(['hill', 'logistic']);
    expect(auto.selection![0]!.aic).toBeLessThan(auto.selection![1]!.aic - 10);
    expect(auto.trusted).toBe(true);
    expect(auto.checks.baseLow).toBeLessThanOrEqual(0);
    expect(auto.checks.baseHigh).toBeGreaterThanOrEqual(0);
    expect(auto.notes.join(' ')).toMatch(/Hill \(S-shaped\) saturation fitted better than logistic/);
    // Planted Hill K (daily spend at half the ceiling): Search 1500, Social 1200, Display 1400, Video 2000.
    const planted: Record<string, number> = { Search: 1500, Social: 1200, Display: 1400, Video: 2000 };
    for (const c of auto.response.curves) expect(Math.abs(c.params.k / planted[c.channel]! - 1)).toBeLessThan(0.15);
  });
});
