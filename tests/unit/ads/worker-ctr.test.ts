// The ads worker job over fake IndexedDB with both result shapes: an impression log (media sample, 0/1 `clicked`)
// stores the CTR models (`analysis: 'impressions'`, typed-array weights and plain-data trees, read back through
// structured clone), a campaign log stores the aggregate analysis; what-ifs on the campaign log targeted at a stored
// segment (planted propensity lift 2) and at a propensity model's top deciles; what-ifs on an impression log refuse.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { saveDataset } from '../../../src/storage/datasets.ts';
import { getResult, listResults, saveResult } from '../../../src/storage/results.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { isCtrJobResult, type AdsJobResult } from '../../../src/core/ads/job.ts';
import type { Table } from '../../../src/core/data/table.ts';
import type { RoleMap } from '../../../src/core/data/table.ts';
import { adsJob, adsWhatIfJob } from '../../../workers/jobs/ads.ts';
import { generate } from '../../../scripts/samples/media.ts';
import { SAMPLE_ROLES, sampleTable } from './helpers.ts';

async function store(id: string, name: string, table: Table, roles: RoleMap): Promise<void> {
  await saveDataset(
    {
      id,
      name,
      source: `${name}.csv`,
      roles: { ...roles },
      quality: [],
      repairs: [],
      columns: table.columns.map((c) => ({
        name: c.name,
        type: c.type,
        role: roles[c.name] ?? 'ignore',
        roleConfidence: 1,
        missing: 0,
        distinct: 0,
      })),
      format: { delimiter: ',', encoding: 'utf-8', hasHeader: true, bytes: 1 },
      importedAt: Date.now(),
    },
    table,
  );
}

// Audience fixtures: 1,000 customers, segment 0 (“Loyal”, 200) scores 0.2, the rest 0.075 → mean 0.1, lift 2.
const ids = Array.from({ length: 1000 }, (_, i) => `c${i}`);

beforeAll(async () => {
  await initNodeBackend();
  const media = await ingestCsv(textSource(generate(20261128).files[0]!.csv), silentContext());
  await store('media', 'media-impressions', media.table, media.roles);
  await store('ads-sample', 'ads-campaign-log', sampleTable().table, SAMPLE_ROLES);
  await saveResult({
    kind: 'segment',
    datasetId: 'crm',
    spec: {},
    result: {
      customers: ids,
      labels: Int32Array.from(ids, (_, i) => (i < 200 ? 0 : 1)),
      cards: [
        { id: 0, name: 'Loyal' },
        { id: 1, name: 'Rest' },
      ],
    },
  });
  const probability = Float32Array.from(ids, (_, i) => (i < 200 ? 0.2 : 0.075));
  await saveResult({
    kind: 'propensity',
    datasetId: 'crm',
    spec: {},
    result: { scores: { ids, probability, decile: new Uint8Array(1000), split: new Uint8Array(1000) } },
  });
}, 60_000);

describe('ads worker job: impression log', () => {
  it('runs the CTR models (no count model), stores them, and they read back intact', async () => {
    const before = tf.memory().numTensors;
    const res = await adsJob({ kind: 'ads', datasetId: 'media', outcome: 'clicked', model: 'glm' }, silentContext());
    expect(tf.memory().numTensors).toBe(before);
    if (!isCtrJobResult(res)) throw new Error('expected the impression-level analysis');
    expect(res).not.toHaveProperty('quality');
    expect(res.ctr.models.map((m) => m.kind)).toEqual(['logistic', 'fm', 'gbdt']);
    expect(res.metrics.model).toBe(`ctr/${res.ctr.best}`);
    const rec = await getResult<AdsJobResult>('ads', 'media');
    expect(rec?.modelId).toBeUndefined();
    const back = rec!.result;
    if (!isCtrJobResult(back)) throw new Error('stored result lost its shape');
    const fm = back.ctr.models.find((m) => m.kind === 'fm')!;
    expect(fm.weights!.theta).toBeInstanceOf(Float32Array);
    expect(fm.weights!.theta).toEqual(res.ctr.models.find((m) => m.kind === 'fm')!.weights!.theta);
    expect(back.ctr.models.find((m) => m.kind === 'gbdt')!.trees).toEqual(
      res.ctr.models.find((m) => m.kind === 'gbdt')!.trees,
    );
    expect(back.ctr.effects).toEqual(res.ctr.effects);
    for (const e of back.ctr.effects)
      for (const l of e.levels) expect(l.low >= 0 && l.high <= 1 && l.low <= l.ctr && l.ctr <= l.high).toBe(true);
  }, 120_000);

  it('proposes the 0/1 column when no outcome is given', async () => {
    const res = await adsJob({ kind: 'ads', datasetId: 'media' }, silentContext());
    expect(res.analysis).toBe('impressions');
  }, 120_000);

  it('a what-if on an impression log says why it cannot run', async () => {
    await expect(adsWhatIfJob({ kind: 'ads-whatif', datasetId: 'media', spend: {} }, silentContext())).rejects.toThrow(
      /impression log/,
    );
  });
});

