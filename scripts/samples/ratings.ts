// Sample: explicit star ratings from planted low-rank user/item factors + biases + Gaussian noise, rounded to half
// stars.
// Truth: the rank, σ, and the noise floor = RMSE of the true model's (clipped) predictions against the written ratings,
// which includes the rounding and clipping error on top of σ.
import type { SampleSet } from '../gen-samples.ts';
import { normal, rng } from '../../src/core/random.ts';

const ADJ = [
  'Silent',
  'Golden',
  'Hidden',
  'Broken',
  'Electric',
  'Velvet',
  'Frozen',
  'Crimson',
  'Distant',
  'Wild',
  'Last',
  'Secret',
  'Paper',
  'Iron',
  'Midnight',
  'Lucky',
  'Hollow',
  'Bright',
  'Lonely',
  'Restless',
  'Burning',
  'Quiet',
  'Northern',
  'Glass',
  'Savage',
  'Sweet',
  'Little',
  'Final',
  'Empty',
  'Endless',
  'Falling',
  'Summer',
];
const NOUN = [
  'Harbor',
  'Garden',
  'Signal',
  'River',
  'Kingdom',
  'Letter',
  'Machine',
  'Island',
  'Mirror',
  'Station',
  'Orchard',
  'Promise',
  'Empire',
  'Canyon',
  'Lantern',
  'Voyage',
  'Circus',
  'Frontier',
  'Melody',
  'Shadow',
  'Engine',
  'Compass',
  'Meadow',
  'Tide',
  'Fortress',
  'Parade',
  'Archive',
  'Horizon',
  'Comet',
  'Village',
];

export interface RatingsTruth {
  users: number;
  items: number;
  ratings: number;
  rank: number;
  noiseSigma: number;
  /** RMSE of the true model's predictions (clipped to 0.5–5) vs the generated (rounded, clipped) ratings. */
  noiseFloorRmse: number;
  globalMean: number;
  userBiasSd: number;
  itemBiasSd: number;
  /** Std of the planted interaction term q_u·p_i: the signal a factor model must recover. */
  interactionSd: number;
}

type RatingsOptions = { users?: number; items?: number; perUser?: number; rank?: number; skew?: number };

/** The planted model: sizes, noise and biases, and the seeded draws every later phase continues from. */
interface Planted {
  nu: number;
  ni: number;
  perUser: number;
  rank: number;
  sigma: number;
  mu: number;
  userBiasSd: number;
  itemBiasSd: number;
  rand: () => number;
  gauss: () => number;
  bu: number[];
  bi: number[];
  Q: number[];
  P: number[];
}

function plantModel(seed: number, opts: RatingsOptions): Planted {
  const nu = opts.users ?? 500;
  // dense enough (≈130 ratings per customer, ≈110 per title) that a factor model can get near the noise floor:
  // the estimation error adds ≈ σ²·(rank+1)/n per side on top of it
  const ni = opts.items ?? 600;
  const perUser = opts.perUser ?? 130;
  const rank = opts.rank ?? 3;
  const sigma = 0.5;
  const mu = 3.5;
  const userBiasSd = 0.35;
  const itemBiasSd = 0.45;
  const factorSd = Math.sqrt(0.9 / Math.sqrt(rank)); // interaction term std ≈ 0.9
  const rand = rng(seed);
  const gauss = normal(rand);
  const bu = Array.from({ length: nu }, () => gauss() * userBiasSd);
  const bi = Array.from({ length: ni }, () => gauss() * itemBiasSd);
  const Q = Array.from({ length: nu * rank }, () => gauss() * factorSd);
  const P = Array.from({ length: ni * rank }, () => gauss() * factorSd);
  return { nu, ni, perUser, rank, sigma, mu, userBiasSd, itemBiasSd, rand, gauss, bu, bi, Q, P };
}

