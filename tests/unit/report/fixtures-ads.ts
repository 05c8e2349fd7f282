// Planted stored results of recommendations and ads (campaign log with MMM and plan; impression log).
import type { AdsAggregateJobResult, AdsAllocationRecord } from '../../../src/core/ads/job.ts';
import type { AdsCtrJobResult } from '../../../src/core/ads/ctr-job.ts';
import type { RecommendSummary } from '../../../src/core/recommend/job.ts';
import { HOSTILE, SECRET } from './fixtures.ts';

export function recommendResult(): RecommendSummary {
  const m = (name: string, label: string, baseline: boolean, ndcg: number, best = false) => ({
    name,
    label,
    baseline,
    precisionAtK: ndcg / 2,
    recallAtK: ndcg * 1.5,
    ndcgAtK: ndcg,
    coverage: 0.4,
    popularityBias: 1,
    trainSeconds: 1,
    best,
  });
  return {
    schemaVersion: 1,
    mode: 'implicit',
    k: 10,
    strength: 'binary',
    columns: { user: 'customer', item: 'product' },
    split: {
      kind: 'leave-last-out',
      trainInteractions: 9000,
      testInteractions: 1000,
      users: 1000,
      items: 300,
      evaluated: 1000,
      coldUserTests: 0,
      coldItemTests: 12,
      droppedRows: 0,
      returnRows: 0,
    },
    models: [
      m('popular', 'Most popular', true, 0.1),
      m('item-knn', 'Item kNN', true, 0.14),
      m('ials', 'iALS', false, 0.2, true),
    ],
    best: 'ials',
    served: 'ials',
    warnings: [`Item ${SECRET} has very few buyers.`],
    grid: null,
    explicitTraining: null,
    users: ['u1', 'u2'],
    items: [
      { id: 'p1', name: HOSTILE, count: 500 },
      { id: 'p2', name: 'Mug', count: 200 },
      { id: 'p3', name: SECRET, count: 3 },
    ],
    metrics: {},
  };
}

const level = (l: string, value: number, rows: number) => ({
  level: l,
  value,
  low: value * 0.9,
  high: value * 1.1,
  rows,
});

const channel = (c: string, share: number) => ({
  channel: c,
  decay: 0.4,
  decayLow: 0.3,
  decayHigh: 0.5,
  saturation: 0.5,
  saturationLow: 0.4,
  saturationHigh: 0.6,
  ceiling: 100,
  share,
  shareLow: share * 0.8,
  shareHigh: share * 1.2,
  roas: 2,
  roasLow: 1.5,
  roasHigh: 2.5,
  spend: 100,
  contribution: 200,
});

function allocation(): AdsAllocationRecord['allocation'] {
  return {
    channels: ['TV', HOSTILE],
    current: [500, 500],
    proposed: [700, 300],
    currentOutcome: 1000,
    proposedOutcome: 1100,
    lift: 100,
    liftLow: 60,
    liftHigh: 140,
    costPerOutcomeCurrent: 1,
    costPerOutcomeProposed: 0.9,
    moves: [
      {
        from: HOSTILE,
        to: 'TV',
        amount: 200,
        fromMarginal: 0.5,
        toMarginal: 1.2,
        text: `Move 200 from ${HOSTILE} to TV`,
      },
    ],
    marginalProposed: [1, 1],
    notes: [],
  };
}

function mmm(): NonNullable<AdsAggregateJobResult['mmm']> {
  return {
    channels: [channel('TV', 0.3), channel(HOSTILE, 0.1)],
    saturationKind: 'hill',
    trusted: false,
    reason: 'baseline below 0',
    checks: {} as NonNullable<AdsAggregateJobResult['mmm']>['checks'],
    terms: [],
    periods: 104,
    periodLabel: 'week',
    r2: 0.8,
    sigma: 1,
    fitSeconds: 1,
    draws: 200,
    method: 'x',
    response: {} as NonNullable<AdsAggregateJobResult['mmm']>['response'],
    notes: [],
  };
}

export function adsResult(): { analysis: AdsAggregateJobResult; plan: AdsAllocationRecord } {
  const design = {
    inputs: [{ kind: 'categorical' as const, name: 'region', levels: ['North'], reference: 0 }],
    columnNames: [],
    groups: [],
    width: 0,
  };
  const analysis = {
    analysis: 'aggregate',
    outcome: { kind: 'count', column: 'conversions', label: 'conversions' },
    quality: {
      model: 'glm',
      family: 'poisson',
      trainRows: 300,
      testRows: 100,
      r2: 0.62,
      d2: 0.6,
      loss: 1,
      lossName: 'poisson deviance',
    },
    glmQuality: {} as AdsAggregateJobResult['glmQuality'],
    model: { design, weights: {} as AdsAggregateJobResult['model']['weights'] },
    glm: {} as AdsAggregateJobResult['glm'],
    importance: [
      { factor: 'region', mean: 0.2, low: 0.1, high: 0.3, sd: 0.05, repeats: 10 },
      { factor: 'device', mean: 0.01, low: -0.01, high: 0.03, sd: 0.01, repeats: 10 },
    ],
    collinearity: [],
    effects: [
      {
        factor: 'region',
        levels: [level('North', 5, 200), level('South', 3, 150), level(SECRET, 9, 2)],
        best: SECRET,
        worst: 'South',
        summary: '',
      },
    ],
    response: null,
    allocation: null,
    whatIf: { rows: [], weights: [] },
    mmm: mmm(),
    notes: [`Level ${SECRET} has few rows.`],
    seconds: { fit: 0, importance: 0, effects: 0, response: 0, allocation: 0 },
    metrics: {},
  } satisfies AdsAggregateJobResult;
  const plan: AdsAllocationRecord = {
    allocation: allocation(),
    analysisAt: Date.UTC(2026, 11, 8, 9, 30),
    spec: { kind: 'ads-allocate', datasetId: 'd', budget: 1000 },
    metrics: {},
  };
  return { analysis, plan };
}

export function ctrResult(auc = 0.72): AdsCtrJobResult {
  const lv = (level: string, impressions: number, ctr: number) => ({
    level,
    impressions,
    clicks: Math.round(impressions * ctr),
    ctr,
    low: ctr * 0.9,
    high: ctr * 1.1,
  });
  return {
    analysis: 'impressions',
    ctr: {
      outcome: 'clicked',
      positive: '1',
      rows: 45_000,
      trainRows: 36_000,
      testRows: 9_000,
      clickRate: 0.05,
      baseline: { auc: 0.5, logLoss: 0.2 },
      models: [
        {
          kind: 'logistic',
          auc: auc - 0.03,
          logLoss: 0.19,
          valLogLoss: 0.19,
          epochs: 5,
          bestEpoch: 4,
          seconds: 1,
          weights: null,
        },
        { kind: 'fm', auc, logLoss: 0.18, valLogLoss: 0.18, epochs: 5, bestEpoch: 4, seconds: 1, weights: null },
      ],
      best: 'fm',
      effects: [
        { factor: 'format', levels: [lv('video', 20_000, 0.08), lv(HOSTILE, 15_000, 0.03), lv(SECRET, 5, 0.4)] },
      ],
      importance: [{ factor: 'format', drop: 0.05, sd: 0.01, low: 0.03, high: 0.07 }],
      encoding: {
        fields: [
          { name: 'format', kind: 'categorical', levels: [], cuts: [], exact: false, buckets: new Int32Array(0) },
        ],
        bits: 10,
        buckets: 1024,
        seed: 1,
        collisions: 0,
        dropped: [],
      },
      notes: [],
    },
    metrics: {},
  };
}
