// Ads worker jobs over fake IndexedDB: analysis stored with its model, what-if and allocation on the stored result.
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { saveDataset } from '../../../src/storage/datasets.ts';
import { getModel, getResult } from '../../../src/storage/results.ts';
import { JobError, silentContext } from '../../../src/core/jobs.ts';
import { adsAllocateJob, adsJob, adsWhatIfJob } from '../../../workers/jobs/ads.ts';
import type { AdsAggregateJobResult } from '../../../src/core/ads/job.ts';
import { SAMPLE_ROLES, sampleTable } from './helpers.ts';

beforeAll(async () => {
  await initNodeBackend();
  const { table } = sampleTable();
  await saveDataset(
    {
      id: 'ads-sample',
      name: 'ads-campaign-log',
      source: 'ads-campaign-log.csv',
      roles: { ...SAMPLE_ROLES },
      quality: [],
      repairs: [],
      columns: table.columns.map((c) => ({
        name: c.name,
        type: c.type,
        role: SAMPLE_ROLES[c.name as keyof typeof SAMPLE_ROLES],
        roleConfidence: 1,
        missing: 0,
        distinct: 0,
      })),
      format: { delimiter: ',', encoding: 'utf-8', hasHeader: true, bytes: 1 },
      importedAt: Date.now(),
    },
    table,
  );
});

describe('ads worker jobs', () => {
  it('what-if before any analysis says what to do', async () => {
    await expect(
      adsWhatIfJob({ kind: 'ads-whatif', datasetId: 'ads-sample', spend: {} }, silentContext()),
    ).rejects.toThrow(/Run the ads analysis/);
  });

  it('runs the analysis, stores result + model, answers what-ifs and allocates with a cap', async () => {
    const before = tf.memory().numTensors;
    const res = (await adsJob(
      { kind: 'ads', datasetId: 'ads-sample', outcome: 'CTR', bootstrap: 20 },
      silentContext(),
    )) as AdsAggregateJobResult;
    expect(res.analysis).toBe('aggregate');
    expect(tf.memory().numTensors).toBe(before);
    expect(res.metrics['top factor']).toBe('channel');
    const rec = await getResult<AdsAggregateJobResult>('ads', 'ads-sample');
    expect(rec?.result.importance[0]!.factor).toBe('channel');
    expect((await getModel(rec!.modelId!))?.kind).toBe('ads-glm');

    const search = res.response!.curves.find((c) => c.channel === 'Search')!;
    const now = await adsWhatIfJob({ kind: 'ads-whatif', datasetId: 'ads-sample', spend: {} }, silentContext());
    const more = await adsWhatIfJob(
      { kind: 'ads-whatif', datasetId: 'ads-sample', spend: { Search: search.currentSpend * 1.5 } },
      silentContext(),
    );
    expect(more.spend!.total).toBeGreaterThan(now.spend!.total);
    const mix = await adsWhatIfJob(
      { kind: 'ads-whatif', datasetId: 'ads-sample', mix: { ad_format: { video: 1 } } },
      silentContext(),
    );
    expect(mix.mixOutcome!).toBeGreaterThan(mix.baseOutcome!);
    await expect(
      adsWhatIfJob(
        { kind: 'ads-whatif', datasetId: 'ads-sample', mix: { ad_format: { hologram: 1 } } },
        silentContext(),
      ),
    ).rejects.toBeInstanceOf(JobError);

    const budget = res.response!.curves.reduce((a, c) => a + c.currentSpend, 0);
    const plan = await adsAllocateJob(
      { kind: 'ads-allocate', datasetId: 'ads-sample', budget, caps: { Search: 1000 }, currency: '£' },
      silentContext(),
    );
    const i = plan.allocation.channels.indexOf('Search');
    expect(plan.allocation.proposed[i]).toBeLessThanOrEqual(1000 + 1e-9);
    expect(plan.allocation.moves.some((m) => m.text.includes('Search is capped at £1,000'))).toBe(true);
    const stored = await getResult<typeof plan>('ads-allocation', 'ads-sample');
    expect(stored?.result.analysisAt).toBe(rec!.createdAt);
  });
});

describe('ads job progress', () => {
  it('reports monotone progress through the phases and ends at 100 %', async () => {
    const { eventContext } = await import('../../../src/core/jobs.ts');
    const events: { done: number; total: number; phase: string }[] = [];
    let clock = 0;
    const ctx = eventContext(
      (e) => {
        if (e.type === 'progress') events.push(e);
      },
      () => false,
      100,
      () => (clock += 150),
    );
    await adsJob({ kind: 'ads', datasetId: 'ads-sample', bootstrap: 10 }, ctx);
    ctx.finish('done');
    const fr = events.map((e) => e.done / e.total);
    expect(fr.every((f, i) => i === 0 || f >= fr[i - 1]!)).toBe(true);
    expect(fr[fr.length - 1]).toBe(1);
    const phases = new Set(events.map((e) => e.phase));
    for (const p of ['importance', 'response curves']) expect(phases.has(p)).toBe(true);
  });
});
