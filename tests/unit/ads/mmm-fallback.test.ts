// The ads job with an untrusted marketing-mix model: on the app's sample, negative-exponential curves ask for
// logistic (concave) saturation, which the trust guard rejects; allocation and what-if then run on the response
// curves, and the notes say so. The default ('auto') keeps Hill, which is trusted and drives them.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { adsAllocate, adsWhatIf } from '../../../src/core/ads/job.ts';
import { analyzeAds } from '../../../src/core/ads/run.ts';
import { whatIfSpend } from '../../../src/core/ads/whatif.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import type { AdsOptions, AdsResult } from '../../../src/core/ads/types.ts';
import { SAMPLE_ROLES, sampleTable } from './helpers.ts';

const BASE: AdsOptions = {
  outcome: { kind: 'count', column: 'conversions', label: 'conversions' },
  inputs: ['channel', 'ad_format'],
  repeats: 2,
  bootstrap: 10,
  budget: 12_000,
  seed: 5,
};

describe('ads job and the MMM trust guard on the sample', () => {
  let untrusted: AdsResult;
  let trusted: AdsResult;
  beforeAll(async () => {
    await initNodeBackend();
    const { table } = sampleTable();
    untrusted = await analyzeAds(table, { ...SAMPLE_ROLES }, { ...BASE, curve: 'negexp' }, silentContext());
    trusted = await analyzeAds(table, { ...SAMPLE_ROLES }, BASE, silentContext());
  });

  it('falls back to the response curves for allocation and what-if when the MMM is untrusted', () => {
    const m = untrusted.mmm!;
    expect(m.saturationKind).toBe('logistic');
    expect(m.trusted).toBe(false);
    const r = untrusted.response!;
    expect(r.curves.every((c) => c.params.kind === 'negexp')).toBe(true);
    // The plan is evaluated on the response curves: its current outcome is their baseline + Σ curve values.
    const a = untrusted.allocation!;
    const onResponse = r.baseline + r.curves.reduce((s, c) => s + c.currentOutcome, 0);
    expect(a.currentOutcome).toBeCloseTo(onResponse, 6);
    expect(a.proposed.reduce((s, v) => s + v, 0)).toBeCloseTo(12_000, 6);
    const spend = { Search: 3000 };
    expect(adsWhatIf(untrusted, { kind: 'ads-whatif', datasetId: 'x', spend }).spend!.total).toBeCloseTo(
      whatIfSpend(r, spend).total,
      9,
    );
    const plan = adsAllocate(untrusted, 1, { kind: 'ads-allocate', datasetId: 'x', budget: 12_000 });
    expect(plan.allocation.currentOutcome).toBeCloseTo(onResponse, 6);
    expect(untrusted.notes.join(' ')).toMatch(
      /Marketing-mix model \(365 periods of a day, R² 0\.99\d\) is not trustworthy: The baseline .* below zero.* use the response curves instead\./,
    );
  });

  it('uses the trusted Hill MMM curves when saturation is chosen by AIC', () => {
    const m = trusted.mmm!;
    expect(m.saturationKind).toBe('hill');
    expect(m.trusted).toBe(true);
    const onMmm = m.response.baseline + m.response.curves.reduce((s, c) => s + c.currentOutcome, 0);
    expect(trusted.allocation!.currentOutcome).toBeCloseTo(onMmm, 6);
    const spend = { Search: 3000 };
    expect(adsWhatIf(trusted, { kind: 'ads-whatif', datasetId: 'x', spend }).spend!.total).toBeCloseTo(
      whatIfSpend(m.response, spend).total,
      9,
    );
    expect(trusted.notes.join(' ')).toMatch(/use its steady-state carry-over curves/);
  });
});
