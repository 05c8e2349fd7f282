// MMM on PyMC-Marketing's simulated example (truth in ANCHORS.md "Marketing-mix recovery"): carry-over ordering,
// saturation with diminishing returns, the two contribution shares (29.1 %, 7.0 %) inside their 95 % intervals.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { fitMmm, type MmmResult } from '../../../src/core/ads/mmm/run.ts';
import { curveSlope, curveValue } from '../../../src/core/ads/curves.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { dataset } from '../../datasets.ts';

const FILE = dataset('pymc-marketing-mmm/mmm_example.csv');
const TRUTH = {
  x1: { decay: 0.4, lam: 4.0, share: 0.291 },
  x2: { decay: 0.2, lam: 3.0, share: 0.07 },
};

describe.skipIf(!existsSync(FILE))('MMM on pymc-marketing-mmm/mmm_example.csv', () => {
  let res: MmmResult;
  let spendMax: number[];
  beforeAll(async () => {
    const { table, roles } = await loadCsvFile(FILE);
    const opts = { outcome: 'y', date: 'date_week', spend: ['x1', 'x2'], controls: ['event_1', 'event_2'] };
    res = await fitMmm(table, roles, opts, silentContext());
    spendMax = ['x1', 'x2'].map((n) => {
      const c = table.columns.find((x) => x.name === n)!;
      return c.kind === 'numeric' ? Math.max(...c.values) : NaN;
    });
    console.log('fit seconds', res.fitSeconds.toFixed(2), 'R²', res.r2.toFixed(4), 'σ', res.sigma.toFixed(1));
    for (const c of res.channels) {
      const t = TRUTH[c.channel as 'x1' | 'x2'];
      console.log(
        `${c.channel}: decay ${c.decay.toFixed(3)} [${c.decayLow.toFixed(3)}, ${c.decayHigh.toFixed(3)}] (truth ${t.decay})`,
        `λ ${c.saturation.toFixed(2)} [${c.saturationLow.toFixed(2)}, ${c.saturationHigh.toFixed(2)}] (truth ${t.lam})`,
        `β ${(c.ceiling / 1000).toFixed(3)}`,
        `share ${c.share.toFixed(4)} [${c.shareLow.toFixed(4)}, ${c.shareHigh.toFixed(4)}] (truth ${t.share})`,
        `ROAS ${c.roas.toFixed(0)} [${c.roasLow.toFixed(0)}, ${c.roasHigh.toFixed(0)}]`,
      );
    }
    for (const t of res.terms.filter((x) => x.name.startsWith('event')))
      console.log(`${t.name}: ${t.effect.toFixed(0)} [${t.low.toFixed(0)}, ${t.high.toFixed(0)}]`);
  });

  it('fits in seconds on 179 weekly periods', () => {
    expect(res.periods).toBe(179);
    expect(res.periodLabel).toBe('per week');
    expect(res.fitSeconds).toBeLessThan(5);
    expect(res.r2).toBeGreaterThan(0.9);
    // Noise sd 0.25 on y/1000.
    expect(res.sigma).toBeGreaterThan(200);
    expect(res.sigma).toBeLessThan(300);
  });

  it('x1 carries over longer than x2 (decay intervals apart), both covering the true decay', () => {
    const [x1, x2] = res.channels;
    expect(x1!.decay).toBeGreaterThan(x2!.decay);
    expect(x1!.decayLow).toBeGreaterThan(x2!.decayHigh);
    expect(x1!.decayLow).toBeLessThanOrEqual(TRUTH.x1.decay);
    expect(x1!.decayHigh).toBeGreaterThanOrEqual(TRUTH.x1.decay);
    expect(x2!.decayLow).toBeLessThanOrEqual(TRUTH.x2.decay);
    expect(x2!.decayHigh).toBeGreaterThanOrEqual(TRUTH.x2.decay);
  });

  it('both channels saturate: λ > 0, concave curves, diminishing returns over the observed spend', () => {
    res.channels.forEach((c, i) => {
      expect(c.saturation).toBeGreaterThan(0.5);
      const t = TRUTH[c.channel as 'x1' | 'x2'];
      // λ is on spend ÷ its max (≈ 1 here), so the true λ·max is the target.
      expect(c.saturationLow).toBeLessThanOrEqual(t.lam * spendMax[i]!);
      expect(c.saturationHigh).toBeGreaterThanOrEqual(t.lam * spendMax[i]!);
      const curve = res.response.curves[i]!.params;
      const xs = [0, 0.25, 0.5, 0.75, 1].map((f) => f * spendMax[i]!);
      const steps = xs.slice(1).map((x, k) => curveValue(curve, x) - curveValue(curve, xs[k]!));
      for (let k = 1; k < steps.length; k++) expect(steps[k]!).toBeLessThan(steps[k - 1]!);
      expect(curveSlope(curve, spendMax[i]!)).toBeLessThan(0.5 * curveSlope(curve, 0));
    });
  });

  it('the contribution-share intervals cover 29.1 % (x1) and 7.0 % (x2)', () => {
    const [x1, x2] = res.channels;
    expect(x1!.shareLow).toBeLessThanOrEqual(TRUTH.x1.share);
    expect(x1!.shareHigh).toBeGreaterThanOrEqual(TRUTH.x1.share);
    expect(x2!.shareLow).toBeLessThanOrEqual(TRUTH.x2.share);
    expect(x2!.shareHigh).toBeGreaterThanOrEqual(TRUTH.x2.share);
    // ROAS = contribution / spend: consistent with the share.
    expect(x1!.roas * x1!.spend).toBeCloseTo(x1!.contribution, 6);
  });
});
