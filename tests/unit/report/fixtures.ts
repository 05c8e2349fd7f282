// Planted stored results (the shapes of src/core/<feature>/job.ts) with hostile names, a group under k and NaNs.
import type { PropensityJobResult } from '../../../src/core/propensity/job.ts';
import type { SegmentJobResult } from '../../../src/core/segments/job.ts';
import type { SegmentCard } from '../../../src/core/segments/cards.ts';
import { makeWords, type ReportSource } from '../../../src/core/report/index.ts';
import { msg } from '../../../src/core/msg.ts';
import { sayEn } from '../../../src/cli/say.ts';

/** The report's words in English from messages/en.json (the app builds them from paraglide, in any language). */
export const EN = makeWords((key, params) => sayEn(msg(key, params)), 'en');

/** A name that must come out escaped, and a group name that must not come out at all. */
export const HOSTILE = '<script>alert("x")</script> & "VIP"';
export const SECRET = 'Tiny Secret Club';

export function source<R>(result: R, k = 10): ReportSource<R> {
  return {
    dataset: { name: `shop "<b>2026</b>"`, rows: 12_345, columns: 7 },
    result,
    createdAt: Date.UTC(2026, 11, 8, 9, 30),
    generatedAt: Date.UTC(2026, 11, 8, 10, 0),
    k,
    words: EN,
  };
}

function card(id: number, name: string, size: number, z: [number, number, number]): SegmentCard {
  const f = (feature: string, label: string, zz: number) => ({
    feature,
    label,
    value: 10 + zz,
    overall: 10,
    z: zz,
    text: `${label} ${10 + zz} (all: 10)`,
  });
  const profile = [f('recency_days', 'recency', z[0]), f('frequency', 'orders', z[1]), f('monetary', 'spend', z[2])];
  return { id, name, size, share: size / 1004, small: size < 10, profile, distinguishing: profile.slice(0, 2) };
}

export function segmentResult(): SegmentJobResult {
  const cards = [
    card(0, HOSTILE, 400, [-0.8, 1.2, 1.4]),
    card(1, 'Lapsed big spenders', 300, [1.1, 0.6, 0.9]),
    card(2, 'New low spenders', 300, [-0.9, -0.7, -0.8]),
    card(3, SECRET, 4, [2, -1, -1]),
  ];
  const rule = (segment: number, support: number, name: string) => ({
    segment,
    conditions: ['recency ≤ 30 days'],
    text: `recency ≤ 30 days → ${name}, 90 % pure`,
    purity: 0.9,
    support,
    coverage: 0.8,
  });
  return {
    mode: 'transactions',
    k: 4,
    inertia: 123.4,
    sizes: cards.map((c) => c.size),
    iterations: 12,
    kChoice: { points: [], elbowK: 4, silhouetteK: 4, recommended: 4, reason: 'k = 4: the elbow and silhouette agree' },
    cards,
    rules: [
      rule(0, 380, HOSTILE),
      rule(1, 250, 'Lapsed big spenders'),
      rule(2, 6, 'New low spenders'),
      rule(3, 4, SECRET),
    ],
    ruleAccuracy: 0.91,
    map: {} as SegmentJobResult['map'],
    customers: ['c1', 'c2'],
    labels: new Int32Array([0, 1]),
    featureNames: ['recency_days', 'frequency', 'monetary'],
    rfm: null,
    fusion: null,
    notes: [`Segment ${SECRET} is smaller than the minimum size.`, 'Spend was log-transformed.'],
    metrics: { k: 4 },
  };
}

function gain(counts: number[]) {
  let cum = 0;
  return counts.map((count, i) => {
    cum += [40, 25, 15, 8, 5, 3, 2, 1, 1, 0][i]!;
    return {
      bin: i + 1,
      count,
      positives: 0,
      rate: 0.3,
      cumulativeGain: cum / 100,
      cumulativeLift: cum / 100 / ((i + 1) / 10),
    };
  });
}

function evaluation(): PropensityJobResult['test'] {
  return {
    n: 500,
    positives: 100,
    auc: 0.82,
    logLoss: 0.41,
    accuracy: 0.8,
    precision: 0.6,
    recall: 0.5,
    threshold: 0.5,
    confusion: {} as PropensityJobResult['test']['confusion'],
    roc: { fpr: [0, 1], tpr: [0, 1], thresholds: [1, 0] },
    gain: gain([50, 50, 50, 50, 50, 50, 50, 50, 50, 50]),
    calibration: [
      { lower: 0, upper: 0.1, count: 300, meanPredicted: 0.05, observedRate: 0.06 },
      { lower: 0.5, upper: 0.6, count: 150, meanPredicted: 0.55, observedRate: 0.5 },
      { lower: 0.9, upper: 1, count: 3, meanPredicted: 0.95, observedRate: 1 },
    ],
  };
}

export function propensityResult(): PropensityJobResult {
  return {
    target: 'Churn',
    positive: 'Yes',
    counts: {
      rows: 2500,
      labelled: 2500,
      missingTarget: 0,
      positives: 500,
      train: 2000,
      trainPositives: 400,
      test: 500,
      testPositives: 100,
    },
    test: evaluation(),
    trustNote: null,
    classWeights: [1, 1],
    cv: null,
    chosenC: null,
    expand: 'none',
    history: [],
    coefficients: null,
    importance: [{ column: 'tenure', aucDrop: 0.1, std: 0.01 }],
    scores: {
      ids: ['cust-0001'],
      probability: new Float32Array([0.9]),
      decile: new Uint8Array([1]),
      split: new Uint8Array([1]),
    },
    trainSeconds: 1.2,
    rules: {
      baseRate: 0.3,
      rules: [
        {
          text: 'x',
          conditions: ['tenure ≤ 6', `plan is ${HOSTILE}`],
          precision: 0.7,
          coverage: 0.4,
          lift: 2.3,
          support: 120,
        },
        { text: 'y', conditions: ['tenure ≤ 1', 'plan is Rare'], precision: 0.9, coverage: 0.01, lift: 3, support: 5 },
      ],
    },
    leaks: [{ column: 'cancel_date', auc: 0.97 }],
    drivers: [
      { column: 'tenure', meanAbs: 0.8 },
      { column: HOSTILE, meanAbs: 0.3 },
    ],
    choice: null,
    notes: ['Balanced class weights were used.'],
    modelKind: 'gbdt',
    featureNames: ['tenure', 'plan=Basic'],
    testY: new Float32Array(0),
    testScores: new Float32Array(0),
    bySegment: [
      { segment: 0, name: 'Loyal', customers: 900, meanProbability: 0.12, topDecileShare: 0.05 },
      { segment: 1, name: 'Hidden Few', customers: 3, meanProbability: 0.9, topDecileShare: 1 },
      { segment: 2, name: 'Empty', customers: 0, meanProbability: NaN, topDecileShare: NaN },
    ],
    metrics: {},
  };
}
