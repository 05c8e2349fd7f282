// Finance sample: the planted offer-acceptance model (with its age hump) is recovered by the propensity job — drivers
// in the planted order, test AUC at the Bayes AUC — and the planted BG/NBD purchase process by the CLV job.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, PURCHASES } from '../../../scripts/samples/finance.ts';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { clvOptions } from '../../../src/core/clv/job.ts';
import { runClv } from '../../../src/core/clv/run.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { runPropensity } from '../../../src/core/propensity/run.ts';

interface Truth {
  bayesAuc: { auc: number };
  aucDrop: Record<string, number>;
  rankByAucDrop: string[];
  noEffect: string[];
  positives: number;
}

const SEED = 20261128;
let sample: ReturnType<typeof generate>;
let truth: Truth;
let customers: IngestResult;

beforeAll(async () => {
  await initNodeBackend();
  sample = generate(SEED);
  truth = sample.truth as Truth;
  customers = await ingestCsv(textSource(sample.files[0]!.csv), silentContext());
});

describe('finance sample generator', () => {
  it('is deterministic per seed, differs across seeds, and keeps each file under 2 MB', () => {
    const again = generate(SEED);
    const other = generate(SEED + 1);
    for (let i = 0; i < sample.files.length; i++) {
      expect(again.files[i]!.csv).toBe(sample.files[i]!.csv);
      expect(other.files[i]!.csv).not.toBe(sample.files[i]!.csv);
      expect(Buffer.byteLength(sample.files[i]!.csv)).toBeLessThan(2e6);
    }
    expect(again.truth).toEqual(sample.truth);
    expect(sample.files.map((f) => f.name)).toEqual(['finance-card-customers.csv', 'finance-card-purchases.csv']);
  });
});

describe('propensity on the card customers', () => {
  it('Auto reaches the Bayes AUC and ranks the planted drivers in the planted order, region last', async () => {
    const before = tf.memory().numTensors;
    const res = await runPropensity(customers.table, customers.roles, { target: 'accepted_offer', seed: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(res.positive).toBe('yes');
    expect(res.counts.positives).toBe(truth.positives);
    console.log(
      `[finance] auto → ${res.model.kind} (expand ${res.expand}): test AUC ${res.test.auc.toFixed(4)}, Bayes ` +
        `${truth.bayesAuc.auc.toFixed(4)}; importance ${res.importance.map((i) => `${i.column} ${i.aucDrop.toFixed(3)}`).join(', ')}`,
    );
    expect(Math.abs(res.test.auc - truth.bayesAuc.auc)).toBeLessThan(0.015);
    const ranked = [...res.importance].sort((a, b) => b.aucDrop - a.aucDrop).map((i) => i.column);
    expect(ranked.slice(0, 3)).toEqual(truth.rankByAucDrop.slice(0, 3));
    expect(ranked.at(-1)).toBe('home_region');
    const drop = new Map(res.importance.map((i) => [i.column, i.aucDrop]));
    for (const col of truth.rankByAucDrop.filter((c) => !truth.noEffect.includes(c)))
      expect(drop.get(col)!).toBeGreaterThan(drop.get('home_region')! + 0.005);
    expect(res.drivers[0]!.column).toBe('age_years');
  });

  it('a straight-line logistic model misses the age hump: age carries no importance and AUC falls short', async () => {
    const res = await runPropensity(customers.table, customers.roles, {
      target: 'accepted_offer',
      model: 'logistic',
      expand: 'none',
      seed: 0,
    });
    const age = res.importance.find((i) => i.column === 'age_years')!.aucDrop;
    console.log(`[finance] linear logistic: test AUC ${res.test.auc.toFixed(4)}, age importance ${age.toFixed(4)}`);
    expect(res.test.auc).toBeLessThan(truth.bayesAuc.auc - 0.03);
    expect(Math.abs(age)).toBeLessThan(0.01);
  });
});

describe('CLV on the card purchases', () => {
  it('reads customer, date and amount by role and recovers the planted BG/NBD purchase and drop-out rates', async () => {
    const log = await ingestCsv(textSource(sample.files[1]!.csv), silentContext());
    expect(log.roles).toMatchObject({ customer_id: 'customer_id', purchase_date: 'timestamp', amount_gbp: 'amount' });
    const res = await runClv(
      log.table,
      log.roles,
      clvOptions({ kind: 'clv', datasetId: 'finance', period: 'week', horizon: 4 }),
    );
    const { r, alpha, a, b } = res.model;
    console.log(`[finance] BG/NBD r ${r.toFixed(3)} α ${alpha.toFixed(3)} a ${a.toFixed(3)} b ${b.toFixed(3)}`);
    expect(Math.abs(r / PURCHASES.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(alpha / PURCHASES.alpha - 1)).toBeLessThan(0.1);
    // a and b are weakly identified one by one; their mean drop-out chance a / (a + b) is not
    expect(Math.abs(a / (a + b) - PURCHASES.a / (PURCHASES.a + PURCHASES.b))).toBeLessThan(0.03);
  });
});
