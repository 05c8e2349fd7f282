// Finance sample workspace: a bank-card customer table whose `accepted_offer` is drawn from a known logistic model
// (with a non-linear age term), and a card-purchase log drawn from a BG/NBD-style buy-till-you-die process with
// per-customer spend levels, so segments, propensity and CLV all have planted input.
import type { SampleSet } from '../gen-samples.ts';
import { pick } from '../sample-lib.ts';
import { normal, rng } from '../../src/core/random.ts';
import { auc } from '../../src/core/metrics/classification.ts';
import { stratifiedSplit } from '../../src/core/propensity/stratified-split.ts';

export const WORKSPACE = 'finance';

const N = 8000;

/** Log-odds of accepting the card offer: z = intercept + Σ terms (age enters as a hump peaking at AGE_PEAK). */
export const PLANTED = {
  intercept: -0.9,
  /** per unit of ln(annual_income / 35,000) */
  log_income: 0.9,
  /** per (age_years − 45)²: the non-linear term, a hump peaking at 45 */
  age_squared: -0.004,
  agePeak: 45,
  /** per product held above 2 */
  products_held: 0.35,
  years_as_customer: -0.05,
  card_type: { classic: 0, gold: 0.3, platinum: -0.6 } as Record<string, number>,
  signup_channel: { branch: 0, online: 0.5, partner: -0.25 } as Record<string, number>,
  home_region: { north: 0, midlands: 0, south: 0, scotland: 0, wales: 0 } as Record<string, number>,
};

/** BG/NBD-style purchase process (weeks) and spend levels of the card-purchase log. */
export const PURCHASES = {
  /** purchase rate λ ~ Gamma(shape r, rate α) per week while active */
  r: 1.2,
  alpha: 8,
  /** drop-out chance after each purchase p ~ Beta(a, b) */
  a: 0.6,
  b: 3,
  /** weeks observed: first purchase uniform in the first `cohortWeeks`, log ends at `weeks` */
  cohortWeeks: 52,
  weeks: 78,
  /** a customer's mean spend = `spendScale` × (income / 35,000)^0.5 × Gamma(q)/q; each purchase × Gamma(p)/p */
  spendScale: 60,
  q: 4,
  p: 5,
};

const CARD = ['classic', 'gold', 'platinum'];
const CHANNEL = ['branch', 'online', 'partner'];
const REGION = ['north', 'midlands', 'south', 'scotland', 'wales'];
const MERCHANT = ['groceries', 'dining', 'travel', 'fuel', 'online retail', 'entertainment'];
const MERCHANT_FREQ = [0.34, 0.18, 0.08, 0.16, 0.16, 0.08];
const MERCHANT_SIZE = [0.8, 0.6, 3.2, 0.9, 1.1, 0.7];
const START = Date.UTC(2024, 0, 1);

export interface CardCustomer {
  id: string;
  age: number;
  income: number;
  years: number;
  products: number;
  card: string;
  channel: string;
  region: string;
  p: number;
  y: number;
}