describe('ads worker job: campaign log, what-if targeted at an audience', () => {
  it('stores the aggregate shape; a segment with twice the mean propensity doubles, capped at its size', async () => {
    const res = await adsJob(
      { kind: 'ads', datasetId: 'ads-sample', outcome: 'conversions', bootstrap: 10, date: null },
      silentContext(),
    );
    expect(res.analysis).toBe('aggregate');
    expect((await listResults()).some((r) => r.kind === 'ads' && r.datasetId === 'ads-sample')).toBe(true);
    const plain = await adsWhatIfJob({ kind: 'ads-whatif', datasetId: 'ads-sample', spend: {} }, silentContext());
    const seg = await adsWhatIfJob(
      { kind: 'ads-whatif', datasetId: 'ads-sample', spend: {}, audience: { datasetId: 'crm', segment: 0 } },
      silentContext(),
    );
    const a = seg.audience!;
    expect(a.target.size).toBe(200);
    expect(a.target.propensity!.lift).toBeCloseTo(2, 5);
    const total = plain.spend!.total;
    expect(a.spend!.predicted).toBeCloseTo(total, 9);
    // ~1,380 conversions per period: twice that is more than the 200 customers of the audience.
    expect(total).toBeGreaterThan(100);
    expect(a.spend!.targeted).toBe(200);
    expect(a.spend!.capped).toBe(true);
    expect(a.notes.join(' ')).toMatch(/conversions scale with the audience's relative propensity/);
    const rest = await adsWhatIfJob(
      { kind: 'ads-whatif', datasetId: 'ads-sample', spend: {}, audience: { datasetId: 'crm', segment: 1 } },
      silentContext(),
    );
    expect(rest.audience!.target.propensity!.lift).toBeCloseTo(0.75, 5);
    expect(rest.audience!.spend!.targeted).toBe(Math.min(0.75 * total, 800));
  }, 180_000);

  it('clicks are not customers: the targeted spend scenario is exactly twice; the CTR mix is capped at 1', async () => {
    await adsJob({ kind: 'ads', datasetId: 'ads-sample', outcome: 'CTR', bootstrap: 10, date: null }, silentContext());
    const audience = { datasetId: 'crm', segment: 0 };
    const plain = await adsWhatIfJob(
      { kind: 'ads-whatif', datasetId: 'ads-sample', spend: {}, mix: { ad_format: { video: 1 } } },
      silentContext(),
    );
    const seg = await adsWhatIfJob(
      { kind: 'ads-whatif', datasetId: 'ads-sample', spend: {}, mix: { ad_format: { video: 1 } }, audience },
      silentContext(),
    );
    // Float32 propensities: the lift is 2 to float precision.
    const lift = seg.audience!.target.propensity!.lift;
    expect(lift).toBeCloseTo(2, 6);
    expect(seg.audience!.spend!.targeted! / plain.spend!.total).toBeCloseTo(2, 6);
    expect(seg.audience!.spend!.targeted).toBeCloseTo(lift * plain.spend!.total, 6);
    expect(seg.audience!.spend!.capped).toBe(false);
    expect(seg.audience!.mix!.predicted).toBeCloseTo(plain.mixOutcome!, 12);
    expect(seg.audience!.mix!.targeted).toBeCloseTo(Math.min(1, lift * plain.mixOutcome!), 12);
  }, 120_000);

  it('top deciles of the propensity model: the 200 scored 0.2 are the top 2 deciles', async () => {
    const top = await adsWhatIfJob(
      { kind: 'ads-whatif', datasetId: 'ads-sample', spend: {}, audience: { datasetId: 'crm', topDeciles: 2 } },
      silentContext(),
    );
    expect(top.audience!.target.size).toBe(200);
    expect(top.audience!.target.propensity!.lift).toBeCloseTo(2, 5);
    await expect(
      adsWhatIfJob(
        { kind: 'ads-whatif', datasetId: 'ads-sample', spend: {}, audience: { datasetId: 'nope', topDeciles: 2 } },
        silentContext(),
      ),
    ).rejects.toThrow(/no propensity model/);
  });
});
