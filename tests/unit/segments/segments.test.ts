// Segmentation: planted e-commerce segments recovered, cards/rules/map, cancel + leak checks, online-retail anchor.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/ecommerce.ts';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { CancelledError, silentContext } from '../../../src/core/jobs.ts';
import { adjustedRandIndex } from '../../../src/core/metrics/classification.ts';
import { kmeans } from '../../../src/core/segments/kmeans.ts';
import { assignSegments, runSegmentation } from '../../../src/core/segments/run.ts';
import { normal, rng } from '../../../src/core/random.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import { dataset } from '../../datasets.ts';

const RETAIL = dataset('online-retail/online-retail.csv');
const SEGMENT_NAMES = ['Champions', 'Loyal regulars', 'New customers', 'Lapsed one-timers'];

let sample: ReturnType<typeof generate>;
let shop: IngestResult;

beforeAll(async () => {
  await initNodeBackend();
  sample = generate(20261128);
  shop = await ingestCsv(textSource(sample.files[0]!.csv), silentContext());
});

describe('k-means', () => {
  it('finds well-separated blobs, keeps the best restart and leaks no tensors', async () => {
    const rand = rng(3),
      g = normal(rand);
    const n = 3000,
      d = 4,
      centres = [
        [0, 0, 0, 0],
        [8, 8, 0, 0],
        [0, 8, 8, 0],
        [8, 0, 0, 8],
      ];
    const x = new Float32Array(n * d),
      truth = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      truth[i] = i % 4;
      for (let t = 0; t < d; t++) x[i * d + t] = centres[i % 4]![t]! + g();
    }
    const before = tf.memory().numTensors;
    const res = await kmeans(x, n, d, { k: 4, seed: 1, restarts: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(adjustedRandIndex(res.labels, truth)).toBeGreaterThan(0.99);
    expect(res.inertia).toBe(Math.min(...res.runs.map((r) => r.inertia)));
    expect(res.inertia / n).toBeCloseTo(d, 0); // unit-variance noise per dimension
    expect(res.sizes.reduce((a, b) => a + b, 0)).toBe(n);
  });
});

describe('segmentation of the e-commerce sample', () => {
  it('recovers the 4 planted segments (ARI ≥ 0.9), names them and explains them with pure rules', async () => {
    const before = tf.memory().numTensors;
    const events: number[] = [];
    const ctx = {
      ...silentContext(),
      progress: (done: number, total: number) => {
        events.push(done / total);
      },
    };
    const res = await runSegmentation(shop.table, shop.roles, { seed: 1 }, ctx);
    expect(tf.memory().numTensors).toBe(before);
    expect(res.mode).toBe('transactions');
    expect(res.kChoice!.recommended).toBe(4);
    const truth = sample.truth as { segmentOf: Record<string, string>; cancelledLines: number };
    const planted = res.customers.map((c) => SEGMENT_NAMES.indexOf(truth.segmentOf[c]!));
    expect(planted.every((s) => s >= 0)).toBe(true);
    expect(adjustedRandIndex(res.labels, planted)).toBeGreaterThanOrEqual(0.9);
    expect(res.rfm!.counts.cancellations).toBe(truth.cancelledLines);
    expect(res.rfm!.invoiceColumn).toBe('invoice');
    // Names follow the planted profiles: the segment holding the champions is the recent high spenders, etc.
    const nameOfPlanted = (s: number) => {
      const counts = new Map<number, number>();
      planted.forEach((p, i) => {
        if (p === s) counts.set(res.labels[i]!, (counts.get(res.labels[i]!) ?? 0) + 1);
      });
      return res.cards[[...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]]!.name;
    };
    expect(nameOfPlanted(0)).toBe('Recent high spenders');
    expect(nameOfPlanted(3)).toBe('Lapsed one-timers');
    expect(new Set(res.cards.map((c) => c.name)).size).toBe(4);
    for (const c of res.cards) {
      expect(c.distinguishing).toHaveLength(3);
      expect(c.small).toBe(false);
    }
    expect(res.ruleAccuracy).toBeGreaterThan(0.9);
    expect(res.rules.every((r) => r.conditions.length <= 3)).toBe(true);
    expect(res.rules.some((r) => /recency (≤|≥) \d+ days/.test(r.text) && r.purity > 0.9)).toBe(true);
    expect(res.map.points.length).toBe(2 * res.customers.length);
    expect(res.map.centroids.length).toBe(8);
    expect(res.map.explained[0]).toBeGreaterThan(res.map.explained[1]);
    // Progress never goes backwards.
    expect(events.every((v, i) => i === 0 || v >= events[i - 1]! - 1e-9)).toBe(true);
    // Stored model re-assigns the same customers to the same segments.
    const rfmTable = (await import('../../../src/core/features/rfm.ts')).computeRfm(shop.table, shop.roles);
    const again = assignSegments(
      JSON.parse(JSON.stringify({ ...res.model, centroids: Array.from(res.model.centroids) })),
      (await rfmTable).table,
    );
    expect(adjustedRandIndex(again, res.labels)).toBe(1);
  });

  it('flags segments below the minimum size and stops cleanly on cancel', async () => {
    const res = await runSegmentation(shop.table, shop.roles, { k: 4, seed: 1, restarts: 2, minSize: 200 });
    expect(res.cards.filter((c) => c.small).map((c) => c.size)).toEqual([150]);
    const before = tf.memory().numTensors;
    let calls = 0;
    await expect(
      runSegmentation(
        shop.table,
        shop.roles,
        { k: 4, seed: 1 },
        silentContext(() => ++calls > 3),
      ),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('online-retail RFM anchor (ANCHORS.md)', () => {
  it('k = 4 on log1p + z-scored R, F, M: inertia within 0.5 % of 3952.57 and every cluster size within 2 %', async () => {
    const retail = await loadCsvFile(RETAIL);
    const res = await runSegmentation(retail.table, retail.roles, { k: 4, seed: 0, restarts: 10, log: 'all' });
    expect(res.rfm!.counts.used).toBe(397_924);
    expect(res.customers).toHaveLength(4339);
    expect(Math.abs(res.inertia - 3952.57) / 3952.57).toBeLessThan(0.005);
    const sizes = res.sizes.slice().sort((a, b) => a - b);
    const ref = [700, 838, 1175, 1626];
    sizes.forEach((s, i) => expect(Math.abs(s - ref[i]!) / ref[i]!).toBeLessThan(0.02));
    const names = res.cards.map((c) => c.name);
    expect(names).toContain('Recent high spenders');
    expect(names).toContain('Lapsed one-timers');
  });
});
