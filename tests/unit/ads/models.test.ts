// Outcome models: GLM families recover planted coefficients, the MLP learns, predictions agree across paths, no leaks.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { fitGlm } from '../../../src/core/ads/glm.ts';
import { fitMlp } from '../../../src/core/ads/mlp.ts';
import { predictEta, predictEtaTensor } from '../../../src/core/ads/predict.ts';
import { analyzeAds } from '../../../src/core/ads/run.ts';
import { CancelledError, JobError, silentContext } from '../../../src/core/jobs.ts';
import { normal, rng } from '../../../src/core/random.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { SAMPLE_ROLES, sampleTable } from './helpers.ts';

beforeAll(async () => {
  await initNodeBackend();
});

function synthetic(n: number, seed: number) {
  const rand = rng(seed);
  const g = normal(rng(seed + 1));
  const x = new Float32Array(n * 2);
  for (let i = 0; i < n * 2; i++) x[i] = g();
  return { x, rand, g, idx: Int32Array.from({ length: n }, (_, i) => i) };
}

describe('GLM (IRLS)', () => {
  it('Poisson with a log-exposure offset recovers planted coefficients', async () => {
    const n = 3000;
    const { x, rand, idx } = synthetic(n, 11);
    const y = new Float64Array(n);
    const off = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      off[i] = Math.log(50 + 500 * rand());
      const mu = Math.exp(-3 + 0.5 * x[i * 2]! - 0.3 * x[i * 2 + 1]! + off[i]!);
      let k = 0;
      let p = 1;
      const l = Math.exp(-Math.min(mu, 600));
      if (mu > 60) k = Math.round(mu + Math.sqrt(mu) * normal(rand)());
      else {
        do {
          k++;
          p *= rand();
        } while (p > l);
        k--;
      }
      y[i] = Math.max(0, k);
    }
    const before = tf.memory().numTensors;
    const w = await fitGlm('poisson', x, 2, { y, w: new Float64Array(n).fill(1), offset: off }, idx, silentContext());
    expect(tf.memory().numTensors).toBe(before);
    expect(w.coef[0]).toBeCloseTo(-3, 1);
    expect(w.coef[1]).toBeCloseTo(0.5, 1);
    expect(w.coef[2]).toBeCloseTo(-0.3, 1);
    expect(w.iterations).toBeLessThan(30);
  });

  it('binomial (trials-weighted) recovers planted log-odds', async () => {
    const n = 2000;
    const { x, rand, idx } = synthetic(n, 21);
    const y = new Float64Array(n);
    const trials = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      trials[i] = 20 + Math.floor(rand() * 200);
      const p = 1 / (1 + Math.exp(-(-2 + 0.8 * x[i * 2]! + 0.2 * x[i * 2 + 1]!)));
      let s = 0;
      for (let t = 0; t < trials[i]!; t++) if (rand() < p) s++;
      y[i] = s / trials[i]!;
    }
    const w = await fitGlm('binomial', x, 2, { y, w: trials, offset: null }, idx, silentContext());
    expect(w.coef[0]).toBeCloseTo(-2, 1);
    expect(w.coef[1]).toBeCloseTo(0.8, 1);
    expect(w.coef[2]).toBeCloseTo(0.2, 1);
    // Standard errors are those of ~250k Bernoulli trials: small.
    expect(Math.sqrt(w.cov[1 * 3 + 1]!)).toBeLessThan(0.02);
  });

  it('stops with CancelledError when cancelled', async () => {
    const { x, idx } = synthetic(100, 3);
    const before = tf.memory().numTensors;
    await expect(
      fitGlm(
        'poisson',
        x,
        2,
        { y: new Float64Array(100).fill(1), w: new Float64Array(100).fill(1), offset: null },
        idx,
        silentContext(() => true),
      ),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('MLP', () => {
  it('learns CTR on the planted sample (deviance explained > 0.8) and its TF and typed-array predictions agree', async () => {
    const { table } = sampleTable();
    const before = tf.memory().numTensors;
    const res = await analyzeAds(
      table,
      { ...SAMPLE_ROLES },
      {
        outcome: { kind: 'rate', numerator: 'clicks', denominator: 'impressions', label: 'CTR' },
        inputs: ['channel', 'ad_format', 'time_slot'],
        model: 'mlp',
        mlpIterations: 300,
        repeats: 30,
      },
      silentContext(),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(res.quality.model).toBe('mlp');
    expect(res.quality.d2).toBeGreaterThan(0.8);
    expect(res.importance.map((i) => i.factor)).toEqual(['channel', 'ad_format', 'time_slot']);
    const p = res.model.design.width;
    const x = new Float32Array(5 * p).map((_, i) => (i % 3 === 0 ? 1 : 0));
    const a = predictEta(res.model.weights, x, p);
    const b = await predictEtaTensor(res.model.weights, x, p);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fitMlp cancels cleanly', async () => {
    const { x, idx } = synthetic(50, 5);
    const before = tf.memory().numTensors;
    await expect(
      fitMlp(
        'linear',
        x,
        2,
        { y: new Float64Array(50), w: new Float64Array(50).fill(1), offset: null },
        idx,
        silentContext(() => true),
      ),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('analyzeAds errors', () => {
  const table = tableFromRecords(
    Array.from({ length: 30 }, (_, i) => ({ ch: i % 2 ? 'a' : 'b', spend: i, sales: i % 3, note: 'x' })),
    { ch: 'categorical', spend: 'decimal', sales: 'integer', note: 'text' },
  );
  it('names the column when the outcome is not numeric or is also an input', async () => {
    await expect(
      analyzeAds(
        table,
        { ch: 'channel', spend: 'spend', sales: 'amount' },
        { outcome: { kind: 'continuous', column: 'note', label: 'note' } },
        silentContext(),
      ),
    ).rejects.toThrow(/`note` is text, not numeric/);
    await expect(
      analyzeAds(
        table,
        { ch: 'channel', spend: 'spend', sales: 'amount' },
        { outcome: { kind: 'continuous', column: 'sales', label: 'sales' }, inputs: ['sales'] },
        silentContext(),
      ),
    ).rejects.toBeInstanceOf(JobError);
    await expect(analyzeAds(table, { note: 'text' }, {}, silentContext())).rejects.toThrow(/No outcome column found/);
  });
});
