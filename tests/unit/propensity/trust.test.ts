// "No usable signal": a propensity model on a random outcome (test AUC ≤ 0.55) is flagged in the result, its notes
// and the CLI's JSON; the same table with a planted signal is not.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { rng } from '../../../src/core/random.ts';
import { runPropensity } from '../../../src/core/propensity/run.ts';
import { MIN_USABLE_AUC, propensityTrust } from '../../../src/core/propensity/trust.ts';

beforeAll(() => initNodeBackend());

/** A reason or note as its words (older builds) or as its message key and parameters (messages moved out of core). */
const said = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
const noSignal = (n: unknown) => /^No usable signal:|"key":"prop_note_no_signal/.test(said(n));

/** 1,200 customers with tenure, plan and spend; the outcome is a coin flip (signal 0) or driven by tenure and plan. */
function customers(signal: number, seed: number) {
  const r = rng(seed);
  const rows = Array.from({ length: 1200 }, (_, i) => {
    const tenure = Math.floor(r() * 60);
    const plan = ['basic', 'plus', 'pro'][Math.floor(r() * 3)]!;
    const spend = Math.round(20 + r() * 80);
    const logit = signal * (1.5 - tenure / 15 + (plan === 'basic' ? 1 : 0));
    return { id: `c${i}`, tenure, plan, spend, bought: r() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no' };
  });
  return tableFromRecords(rows, {
    id: 'id',
    tenure: 'integer',
    plan: 'categorical',
    spend: 'integer',
    bought: 'categorical',
  });
}
const roles = { id: 'customer_id' as const, bought: 'target' as const };

describe('propensity trust guard', () => {
  it('a random outcome is "no usable signal", with the AUC in the reason and the notes', async () => {
    const res = await runPropensity(customers(0, 5), roles, { target: 'bought', model: 'logistic', seed: 1 });
    expect(res.test.auc).toBeLessThanOrEqual(MIN_USABLE_AUC);
    expect(res.trust?.usable).toBe(false);
    expect(said(res.trust?.reason)).toMatch(
      /little better than chance \(AUC 0\.\d{3} ≤ 0\.55\)|"key":"prop_trust_chance".*"auc":"?0\.\d{3}/,
    );
    expect(res.notes.some(noSignal)).toBe(true);
  });

  it('a planted signal is usable', async () => {
    const res = await runPropensity(customers(1, 5), roles, { target: 'bought', model: 'logistic', seed: 1 });
    expect(res.test.auc).toBeGreaterThan(0.7);
    expect(res.trust).toEqual({ usable: true, reason: null });
    expect(res.notes.some(noSignal)).toBe(false);
  });

  it('one-class test rows and a non-finite AUC cannot be judged', () => {
    expect(propensityTrust(0.9, 100, 0).usable).toBe(false);
    expect(propensityTrust(0.9, 100, 100).usable).toBe(false);
    expect(said(propensityTrust(NaN, 100, 30).reason)).toMatch(/could not be computed|prop_trust_no_auc/);
    expect(propensityTrust(0.56, 100, 30).usable).toBe(true);
  });
});
