// Customer table sample with a churn label drawn from a known logistic model (planted coefficients on raw and
// standardised features) and the planted model's own AUC on the app's default test split.
import type { SampleSet } from '../gen-samples.ts';
import { normal, rng } from '../../src/core/random.ts';
import { auc } from '../../src/core/metrics/classification.ts';
import { stratifiedSplit } from '../../src/core/propensity/stratified-split.ts';

const N = 10_000;

/** Log-odds per unit of each raw feature (email_opt_in: 1 = yes; plan: vs "basic"; region has no effect). */
export const PLANTED = {
  intercept: -0.2,
  tenure_months: -0.045,
  monthly_spend: 0.032,
  support_calls: 0.38,
  email_opt_in: -0.55,
  age: -0.012,
  plan: { basic: 0, plus: -0.4, premium: -0.9 } as Record<string, number>,
  region: { north: 0, south: 0, east: 0, west: 0 } as Record<string, number>,
};

function poisson(lambda: number, rand: () => number): number {
  const l = Math.exp(-lambda);
  let k = 0,
    p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

function pick<T>(items: T[], freq: number[], u: number): T {
  let acc = 0;
  for (let i = 0; i < items.length; i++) {
    acc += freq[i]!;
    if (u < acc) return items[i]!;
  }
  return items[items.length - 1]!;
}

interface Customer {
  id: string;
  tenure: number;
  spend: number;
  calls: number;
  email: number;
  age: number;
  ageMissing: boolean;
  plan: string;
  region: string;
  p: number;
  y: number;
}

/** N customers: features drawn in a fixed order, churn from the planted logistic model. */
function drawCustomers(seed: number): Customer[] {
  const rand = rng(seed);
  const gauss = normal(rand);
  const rows: Customer[] = [];
  for (let i = 0; i < N; i++) {
    const tenure = 1 + Math.floor(rand() * 72);
    const spend = Math.max(5, Math.round((60 + 20 * gauss()) * 100) / 100);
    const calls = poisson(1.5, rand);
    const email = rand() < 0.45 ? 1 : 0;
    const age = Math.min(90, Math.max(18, Math.round(45 + 12 * gauss())));
    const plan = pick(['basic', 'plus', 'premium'], [0.5, 0.3, 0.2], rand());
    const region = pick(['north', 'south', 'east', 'west'], [0.25, 0.25, 0.25, 0.25], rand());
    const z =
      PLANTED.intercept +
      PLANTED.tenure_months * tenure +
      PLANTED.monthly_spend * (spend - 60) +
      PLANTED.support_calls * calls +
      PLANTED.email_opt_in * email +
      PLANTED.age * (age - 45) +
      PLANTED.plan[plan]! +
      PLANTED.region[region]!;
    const p = 1 / (1 + Math.exp(-z));
    // 2 % of ages are missing from the file (the label was drawn from the true age).
    rows.push({
      id: `C${String(100_000 + i)}`,
      tenure,
      spend,
      calls,
      email,
      age,
      ageMissing: rand() < 0.02,
      plan,
      region,
      p,
      y: rand() < p ? 1 : 0,
    });
  }
  return rows;
}

/** Standardised coefficient = raw coefficient × population std of the feature in this file. */
function standardizedCoefficients(rows: Customer[]) {
  const std = (f: (r: Customer) => number) => {
    const v = rows.map(f);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
  };
  return {
    tenure_months: PLANTED.tenure_months * std((r) => r.tenure),
    monthly_spend: PLANTED.monthly_spend * std((r) => r.spend),
    support_calls: PLANTED.support_calls * std((r) => r.calls),
    email_opt_in: PLANTED.email_opt_in * std((r) => r.email),
    age: PLANTED.age * std((r) => r.age),
  };
}

/** AUC of the true probabilities on the app's default stratified 80/20 split (seed 0). */
function plantedTestAuc(rows: Customer[]): number {
  const y = Float32Array.from(rows, (r) => r.y);
  const split = stratifiedSplit(y, 0.2, 0);
  return auc(
    Array.from(split.test, (i) => y[i]!),
    Array.from(split.test, (i) => rows[i]!.p),
  );
}

function customersCsv(rows: Customer[]): string {
  const header = 'customer_id,tenure_months,monthly_spend,support_calls,email_opt_in,age,plan,region,churned';
  return (
    [
      header,
      ...rows.map((r) =>
        [
          r.id,
          r.tenure,
          r.spend.toFixed(2),
          r.calls,
          r.email ? 'yes' : 'no',
          r.ageMissing ? '' : r.age,
          r.plan,
          r.region,
          r.y ? 'yes' : 'no',
        ].join(','),
      ),
    ].join('\n') + '\n'
  );
}

export function generate(seed: number): SampleSet {
  const rows = drawCustomers(seed);
  const standardized = standardizedCoefficients(rows);
  const plantedAuc = plantedTestAuc(rows);
  const csv = customersCsv(rows);
  const positives = rows.reduce((a, r) => a + r.y, 0);
  return {
    files: [
      {
        name: 'customers-churn.csv',
        csv,
        description: `Subscription customers: ${N} rows, churned = yes for ${positives} (${((100 * positives) / N).toFixed(1)} %). Numeric and categorical columns; 2 % of ages missing.`,
      },
    ],
    truth: {
      description:
        'churned ~ Bernoulli(sigmoid(z)), z = intercept + Σ raw coefficient × (feature − centre) with centres monthly_spend 60 and age 45; plan effects vs "basic"; region has no effect. `standardized` = raw coefficient × population std in this file. plantedAuc = AUC of the true probabilities on the stratified 80/20 split with seed 0 (the app default).',
      raw: PLANTED,
      standardized,
      rankByAbsStandardized: Object.entries(standardized)
        .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
        .map(([k]) => k),
      plantedAuc: { seed: 0, testFraction: 0.2, auc: plantedAuc },
      positives,
    },
  };
}