/** Titles: unique adjective–noun pairs with a year. */
function drawTitles(rand: () => number, ni: number): string[] {
  const pairs = ADJ.flatMap((a) => NOUN.map((n) => `The ${a} ${n}`));
  for (let k = pairs.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [pairs[k], pairs[j]] = [pairs[j]!, pairs[k]!];
  }
  return Array.from(
    { length: ni },
    (_, i) => `${pairs[i % pairs.length]}${i >= pairs.length ? ' II' : ''} (${1960 + Math.floor(rand() * 64)})`,
  );
}

/** Mild popularity skew: the item at popularity rank r is picked with weight ∝ 1/(r + skew). */
function popularityPicker(rand: () => number, ni: number, skew: number): () => number {
  const weight = Array.from({ length: ni }, (_, i) => 1 / (i + skew));
  const order = Array.from({ length: ni }, (_, i) => i);
  for (let k = ni - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  const cum: number[] = [];
  let tot = 0;
  for (let r = 0; r < ni; r++) {
    tot += weight[r]!;
    cum.push(tot);
  }
  return () => {
    const x = rand() * tot;
    let lo = 0;
    let hi = ni - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return order[lo]!;
  };
}

/** Every customer's ratings as CSV lines (header first), with the sums the truth is computed from. */
function rateAll(m: Planted, titles: string[], pick: () => number) {
  const { nu, ni, perUser, rank, sigma, mu, gauss, bu, bi, Q, P } = m;
  const lines = ['customer_id,item_id,rating,title'];
  let sse = 0;
  let sumR = 0;
  let sumI = 0;
  let sumI2 = 0;
  let n = 0;
  for (let u = 0; u < nu; u++) {
    const count = Math.max(20, Math.round(perUser * Math.exp(gauss() * 0.5 - 0.125)));
    const seen = new Set<number>();
    let guard = 0;
    while (seen.size < Math.min(count, ni) && guard++ < count * 50) seen.add(pick());
    for (const i of [...seen].sort((a, b) => a - b)) {
      let dot = 0;
      for (let k = 0; k < rank; k++) dot += Q[u * rank + k]! * P[i * rank + k]!;
      const clean = mu + bu[u]! + bi[i]! + dot;
      const r = Math.min(5, Math.max(0.5, Math.round((clean + gauss() * sigma) * 2) / 2));
      const truePred = Math.min(5, Math.max(0.5, clean));
      sse += (r - truePred) ** 2;
      sumR += r;
      sumI += dot;
      sumI2 += dot * dot;
      n++;
      lines.push(`U${String(u + 1).padStart(3, '0')},M${String(i + 1).padStart(3, '0')},${r},${titles[i]!}`);
    }
  }
  return { lines, sse, sumR, sumI, sumI2, n };
}

export function generate(seed: number, opts: RatingsOptions = {}): SampleSet & { truth: RatingsTruth } {
  const m = plantModel(seed, opts);
  const { nu, ni, rank, sigma, userBiasSd, itemBiasSd } = m;
  const titles = drawTitles(m.rand, ni);
  const pick = popularityPicker(m.rand, ni, opts.skew ?? 200);
  const { lines, sse, sumR, sumI, sumI2, n } = rateAll(m, titles, pick);
  const truth: RatingsTruth = {
    users: nu,
    items: ni,
    ratings: n,
    rank,
    noiseSigma: sigma,
    noiseFloorRmse: Math.sqrt(sse / n),
    globalMean: sumR / n,
    userBiasSd,
    itemBiasSd,
    interactionSd: Math.sqrt(sumI2 / n - (sumI / n) ** 2),
  };
  return {
    files: [
      {
        name: 'ratings.csv',
        csv: lines.join('\n') + '\n',
        description: `Star ratings (0.5–5, half stars) by ${nu} customers of ${ni} titles: ${n} ratings from planted taste factors (rank ${rank}) + noise σ ${sigma}; noise floor RMSE ${truth.noiseFloorRmse.toFixed(3)}.`,
      },
    ],
    truth,
  };
}
