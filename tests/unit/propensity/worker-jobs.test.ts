// The propensity worker jobs over fake IndexedDB, for every model kind: train and store, re-score from the stored
// model (identical), and export the scores CSV with reasons — with no tensor left behind by any of them.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { rng } from '../../../src/core/random.ts';
import { importJob } from '../../../workers/jobs/data.ts';
import { propensityExportJob, propensityJob, propensityScoreJob } from '../../../workers/jobs/propensity.ts';

const ctx = silentContext();

/** 1,200 customers: churn from tenure (non-linear), plan and support calls; a text id; a yes/no target. */
function customersCsv(): string {
  const r = rng(31);
  const lines = ['customer,tenure,plan,calls,spend,churned'];
  for (let i = 0; i < 1200; i++) {
    const tenure = Math.floor(r() * 60);
    const plan = ['basic', 'plus', 'pro'][Math.floor(r() * 3)]!;
    const calls = Math.floor(r() * 6);
    const z = (tenure < 12 ? 1.5 : -0.8) + (plan === 'basic' ? 0.7 : -0.3) + 0.4 * calls - 1;
    const churned = r() < 1 / (1 + Math.exp(-z)) ? 'yes' : 'no';
    lines.push(`C${1000 + i},${tenure},${plan},${calls},${(20 + r() * 80).toFixed(2)},${churned}`);
  }
  return lines.join('\n') + '\n';
}

let datasetId = '';

beforeAll(async () => {
  await initNodeBackend();
  const file = new Blob([customersCsv()]);
  datasetId = (await importJob({ kind: 'import', file, name: 'churn-customers' }, ctx)).dataset.id;
});

describe('propensity worker jobs', () => {
  for (const model of ['logistic', 'gbdt', 'blend', 'mlp'] as const) {
    it(`${model}: trains, re-scores identically from storage, exports reasons; no tensor leak`, async () => {
      const before = tf.memory().numTensors;
      const spec = { kind: 'propensity' as const, datasetId, target: 'churned', model, seed: 2, epochs: 5 };
      const res = await propensityJob(spec, ctx);
      expect(res.modelKind).toBe(model);
      expect(res.test.auc).toBeGreaterThan(0.65);
      const again = await propensityScoreJob({ kind: 'propensity-score', datasetId }, ctx);
      expect(again).toMatchObject({ rows: 1200, identical: true, modelKind: model });
      const out = await propensityExportJob({ kind: 'propensity-export', datasetId }, ctx);
      const lines = out.csv.trim().split(/\r?\n/);
      expect(lines[0]).toBe('id,probability,decile,split,reasons');
      expect(lines).toHaveLength(1201);
      expect(lines.slice(1).some((l) => /(tenure|plan=\w+|calls) \(\+\d/.test(l))).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
