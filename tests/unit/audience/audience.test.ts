// Linked audiences: a segment's members joined by customer id with the recommender, propensity and CLV results —
// the pure aggregation on planted sources, then the worker jobs end to end on a planted transaction log.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { rng } from '../../../src/core/random.ts';
import { audienceCsv, segmentAudience, type AudienceSources } from '../../../src/core/audience/profile.ts';
import { bestOverlap } from '../../../src/core/audience/job.ts';
import type { Recommendation } from '../../../src/core/recommend/serve.ts';
import { importJob } from '../../../workers/jobs/data.ts';
import { segmentJob } from '../../../workers/jobs/segments.ts';
import { recommendJob } from '../../../workers/jobs/recommend.ts';
import { clvJob } from '../../../workers/jobs/clv.ts';
import { audienceExportJob, audienceJob } from '../../../workers/jobs/audience.ts';

const ctx = silentContext();
const rec = (items: string[]): Recommendation[] =>
  items.map((item, i) => ({ rank: i + 1, item, name: item.toUpperCase(), score: 1 - i / 10, reason: '', because: [] }));

function planted(): AudienceSources {
  const customers = ['c1', 'c2', 'c3', 'c4', '=cmd()', 'c6'];
  return {
    segments: {
      customers,
      labels: [0, 0, 0, 1, 1, 1],
      cards: [
        { id: 0, name: 'Loyal' },
        { id: 1, name: 'New' },
      ],
    },
    recommend: {
      datasetId: 'tx',
      name: 'tx',
      forUser: (id) => (id === 'c3' ? null : id <= 'c3' ? rec(['a', 'b', 'z']) : rec(['z', 'y'])),
    },
    propensity: { datasetId: 'p', name: 'p', ids: ['c1', 'c2', 'c4', 'x9'], values: [0.9, 0.7, 0.1, 0.5] },
    clv: null,
    pAlive: null,
  };
}

describe('segment audience (pure)', () => {
  it('ranks items by members reached, profiles scores against everyone, and skips unknown members', () => {
    const a = segmentAudience(planted(), 0, 3);
    expect(a).toMatchObject({ segment: 0, name: 'Loyal', members: 3 });
    expect(a.recommend!.covered).toBe(2); // c3 is unknown to the recommender
    expect(a.recommend!.items.map((i) => [i.item, i.members, i.reach, i.meanRank])).toEqual([
      ['a', 2, 1, 1],
      ['b', 2, 1, 2],
      ['z', 2, 1, 3],
    ]);
    expect(a.propensity).toMatchObject({ covered: 2, mean: 0.8, overall: (0.9 + 0.7 + 0.1 + 0.5) / 4 });
    expect(a.clv).toBeNull();
    const b = segmentAudience(planted(), 1, 2);
    expect(b.recommend!.items.map((i) => i.item)).toEqual(['z', 'y']);
    expect(b.propensity).toMatchObject({ covered: 1, mean: 0.1 });
    expect(() => segmentAudience(planted(), 7)).toThrow(/no segment 7/);
  });

  it('writes the audience CSV with the linked scores, neutralising formula-like ids', () => {
    const one = audienceCsv(planted(), 1);
    const lines = one.csv.trim().split('\r\n');
    expect(lines).toEqual(['customer_id,segment,propensity', 'c4,New,0.1', "'=cmd(),New,", 'c6,New,']);
    expect(audienceCsv(planted(), null).rows).toBe(6);
  });

  it('links a result only when it is about the same customers', () => {
    const members = new Set(['a', 'b', 'c', 'd']);
    const same = { ids: ['a', 'b', 'c', 'q'], value: 'same' };
    const other = { ids: ['x', 'y', 'z', 'a'], value: 'other' }; // 1 of 4 in common: unrelated file
    expect(bestOverlap(members, [other, same])?.value).toBe('same');
    expect(bestOverlap(members, [other])).toBeNull();
    expect(bestOverlap(members, [{ ids: ['a', 'b'], value: 'subset' }])?.value).toBe('subset');
  });
});

/** 300 customers in two planted groups: frequent buyers of items A1…A30, rare buyers of B1…B30. */
function transactionsCsv(): string {
  const r = rng(8);
  const lines = ['customer,item,date,amount'];
  const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
  for (let c = 0; c < 300; c++) {
    const heavy = c % 2 === 0;
    const visits = heavy ? 8 + Math.floor(r() * 8) : 1 + Math.floor(r() * 2);
    for (let v = 0; v < visits; v++) {
      const item = `${heavy ? 'A' : 'B'}${1 + Math.floor(r() * 30)}`;
      const amount = (heavy ? 40 : 15) + Math.round(r() * 10);
      lines.push(`K${c},${item},${day(Math.floor(r() * 360))},${amount}`);
    }
  }
  return lines.join('\n') + '\n';
}

describe('audience worker jobs', () => {
  let datasetId = '';
  beforeAll(async () => {
    await initNodeBackend();
    const file = new Blob([transactionsCsv()]);
    datasetId = (await importJob({ kind: 'import', file, name: 'planted-tx' }, ctx)).dataset.id;
    await segmentJob({ kind: 'segment', datasetId, k: 2, seed: 1, minSize: 5 }, ctx);
    await recommendJob({ kind: 'recommend', datasetId, split: 'random', seed: 1, grid: 'quick' }, ctx);
    await clvJob({ kind: 'clv', datasetId, period: 'week', horizon: 12 }, ctx);
  }, 120_000);

  it("one segment's members get their own group's items, its CLV profile, and an audience file", async () => {
    const before = tf.memory().numTensors;
    const { getResult } = await import('../../../src/storage/results.ts');
    const seg = (await getResult<{ cards: { id: number; size: number }[]; customers: string[]; labels: Int32Array }>(
      'segment',
      datasetId,
    ))!.result;
    // The segment holding customer K0 (a heavy A buyer).
    const heavy = seg.labels[seg.customers.indexOf('K0')]!;
    const a = await audienceJob({ kind: 'audience', datasetId, segment: heavy, n: 5 }, ctx);
    expect(a.members).toBe(seg.cards.find((c) => c.id === heavy)!.size);
    expect(a.recommend!.covered).toBeGreaterThan(0.8 * a.members);
    const aItems = a.recommend!.items.filter((i) => i.item.startsWith('A')).length;
    expect(aItems).toBeGreaterThanOrEqual(4); // their own group's items, not the other group's
    expect(a.clv!.covered).toBe(a.members);
    expect(a.clv!.mean).toBeGreaterThan(a.clv!.overall); // the heavy group is worth more than average
    const out = await audienceExportJob({ kind: 'audience-export', datasetId, segment: heavy }, ctx);
    expect(out.columns).toEqual(['clv', 'pAlive']);
    const lines = out.csv.trim().split('\r\n');
    expect(lines[0]).toBe('customer_id,segment,clv,p_alive');
    expect(lines).toHaveLength(a.members + 1);
    expect(tf.memory().numTensors).toBe(before);
    await expect(audienceJob({ kind: 'audience', datasetId, segment: 9 }, ctx)).rejects.toMatchObject({
      code: 'unknown-segment',
    });
  });
});
