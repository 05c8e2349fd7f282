// Likely leaks: a column that alone ranks the outcome almost perfectly on held-out training rows is flagged before
// training (planted: a cancellation-days column set only for churners), honest columns are not, and a many-level id
// cannot pass for one by memorising rows.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { rng } from '../../../src/core/random.ts';
import { runPropensity } from '../../../src/core/propensity/run.ts';
import { LEAK_AUC, likelyLeaks } from '../../../src/core/propensity/leak.ts';
import { sayEn } from '../../../src/cli/say.ts';

beforeAll(() => initNodeBackend());

function planted(n: number) {
  const r = rng(12);
  const rows = Array.from({ length: n }, (_, i) => {
    const tenure = Math.floor(r() * 60);
    const plan = ['basic', 'plus', 'pro'][Math.floor(r() * 3)]!;
    const churn = r() < 1 / (1 + Math.exp(-(1 - tenure / 20 + (plan === 'basic' ? 0.6 : 0))));
    return {
      id: `c${i}`,
      tenure,
      plan,
      // Known only after the outcome: days since the cancellation request (blank for customers who stay).
      cancel_days: churn ? Math.floor(r() * 30) : NaN,
      noise_code: `k${i}`, // unique per row: memorising it would look perfect in-sample
      churned: churn ? 'yes' : 'no',
    };
  });
  return tableFromRecords(rows, {
    id: 'id',
    tenure: 'integer',
    plan: 'categorical',
    cancel_days: 'integer',
    noise_code: 'categorical',
    churned: 'categorical',
  });
}

describe('likely leaks', () => {
  it('flags the after-the-outcome column only, with its held-out AUC', () => {
    const table = planted(2000);
    const y = Float32Array.from({ length: 2000 }, (_, i) => {
      const c = table.columns.find((x) => x.name === 'churned')!;
      return c.kind === 'categorical' && c.dictionary[c.codes[i]!] === 'yes' ? 1 : 0;
    });
    const flags = likelyLeaks(table, y, ['tenure', 'plan', 'cancel_days', 'noise_code'], 0);
    expect(flags.map((f) => f.column)).toEqual(['cancel_days']);
    expect(flags[0]!.auc).toBeGreaterThanOrEqual(LEAK_AUC);
  });

  it('the propensity result and its notes say a leak was used; excluding it clears the flag', async () => {
    const table = planted(1500);
    const roles = { id: 'customer_id' as const, churned: 'target' as const };
    const res = await runPropensity(table, roles, { target: 'churned', model: 'logistic', seed: 1 });
    expect(res.leaks.map((l) => l.column)).toEqual(['cancel_days']);
    expect(res.notes.map((n) => sayEn(n)).join(' ')).toMatch(
      /Likely leak: `cancel_days` \(AUC [01]\.\d{3}\) alone predicts `churned`.*this model used it/,
    );
    const clean = await runPropensity(table, roles, {
      target: 'churned',
      model: 'logistic',
      seed: 1,
      disabled: ['cancel_days'],
    });
    expect(clean.leaks).toEqual([]);
    expect(clean.test.auc).toBeLessThan(res.test.auc);
  });
});
