// Ad-campaign log sample with planted truth: factor effects on CTR (known ranking and best levels) and a Hill
// spend → conversions curve per channel (known β, K, n).
import type { SampleSet } from '../gen-samples.ts';
import { pick, type Factor } from '../sample-lib.ts';
import { normal, rng } from '../../src/core/random.ts';

/**
 * Log-odds effects on CTR. Spreads are far apart so the ranking is recoverable:
 * channel > ad_format > time_slot > age_group > gender.
 */
const FACTORS: Factor[] = [
  {
    name: 'time_slot',
    levels: ['morning', 'afternoon', 'evening', 'night'],
    freq: [0.25, 0.3, 0.3, 0.15],
    effect: [0, 0.14, 0.47, -0.36],
  },
  {
    name: 'age_group',
    levels: ['18-24', '25-34', '35-44', '45-54', '55+'],
    freq: [0.18, 0.27, 0.24, 0.17, 0.14],
    effect: [0.1, 0.2, 0, -0.08, -0.18],
  },
  { name: 'gender', levels: ['female', 'male'], freq: [0.52, 0.48], effect: [0.06, -0.06] },
  {
    name: 'ad_format',
    levels: ['image', 'video', 'carousel', 'text'],
    freq: [0.35, 0.2, 0.25, 0.2],
    effect: [0, 0.8, 0.4, -0.6],
  },
];

interface Channel {
  name: string;
  ctr: number;
  cvr: number;
  cpm: number;
  aov: number;
  beta: number;
  k: number;
  n: number;
}

/** Hill curves of daily conversions on daily spend (£), and the channel's base CTR / click→conversion rate. */
const CHANNELS: Channel[] = [
  { name: 'Search', ctr: 0.03, cvr: 0.08, cpm: 28, aov: 62, beta: 900, k: 1500, n: 1.3 },
  { name: 'Social', ctr: 0.011, cvr: 0.045, cpm: 9, aov: 48, beta: 600, k: 1200, n: 1.8 },
  { name: 'Display', ctr: 0.004, cvr: 0.05, cpm: 3, aov: 55, beta: 300, k: 1400, n: 1.4 },
  { name: 'Video', ctr: 0.007, cvr: 0.03, cpm: 12, aov: 70, beta: 500, k: 2000, n: 2.2 },
];

const DAYS = 365;
const ROWS_PER_DAY = 6;

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function poisson(lambda: number, rand: () => number, gauss: () => number): number {
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

function binomial(n: number, p: number, rand: () => number, gauss: () => number): number {
  if (n * p > 30 && n * (1 - p) > 30)
    return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gauss())));
  if (n > 500) return Math.min(n, poisson(n * p, rand, gauss));
  let k = 0;
  for (let i = 0; i < n; i++) if (rand() < p) k++;
  return k;
}

function hill(c: Channel, s: number): number {
  const u = Math.pow(s / c.k, c.n);
  return (c.beta * u) / (1 + u);
}

/** Importance of a factor under the planted model: frequency-weighted sd of its log-odds effects. */
function spread(levels: number[], freq: number[]): number {
  const m = levels.reduce((a, e, i) => a + e * freq[i]!, 0);
  return Math.sqrt(levels.reduce((a, e, i) => a + freq[i]! * (e - m) ** 2, 0));
}

const HEADER = [
  'date',
  'channel',
  'time_slot',
  'age_group',
  'gender',
  'ad_format',
  'spend',
  'impressions',
  'clicks',
  'conversions',
  'revenue',
];

interface Draws {
  rand: () => number;
  gauss: () => number;
}

