// What the CTR panel shows, on a real fit of the media sample: the models table against the baseline (no NaN or
// Infinity), why the best model is best, the planted format × time_slot interaction in words, Wilson intervals in
// the chart inside 0–100 %, the "no usable signal" verdict, and the impression-log outcome the page proposes.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { generate } from '../../../scripts/samples/media.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { fitCtrModels } from '../../../src/core/ads/ctr/run.ts';
import { noSignalReason } from '../../../src/core/ads/ctr-job.ts';
import { sayEn } from '../../../src/cli/say.ts';
import type { CtrResult } from '../../../src/core/ads/ctr/types.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import {
  bestWhy,
  effectChart,
  impressionColumn,
  interactionSentences,
  modelRows,
} from '../../../src/ui/ads/ctr-view.ts';

let ingest: IngestResult;
let ctr: CtrResult;

beforeAll(async () => {
  await initNodeBackend();
  ingest = await ingestCsv(textSource(generate(20261128).files[0]!.csv), silentContext());
  ctr = await fitCtrModels(ingest.table, ingest.roles, { outcome: 'clicked', seed: 42 }, silentContext());
}, 120_000);

describe('CTR panel view', () => {
  it('models table: three models and the baseline, formatted, best marked', () => {
    const rows = modelRows(ctr);
    expect(rows.map((r) => r.kind)).toEqual(['logistic', 'fm', 'gbdt', 'baseline']);
    expect(rows.filter((r) => r.best).map((r) => r.kind)).toEqual([ctr.best]);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/NaN|Infinity/);
    for (const r of rows.slice(0, 3)) expect(r.vsBaseline).toMatch(/^−\d+\.\d %$/);
    expect(rows[3]!.auc).toBe('0.5000');
    expect(bestWhy(ctr)).toMatch(/^Best: factorisation machine — the lowest log loss on the validation rows/);
    expect(noSignalReason(ctr)).toBeNull();
  });

  it('the planted format × time_slot interaction is the first pair in words, as an odds ratio', () => {
    const s = interactionSentences(ctr).map((x) => sayEn(x));
    expect(s.length).toBeGreaterThan(0);
    expect(s.slice(0, 2).join(' ')).toMatch(
      /(format = \w+ × time_slot|time_slot = \w+ × format) = \w+: [\d.]+× the odds/,
    );
  });

  it('per-level chart: bars and Wilson whiskers in %, inside 0–100', () => {
    for (const e of ctr.effects) {
      const cfg = effectChart(e, ctr.clickRate);
      const [bars, whiskers] = cfg.data.datasets;
      expect(bars!.data.length).toBe(e.levels.length);
      for (const [lo, hi] of whiskers!.data as [number, number][]) {
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(100);
        expect(lo).toBeLessThanOrEqual(hi);
      }
    }
  });

  it('no usable signal when the best model is no better than chance or the constant rate', () => {
    const weak: CtrResult = { ...ctr, models: ctr.models.map((m) => ({ ...m, auc: 0.53 })) };
    expect(sayEn(noSignalReason(weak))).toMatch(/little better than chance.*AUC 0\.530 ≤ 0\.55/);
    const worse: CtrResult = {
      ...ctr,
      models: ctr.models.map((m) => ({ ...m, logLoss: ctr.baseline.logLoss + 0.01 })),
    };
    expect(sayEn(noSignalReason(worse))).toMatch(/no better than the constant click rate/);
  });

  it('proposes the 0/1 clicks column of an impression log, not of an aggregated log', () => {
    expect(impressionColumn(ingest.columns)).toBe('clicked');
    const aggregated = ingest.columns.map((c) => (c.name === 'clicked' ? { ...c, distinct: 40, max: 39 } : c));
    expect(impressionColumn(aggregated)).toBeNull();
  });
});
