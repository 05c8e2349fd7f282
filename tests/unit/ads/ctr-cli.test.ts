// `locallift ads` on impression logs: a 0/1 outcome per row gets the CTR models (not the count GLM), printed as
// { analysis: "impressions", ctr: {…} } without weights or trees. The media sample is generated with a fixed seed
// into a temp file; advertising-click is read from the shared datasets. Measured (seed 20261128 sample, model seed
// 42): logistic 0.721, FM 0.748 (best), trees 0.733 test AUC; advertising-click (80/20 of train): best gbdt, AUC 0.993.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/media.ts';
import { dataset } from '../../datasets.ts';

const CLICK = dataset('advertising-click-kag/advertising_click-train.csv');
let dir = '';
let media = '';

interface CtrJson {
  analysis: string;
  rows: number;
  ctr: {
    rows: number;
    clickRate: number;
    baseline: { auc: number; logLoss: number };
    models: Record<string, unknown>[];
    best: string;
    usable: boolean;
    effects: { factor: string; levels: { level: string; ctr: number; low: number; high: number }[] }[];
    importance: { factor: string; drop: number; low: number; high: number }[];
    interactions: { a: string; b: string; strength: number }[];
    notes: string[];
  };
}

function cli(...args: string[]) {
  const r = spawnSync('node', ['bin/locallift.mjs', 'ads', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'locallift-ctr-'));
  media = join(dir, 'media-impressions.csv');
  writeFileSync(media, generate(20261128).files[0]!.csv);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checkShape(j: CtrJson): void {
  expect(j.analysis).toBe('impressions');
  expect(j).not.toHaveProperty('quality');
  expect(j.ctr.models.map((m) => m.kind)).toEqual(['logistic', 'fm', 'gbdt']);
  for (const m of j.ctr.models) {
    expect(Object.keys(m).sort()).toEqual(['auc', 'bestEpoch', 'epochs', 'kind', 'logLoss', 'seconds', 'valLogLoss']);
    expect(m.auc as number).toBeGreaterThan(0.5);
    expect(m.logLoss as number).toBeLessThan(j.ctr.baseline.logLoss);
  }
  const best = j.ctr.models.find((m) => m.kind === j.ctr.best)!;
  for (const m of j.ctr.models) expect(best.valLogLoss as number).toBeLessThanOrEqual(m.valLogLoss as number);
  for (const e of j.ctr.effects)
    for (const l of e.levels) {
      expect(l.low).toBeGreaterThanOrEqual(0);
      expect(l.high).toBeLessThanOrEqual(1);
      expect(l.ctr).toBeGreaterThanOrEqual(l.low);
      expect(l.ctr).toBeLessThanOrEqual(l.high);
    }
  for (const i of j.ctr.importance) expect(i.low).toBeLessThanOrEqual(i.high);
}

describe('locallift ads on impression logs', () => {
  it('media sample: CTR models against the baseline, FM best; no count model, no weights', () => {
    const r = cli(media, '--outcome', 'clicked', '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(/"theta"|"trees"|"buckets"|"weights"/);
    const j = JSON.parse(r.out) as CtrJson;
    checkShape(j);
    expect(j.rows).toBe(45_000);
    expect(j.ctr.rows).toBe(45_000);
    expect(j.ctr.clickRate).toBeGreaterThan(0.1);
    expect(j.ctr.clickRate).toBeLessThan(0.16);
    expect(j.ctr.baseline.logLoss).toBeCloseTo(0.389, 2);
    expect(j.ctr.best).toBe('fm');
    expect(j.ctr.usable).toBe(true);
    const fm = j.ctr.models.find((m) => m.kind === 'fm')!;
    expect(fm.auc as number).toBeGreaterThan(0.73);
    // Planted: position 1 clicks most, 5 least; format × time_slot is a planted interaction.
    const pos = j.ctr.effects.find((e) => e.factor === 'position')!;
    expect(pos.levels[0]!.ctr).toBeGreaterThan(pos.levels[pos.levels.length - 1]!.ctr);
    const pairs = j.ctr.interactions.slice(0, 2).map((p) => [p.a, p.b].sort().join('×'));
    expect(pairs).toContain('format×time_slot');
  });

  it('proposes the 0/1 column on its own: the same analysis without --outcome', () => {
    const r = cli(media, '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as CtrJson;
    expect(j.analysis).toBe('impressions');
    expect(j.ctr.rows).toBe(45_000);
  });

  it.skipIf(!existsSync(CLICK))('advertising-click: the three models far above the 50 % baseline', () => {
    const r = cli(CLICK, '--outcome', 'Clicked on Ad', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as CtrJson;
    checkShape(j);
    expect(j.ctr.rows).toBe(800);
    expect(j.ctr.clickRate).toBeCloseTo(0.5, 1);
    for (const m of j.ctr.models) expect(m.auc as number).toBeGreaterThan(0.97);
    expect(j.ctr.importance[0]!.factor).toMatch(/Daily (Internet Usage|Time Spent on Site)/);
  });
});
