// Planted truth on the generated ad-campaign log: importance ranking, best levels, Hill parameters, no tensor leak.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { analyzeAds } from '../../../src/core/ads/run.ts';
import { fitResponse } from '../../../src/core/ads/response.ts';
import { whatIfMix, whatIfSpend } from '../../../src/core/ads/whatif.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import type { AdsResult } from '../../../src/core/ads/types.ts';
import { SAMPLE_ROLES, sampleTable, type SampleTruth } from './helpers.ts';

const FACTORS = ['channel', 'time_slot', 'age_group', 'gender', 'ad_format'];

describe('ads on the planted sample', () => {
  let res: AdsResult;
  let truth: SampleTruth;
  let table: ReturnType<typeof sampleTable>['table'];
  let leaked = 0;
  beforeAll(async () => {
    await initNodeBackend();
    ({ table, truth } = sampleTable());
    const before = tf.memory().numTensors;
    res = await analyzeAds(
      table,
      { ...SAMPLE_ROLES },
      {
        outcome: { kind: 'rate', numerator: 'clicks', denominator: 'impressions', label: 'CTR' },
        inputs: FACTORS,
        seed: 7,
      },
      silentContext(),
    );
    leaked = tf.memory().numTensors - before;
  });

  it('fits a logistic CTR model of high quality and leaks no tensors', () => {
    expect(res.quality.family).toBe('binomial');
    expect(res.quality.d2).toBeGreaterThan(0.9);
    expect(leaked).toBe(0);
  });

  it('recovers the planted importance ranking with 30 repeats and ordered intervals', () => {
    expect(res.importance.map((i) => i.factor)).toEqual(truth.importanceRanking);
    for (const imp of res.importance) {
      expect(imp.repeats).toBe(30);
      expect(imp.low).toBeLessThanOrEqual(imp.mean);
      expect(imp.high).toBeGreaterThanOrEqual(imp.mean);
      expect(imp.low).toBeGreaterThan(0); // every planted factor matters
    }
  });

  it('finds the planted best and worst level of every factor, and says so in words', () => {
    for (const f of truth.factors) {
      const e = res.effects.find((x) => x.factor === f.name)!;
      expect(e.best).toBe(f.best);
      expect(e.worst).toBe(f.worst);
      expect(e.summary).toContain(`best is ${f.best}`);
      for (const l of e.levels) {
        expect(l.low).toBeLessThanOrEqual(l.value);
        expect(l.high).toBeGreaterThanOrEqual(l.value);
      }
    }
    expect(res.effects.find((x) => x.factor === 'channel')!.best).toBe(truth.bestChannel);
  });

  it('what-if on the factor mix moves the prediction the planted way', () => {
    const video = whatIfMix(res.model, res.whatIf, { mix: { ad_format: { video: 1 } } });
    const text = whatIfMix(res.model, res.whatIf, { mix: { ad_format: { text: 1 } } });
    const half = whatIfMix(res.model, res.whatIf, { mix: { ad_format: { video: 1, text: 1 } } });
    expect(video).toBeGreaterThan(2 * text);
    expect(half).toBeGreaterThan(text);
    expect(half).toBeLessThan(video);
  });

  it('recovers the planted Hill curves (β, K, n) of every channel within 10 %', async () => {
    const r = await fitResponse(
      table,
      {
        spend: ['spend'],
        outcome: 'conversions',
        channel: 'channel',
        timestamp: 'date',
        curve: 'hill',
        adstock: false,
        bootstrap: 20,
        seed: 3,
      },
      silentContext(),
    );
    expect(r.layout).toBe('long');
    expect(r.curves.map((c) => c.channel).sort()).toEqual(Object.keys(truth.curves).sort());
    for (const c of r.curves) {
      const p = truth.curves[c.channel]!;
      expect(Math.abs(c.params.beta / p.beta - 1)).toBeLessThan(0.1);
      expect(Math.abs(c.params.k / p.k - 1)).toBeLessThan(0.1);
      expect(Math.abs(c.params.n / p.n - 1)).toBeLessThan(0.1);
      expect(c.paramLow.k).toBeLessThanOrEqual(c.params.k * 1.0001);
      expect(c.paramHigh.k).toBeGreaterThanOrEqual(c.params.k * 0.9999);
      expect(c.marginalReturn).toBeGreaterThan(0);
    }
    const cur = whatIfSpend(r, {});
    const more = whatIfSpend(r, { Search: r.curves.find((c) => c.channel === 'Search')!.currentSpend * 2 });
    expect(more.total).toBeGreaterThan(cur.total);
  });
});