/** One channel's day: a wandering budget split over ROWS_PER_DAY random ad sets, each drawn and appended to `lines`. */
function channelDay(ch: Channel, date: string, { rand, gauss }: Draws, lines: string[]): void {
  // Daily budgets wander over 0.2×–4× the half-saturation spend, so every curve is seen on both sides of K.
  const S = ch.k * Math.exp(Math.log(0.2) + rand() * Math.log(20));
  const mu = hill(ch, S);
  const rows = Array.from({ length: ROWS_PER_DAY }, () => {
    const lv = FACTORS.map((f) => pick(f.freq, rand()));
    const z = logit(ch.ctr) + FACTORS.reduce((a, f, i) => a + f.effect[lv[i]!]!, 0);
    return { lv, ctr: sigmoid(z), share: 0.4 + rand() };
  });
  const tot = rows.reduce((a, r) => a + r.share, 0);
  // Impressions bought per £ fall as the daily budget rises (saturation): scaled so expected conversions = Hill(S).
  const expectedPerImpression = rows.reduce((a, r) => a + (r.share / tot) * r.ctr * ch.cvr, 0);
  const totalImpressions = mu / expectedPerImpression;
  for (const r of rows) {
    const spend = Math.round(S * (r.share / tot) * 100) / 100;
    const impressions = Math.max(1, Math.round(totalImpressions * (r.share / tot)));
    const clicks = binomial(impressions, r.ctr, rand, gauss);
    const conversions = binomial(clicks, ch.cvr, rand, gauss);
    let revenue = 0;
    for (let k = 0; k < Math.min(conversions, 40); k++) revenue += ch.aov * Math.exp(0.35 * gauss() - 0.06);
    if (conversions > 40) revenue *= conversions / 40;
    lines.push(
      [
        date,
        ch.name,
        ...FACTORS.map((f, i) => f.levels[r.lv[i]!]!),
        spend.toFixed(2),
        impressions,
        clicks,
        conversions,
        revenue.toFixed(2),
      ].join(','),
    );
  }
}

/** The CSV lines (header first): every day × channel × ad set. */
function campaignLog(seed: number): string[] {
  const draws: Draws = { rand: rng(seed), gauss: normal(rng(seed + 1)) };
  const lines = [HEADER.join(',')];
  const start = Date.UTC(2026, 0, 1);
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    for (const ch of CHANNELS) channelDay(ch, date, draws, lines);
  }
  return lines;
}

/** Planted effects, best / worst level and importance of each factor. */
function factorTruths() {
  return FACTORS.map((f) => ({
    name: f.name,
    effects: Object.fromEntries(f.levels.map((l, i) => [l, f.effect[i]!])),
    best: f.levels[f.effect.indexOf(Math.max(...f.effect))]!,
    worst: f.levels[f.effect.indexOf(Math.min(...f.effect))]!,
    spread: spread(f.effect, f.freq),
  }));
}

/** Factors and the channel, most important first (channels weighted equally). */
function importanceRanking(factorTruth: { name: string; spread: number }[]): string[] {
  const channelEffects = CHANNELS.map((c) => logit(c.ctr));
  const all = [
    ...factorTruth.map((f) => ({ name: f.name, spread: f.spread })),
    {
      name: 'channel',
      spread: spread(
        channelEffects,
        CHANNELS.map(() => 1 / CHANNELS.length),
      ),
    },
  ].sort((a, b) => b.spread - a.spread);
  return all.map((a) => a.name);
}

export function generate(seed: number): SampleSet {
  const lines = campaignLog(seed);
  const factorTruth = factorTruths();
  return {
    files: [
      {
        name: 'ads-campaign-log.csv',
        csv: lines.join('\n') + '\n',
        description: `Ad-campaign log: ${DAYS} days × ${CHANNELS.length} channels × ${ROWS_PER_DAY} ad sets (time slot, age group, gender, format) with spend, impressions, clicks, conversions and revenue. Planted CTR drivers and saturating spend → conversions curves per channel.`,
      },
    ],
    truth: {
      rows: DAYS * CHANNELS.length * ROWS_PER_DAY,
      outcomeForFactors: 'CTR = clicks/impressions (log-odds effects)',
      importanceRanking: importanceRanking(factorTruth),
      factors: factorTruth,
      channels: CHANNELS.map((c) => ({ name: c.name, baseCtr: c.ctr, cvr: c.cvr, best: c.name })),
      bestChannel: CHANNELS.reduce((a, b) => (b.ctr > a.ctr ? b : a)).name,
      responseOutcome: 'conversions per channel per day',
      curves: Object.fromEntries(CHANNELS.map((c) => [c.name, { kind: 'hill', beta: c.beta, k: c.k, n: c.n }])),
    },
  };
}
