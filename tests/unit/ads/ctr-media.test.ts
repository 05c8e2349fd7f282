// CTR models on the media sample (generated here with a fixed seed): the FM recovers both planted interactions and
// beats hashed logistic regression on test AUC; per-level CTRs recover the planted main-effect orderings.
// Measured (seed below): logistic AUC 0.711, FM 0.741, oracle (true probabilities) 0.755; over generator seeds 1–3
// the FM's lead was 0.030–0.036.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { generate } from '../../../scripts/samples/media.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { CancelledError, silentContext } from '../../../src/core/jobs.ts';
import { fitCtrModels } from '../../../src/core/ads/ctr/run.ts';
import { isImpressionLog } from '../../../src/core/ads/ctr/detect.ts';
import type { CtrResult } from '../../../src/core/ads/ctr/types.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';

interface MediaTruth {
  factors: { name: string; order: string[]; spread: number }[];
  interactions: { a: string; b: string; strength: number; effects: Record<string, Record<string, number>> }[];
}

const SEED = 20261128;
let ingest: IngestResult;
let truth: MediaTruth;
let result: CtrResult;
let leaked = 0;

beforeAll(async () => {
  await initNodeBackend();
  const sample = generate(SEED);
  truth = sample.truth as MediaTruth;
  expect(sample.files[0]!.csv.length).toBeLessThan(3_000_000);
  ingest = await ingestCsv(textSource(sample.files[0]!.csv), silentContext());
  const before = tf.memory().numTensors;
  result = await fitCtrModels(ingest.table, ingest.roles, { outcome: 'clicked', seed: 1 }, silentContext());
  leaked = tf.memory().numTensors - before;
}, 120_000);

const model = (kind: 'logistic' | 'fm' | 'gbdt') => result.models.find((m) => m.kind === kind)!;
const key = (a: string, b: string) => [a, b].sort().join(' × ');

describe('media sample: impression log, splits and encoding', () => {
  it('is an impression log; the default features leave out the impression and user ids', () => {
    expect(isImpressionLog(ingest.table, ingest.roles, 'clicked')).toBe(true);
    expect(result.rows).toBe(45_000);
    expect(result.testRows).toBe(9000);
    expect(result.encoding.fields.map((f) => f.name).sort()).toEqual(
      ['article_id', 'device', 'format', 'position', 'section', 'time_slot'].sort(),
    );
    expect(result.encoding.dropped.map((d) => d.column).sort()).toEqual(['impression_id', 'user_id']);
    expect(result.encoding.collisions).toBeLessThanOrEqual(3);
    expect(leaked).toBe(0);
  });
});

describe('media sample: models against the click-rate baseline', () => {
  it('both models beat the constant rate; the FM beats logistic by ≥ 0.02 AUC', () => {
    const lr = model('logistic'),
      fm = model('fm');
    expect(result.baseline.auc).toBe(0.5);
    for (const m of [lr, fm]) {
      expect(m.auc).toBeGreaterThan(0.68);
      expect(m.logLoss).toBeLessThan(result.baseline.logLoss - 0.02);
      // Early stopping stopped it: patience (3) epochs past the kept one, well before the 40-epoch cap.
      expect(m.epochs).toBe(m.bestEpoch + 3);
    }
    expect(fm.auc - lr.auc).toBeGreaterThanOrEqual(0.02);
    expect(fm.logLoss).toBeLessThan(lr.logLoss - 0.005);
    expect(result.best).toBe('fm');
    // The trees (same levels, no hashing) find part of the interactions: above logistic, below the FM.
    const trees = result.models.find((m) => m.kind === 'gbdt')!;
    expect(trees.logLoss).toBeLessThan(result.baseline.logLoss - 0.02);
    expect(trees.auc).toBeGreaterThan(lr.auc);
    expect(trees.auc).toBeLessThan(fm.auc);
    expect(trees.weights).toBeNull();
    expect(trees.trees!.trees.length).toBe(trees.epochs);
  });
});

describe('media sample: the FM recovers the planted interactions', () => {
  it('ranks the two planted pairs first, at about their planted strength, far above any other pair', () => {
    const inter = result.interactions!;
    const planted = new Set(truth.interactions.map((p) => key(p.a, p.b)));
    expect(new Set(inter.slice(0, 2).map((i) => key(i.a, i.b)))).toEqual(planted);
    for (const p of truth.interactions) {
      const got = inter.find((i) => key(i.a, i.b) === key(p.a, p.b))!;
      expect(got.strength).toBeGreaterThan(0.6 * p.strength);
      expect(got.strength).toBeLessThan(1.4 * p.strength);
    }
    expect(inter[2]!.strength).toBeLessThan(0.4 * Math.min(inter[0]!.strength, inter[1]!.strength));
  });

  it('gives every large planted cell (|effect| ≥ 0.5 log-odds) the planted sign, within 0.3', () => {
    let checked = 0;
    for (const p of truth.interactions) {
      const got = result.interactions!.find((i) => key(i.a, i.b) === key(p.a, p.b))!;
      for (const [la, row] of Object.entries(p.effects))
        for (const [lb, v] of Object.entries(row)) {
          if (Math.abs(v) < 0.5) continue;
          const cell = got.cells.find((c) => (got.a === p.a ? c.a === la && c.b === lb : c.a === lb && c.b === la));
          expect(cell, `${la} × ${lb}`).toBeDefined();
          expect(Math.sign(cell!.effect)).toBe(Math.sign(v));
          expect(Math.abs(cell!.effect - v)).toBeLessThan(0.3);
          checked++;
        }
    }
    expect(checked).toBe(8);
  });
});

describe('media sample: effects and importance', () => {
  it('orders each planted factor’s levels by CTR as planted, with Wilson intervals inside [0, 1]', () => {
    for (const f of truth.factors) {
      const eff = result.effects.find((e) => e.factor === f.name)!;
      const byCtr = eff.levels
        .slice()
        .sort((a, b) => b.ctr - a.ctr)
        .map((l) => l.level);
      expect(byCtr, f.name).toEqual(f.order);
      expect(eff.levels.reduce((a, l) => a + l.impressions, 0)).toBe(45_000);
      for (const l of eff.levels) {
        expect(l.low).toBeGreaterThanOrEqual(0);
        expect(l.high).toBeLessThanOrEqual(1);
        expect(l.low).toBeLessThanOrEqual(l.ctr);
        expect(l.high).toBeGreaterThanOrEqual(l.ctr);
      }
    }
  });

  it('ranks position (largest planted spread) first and the planted factors above section and article', () => {
    const order = result.importance.map((i) => i.factor);
    expect(order[0]).toBe('position');
    expect(new Set(order.slice(0, 4))).toEqual(new Set(['position', 'format', 'time_slot', 'device']));
    for (const i of result.importance.slice(0, 4)) {
      expect(i.low).toBeGreaterThan(0);
      expect(i.sd).toBeGreaterThan(0);
    }
  });
});

describe('media sample: cancelling', () => {
  it('stops between batches with CancelledError and leaves no tensors behind', async () => {
    let calls = 0;
    const ctx = silentContext(() => ++calls > 25);
    const before = tf.memory().numTensors;
    await expect(fitCtrModels(ingest.table, ingest.roles, { outcome: 'clicked' }, ctx)).rejects.toBeInstanceOf(
      CancelledError,
    );
    expect(calls).toBeGreaterThan(25);
    expect(tf.memory().numTensors).toBe(before);
  });
});
