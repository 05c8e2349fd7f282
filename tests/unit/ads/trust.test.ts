// "No usable signal" for the aggregate ads model: a count outcome unrelated to its inputs (test R² ≤ 0) is flagged
// with its reason, curves included; the same log with a planted effect of the inputs is not.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { analyzeAds } from '../../../src/core/ads/run.ts';
import { adsTrust, modelTrust } from '../../../src/core/ads/trust.ts';
import { sayEn } from '../../../src/cli/say.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { rng } from '../../../src/core/random.ts';

beforeAll(() => initNodeBackend());

/** 600 campaign rows: channel, format, spend → conversions (Poisson); `signal` 0 = the inputs do not matter. */
function campaigns(signal: number, seed: number) {
  const r = rng(seed);
  const poisson = (mean: number) => {
    let k = 0;
    let p = Math.exp(-mean);
    let s = p;
    const u = r();
    while (u > s && k < 500) {
      p *= mean / ++k;
      s += p;
    }
    return k;
  };
  const rows = Array.from({ length: 600 }, () => {
    const channel = ['search', 'social', 'video'][Math.floor(r() * 3)]!;
    const format = ['banner', 'story'][Math.floor(r() * 2)]!;
    const spend = Math.round(100 + r() * 900);
    const lift = (channel === 'search' ? 1.2 : channel === 'video' ? -0.6 : 0) + (format === 'story' ? 0.5 : 0);
    const mean = signal ? 8 * Math.exp(lift) * Math.sqrt(spend / 400) : 8;
    return { channel, format, spend, conversions: poisson(mean) };
  });
  return tableFromRecords(rows, {
    channel: 'categorical',
    format: 'categorical',
    spend: 'decimal',
    conversions: 'integer',
  });
}
const roles = { channel: 'channel', format: 'categorical', spend: 'spend', conversions: 'conversions' } as const;
const opts = {
  outcome: { kind: 'count' as const, column: 'conversions', label: 'conversions' },
  inputs: ['channel', 'format'],
  seed: 3,
  repeats: 5,
  bootstrap: 10,
  date: null,
};

describe('ads trust guard', () => {
  it('a count that does not depend on the inputs is "no usable signal" (model and curves)', async () => {
    const res = await analyzeAds(campaigns(0, 11), { ...roles }, opts, silentContext());
    expect(res.quality.r2).toBeLessThanOrEqual(0);
    expect(res.trust?.usable).toBe(false);
    expect(sayEn(res.trust?.reason)).toMatch(/no better than their mean \(test R² -?\d\.\d{3} ≤ 0\)/);
    expect(res.notes.some((n) => n.startsWith('No usable signal:'))).toBe(true);
  });

  it('a planted effect is usable', async () => {
    const res = await analyzeAds(campaigns(1, 11), { ...roles }, opts, silentContext());
    expect(res.quality.r2).toBeGreaterThan(0.2);
    expect(res.trust?.usable).toBe(true);
    expect(res.trust?.reason).toBeNull();
  });

  it('judges non-finite and empty tests as unusable; a trusted marketing-mix model carries the curves', () => {
    expect(modelTrust({ r2: NaN, d2: 0.3, testRows: 50 }).usable).toBe(false);
    expect(sayEn(modelTrust({ r2: 0.3, d2: -0.1, testRows: 50 }).reason)).toMatch(/deviance/);
    expect(modelTrust({ r2: 0.3, d2: 0.3, testRows: 0 }).usable).toBe(false);
    expect(adsTrust({ r2: 0.3, d2: 0.3, testRows: 50 }, { r2: -2 }, false).curves?.usable).toBe(false);
    expect(adsTrust({ r2: 0.3, d2: 0.3, testRows: 50 }, { r2: -2 }, true).curves?.usable).toBe(true);
    expect(adsTrust({ r2: 0.3, d2: 0.3, testRows: 50 }, null, false).curves).toBeNull();
  });
});