/** Gamma(shape k, scale 1) by Marsaglia–Tsang (k < 1 via the k + 1 boost). */
function gamma(k: number, rand: () => number, gauss: () => number): number {
  if (k < 1) return gamma(k + 1, rand, gauss) * Math.pow(rand(), 1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gauss();
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** The planted log-odds of one customer. */
export function plantedLogit(c: Omit<CardCustomer, 'id' | 'p' | 'y'>): number {
  const P = PLANTED;
  return (
    P.intercept +
    P.log_income * Math.log(c.income / 35_000) +
    P.age_squared * (c.age - P.agePeak) ** 2 +
    P.products_held * (c.products - 2) +
    P.years_as_customer * c.years +
    P.card_type[c.card]! +
    P.signup_channel[c.channel]! +
    P.home_region[c.region]!
  );
}

function drawCustomers(rand: () => number, gauss: () => number): CardCustomer[] {
  const rows: CardCustomer[] = [];
  for (let i = 0; i < N; i++) {
    const age = Math.min(80, Math.max(21, Math.round(44 + 13 * gauss())));
    // income rises with age up to the 50s; log-normal spread
    const income = Math.round(Math.exp(10.3 + 0.012 * Math.min(age, 55) + 0.45 * gauss()) / 100) * 100;
    const years = Math.min(age - 18, Math.floor(-6 * Math.log(1 - rand())));
    let products = 1;
    while (products < 6 && rand() < 0.45) products++;
    const rich = income > 50_000 ? 1 : 0;
    const card = CARD[pick(rich ? [0.3, 0.4, 0.3] : [0.6, 0.28, 0.12], rand())]!;
    const channel = CHANNEL[pick([0.35, 0.45, 0.2], rand())]!;
    const region = REGION[pick([0.25, 0.25, 0.3, 0.12, 0.08], rand())]!;
    const c = { age, income, years, products, card, channel, region };
    const p = 1 / (1 + Math.exp(-plantedLogit(c)));
    rows.push({ id: `F${String(200_001 + i)}`, ...c, p, y: rand() < p ? 1 : 0 });
  }
  return rows;
}

/** Feature columns of the customer table as the planted model reads them, for permutation importance. */
const FEATURES: (keyof Omit<CardCustomer, 'id' | 'p' | 'y'>)[] = [
  'age',
  'income',
  'years',
  'products',
  'card',
  'channel',
  'region',
];
const COLUMN: Record<string, string> = {
  age: 'age_years',
  income: 'annual_income',
  years: 'years_as_customer',
  products: 'products_held',
  card: 'card_type',
  channel: 'signup_channel',
  region: 'home_region',
};

const REPEATS = 5;

/** Bayes AUC on the app's default split, and each column's mean AUC drop (REPEATS shuffles) under the planted model. */
function plantedEvaluation(rows: CardCustomer[], rand: () => number) {
  const y = Float32Array.from(rows, (r) => r.y);
  const test = Array.from(stratifiedSplit(y, 0.2, 0).test);
  const yt = test.map((i) => y[i]!);
  const bayes = auc(
    yt,
    test.map((i) => rows[i]!.p),
  );
  const drop: Record<string, number> = {};
  for (const f of FEATURES) {
    let sum = 0;
    for (let rep = 0; rep < REPEATS; rep++) {
      const shuffled = test.map((i) => rows[i]![f]);
      for (let k = shuffled.length - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [shuffled[k], shuffled[j]] = [shuffled[j]!, shuffled[k]!];
      }
      const p = test.map((i, k) => 1 / (1 + Math.exp(-plantedLogit({ ...rows[i]!, [f]: shuffled[k] }))));
      sum += bayes - auc(yt, p);
    }
    drop[COLUMN[f]!] = sum / REPEATS;
  }
  return { bayes, drop };
}

function customersCsv(rows: CardCustomer[]): string {
  const header =
    'customer_id,age_years,annual_income,years_as_customer,products_held,card_type,signup_channel,home_region,accepted_offer';
  const body = rows.map((r) =>
    [r.id, r.age, r.income, r.years, r.products, r.card, r.channel, r.region, r.y ? 'yes' : 'no'].join(','),
  );
  return [header, ...body].join('\n') + '\n';
}

/** One customer's purchases: Poisson(λ) per week while active; after each repeat purchase, inactive with chance p. */
function customerPurchases(c: CardCustomer, rand: () => number, gauss: () => number, lines: string[]): number {
  const P = PURCHASES;
  const lambda = gamma(P.r, rand, gauss) / P.alpha;
  const ga = gamma(P.a, rand, gauss);
  const drop = ga / (ga + gamma(P.b, rand, gauss));
  const level = P.spendScale * Math.sqrt(c.income / 35_000) * (gamma(P.q, rand, gauss) / P.q);
  let t = rand() * P.cohortWeeks;
  let count = 0;
  for (;;) {
    const m = pick(MERCHANT_FREQ, rand());
    const amount = Math.max(1, level * MERCHANT_SIZE[m]! * (gamma(P.p, rand, gauss) / P.p));
    const day = new Date(START + Math.floor(t * 7) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${c.id},${day},${amount.toFixed(2)},${MERCHANT[m]}`);
    count++;
    // BG/NBD: the drop-out chance follows each repeat purchase (not the first one)
    if (count > 1 && rand() < drop) break;
    t += -Math.log(1 - rand()) / Math.max(lambda, 1e-9);
    if (t >= P.weeks) break;
  }
  return count;
}

function purchasesCsv(rows: CardCustomer[], rand: () => number, gauss: () => number) {
  const lines: string[] = [];
  for (const c of rows) customerPurchases(c, rand, gauss, lines);
  // the log is in date order, as a card statement export would be
  // (ids are 7 characters, so the date is characters 8–17; the sort is stable within a day)
  lines.sort((p, q) => p.slice(8, 18).localeCompare(q.slice(8, 18)));
  return {
    csv: ['customer_id,purchase_date,amount_gbp,merchant_category', ...lines].join('\n') + '\n',
    n: lines.length,
  };
}

export function generate(seed: number): SampleSet {
  const rand = rng(seed);
  const gauss = normal(rand);
  const rows = drawCustomers(rand, gauss);
  const { bayes, drop } = plantedEvaluation(rows, rng(seed + 1));
  const purchases = purchasesCsv(rows, rng(seed + 2), normal(rng(seed + 3)));
  const positives = rows.reduce((a, r) => a + r.y, 0);
  const pct = ((100 * positives) / N).toFixed(1);
  return {
    files: [
      {
        name: 'finance-card-customers.csv',
        csv: customersCsv(rows),
        description: `Bank-card customers: ${N} rows with age, income, tenure, products held, card type, sign-up channel and region; accepted_offer = yes for ${positives} (${pct} %), planted from a logistic model with an age hump.`,
      },
      {
        name: 'finance-card-purchases.csv',
        csv: purchases.csv,
        description: `Card purchases: ${purchases.n} lines (customer_id, purchase_date, amount_gbp, merchant_category) over ${PURCHASES.weeks} weeks from 2024-01-01, from a planted buy-till-you-die process for CLV and RFM segments.`,
      },
    ],
    truth: {
      description:
        'accepted_offer ~ Bernoulli(sigmoid(z)), z = intercept + log_income·ln(income/35000) + age_squared·(age − 45)² + products_held·(products − 2) + years_as_customer·years + card_type + signup_channel effects; home_region has no effect. bayesAuc = AUC of the true probabilities on the stratified 80/20 split with seed 0 (the app default); aucDrop = the mean drop (5 shuffles) when the planted model sees that column shuffled on those test rows. Purchases: BG/NBD with λ ~ Gamma(r, α) per week and drop-out p ~ Beta(a, b); amounts Gamma-Gamma-like around a per-customer level.',
      planted: PLANTED,
      purchases: { ...PURCHASES, lines: purchases.n },
      bayesAuc: { seed: 0, testFraction: 0.2, auc: bayes },
      aucDrop: drop,
      rankByAucDrop: Object.keys(drop).sort((p, q) => drop[q]! - drop[p]!),
      noEffect: ['home_region'],
      positives,
    },
  };
}
