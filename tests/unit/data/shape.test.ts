// "What is this file?": the shape and the suggested analysis of every shared file, of the generated sample
// workspaces, and of variants made here (rows shuffled with an index column, other column names, Chinese headers).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { fileShape } from '../../../src/core/data/shape.ts';
import { rng } from '../../../src/core/random.ts';
import { dataset } from '../../datasets.ts';
import { fromText } from './helpers.ts';

const SHARED: [string, string, string | undefined, string | undefined][] = [
  ['telco-customer-churn/telco-train.csv', 'customers-outcome', 'propensity', 'Churn'],
  ['online-shoppers-uci/online_shoppers-train.csv', 'customers-outcome', 'propensity', 'Revenue'],
  ['customer-personality-kag/marketing_campaign-train.csv', 'customers-outcome', 'propensity', 'Response'],
  ['advertising-click-kag/advertising_click-train.csv', 'customers-outcome', 'propensity', 'Clicked on Ad'],
  ['online-retail/online-retail-2010-12.csv', 'transactions', 'segment', undefined],
  ['movielens-latest-small/ratings-train.csv', 'ratings', 'recommend', undefined],
  ['movielens-latest-small/movies.csv', 'catalogue', undefined, undefined],
  ['facebook-ad-campaign-kag/KAG_conversion_data.csv', 'campaign', 'ads', undefined],
  ['advertising-islr/Advertising.csv', 'campaign', 'ads', undefined],
  ['pymc-marketing-mmm/mmm_example.csv', 'spend-sales', 'ads', 'y'],
];

describe('shapes of the shared files', () => {
  for (const [file, shape, job, target] of SHARED) {
    it.skipIf(!existsSync(dataset(file)))(`${file} → ${shape}${job ? ` → ${job}` : ''}`, async () => {
      const d = await loadCsvFile(dataset(file));
      const s = fileShape(d.table, d.roles);
      expect(s.shape).toBe(shape);
      expect(s.suggested?.job).toBe(job);
      expect(s.suggested?.target).toBe(target);
      expect(s.reasons.length).toBeGreaterThan(0);
    });
  }
});

describe('shapes of the generated sample workspaces', () => {
  const cases: [string, string, string, string][] = [
    ['ecommerce', 'ecommerce-transactions.csv', 'transactions', 'segment'],
    ['customers', 'customers-churn.csv', 'customers-outcome', 'propensity'],
    ['ads', 'ads-campaign-log.csv', 'campaign', 'ads'],
    ['ratings', 'ratings.csv', 'ratings', 'recommend'],
    ['finance', 'finance-card-customers.csv', 'customers-outcome', 'propensity'],
    ['finance', 'finance-card-purchases.csv', 'transactions', 'segment'],
    ['education', 'education-enrolments.csv', 'ratings', 'recommend'],
    ['education', 'education-courses.csv', 'catalogue', ''],
    ['media', 'media-articles.csv', 'catalogue', ''],
  ];
  for (const [set, file, shape, job] of cases) {
    it(`${file} → ${shape}`, async () => {
      const mod = (await import(`../../../scripts/samples/${set}.ts`)) as {
        generate(seed: number): { files: { name: string; csv: string }[] };
      };
      const csv = mod.generate(20261128).files.find((f) => f.name === file)!.csv;
      const s = fileShape(...(await table(csv)));
      expect(s.shape).toBe(shape);
      expect(s.suggested?.job ?? '').toBe(job);
    });
  }
});

async function table(csv: string) {
  const r = await fromText(csv);
  return [r.table, r.roles] as const;
}

describe('shapes survive what strangers do to files', () => {
  it('an impression log: 0/1 outcome per row with a repeating visitor id → CTR models, recommend as alternative', async () => {
    const r = rng(2);
    const lines = ['visitor,article,format,slot,clicked'];
    for (let i = 0; i < 400; i++)
      lines.push(
        `v${i % 60},a${i % 25},${['video', 'text'][i % 2]},${['am', 'pm'][i % 3 ? 0 : 1]},${r() < 0.2 ? 1 : 0}`,
      );
    const s = fileShape(...(await table(lines.join('\n'))));
    expect(s.shape).toBe('impressions');
    expect(s.suggested).toMatchObject({ job: 'ads', target: 'clicked' });
    expect(s.alternatives.map((a) => a.job)).toEqual(['recommend']);
  });

  it.skipIf(!existsSync(dataset('telco-customer-churn/telco-train.csv')))(
    'telco shuffled, with a pandas index column first and Chinese headers: still a customer table with its outcome',
    async () => {
      const [head, ...rows] = readFileSync(dataset('telco-customer-churn/telco-train.csv'), 'utf8')
        .trim()
        .split(/\r?\n/);
      const r = rng(9);
      const shuffled = rows.map((row, i) => [r(), i, row] as const).sort((a, b) => a[0] - b[0]);
      const names = head!.split(',');
      names[0] = '用户ID';
      names[names.length - 1] = '是否流失';
      const csv = [',' + names.join(','), ...shuffled.map(([, i, row]) => `${i + 1},${row}`)].join('\n');
      const [t, roles] = await table(csv);
      expect(roles[t.columns[0]!.name]).toBe('ignore'); // the index, whatever the row order
      const s = fileShape(t, roles);
      expect(s.shape).toBe('customers-outcome');
      expect(s.suggested).toMatchObject({ job: 'propensity', target: '是否流失' });
    },
  );

  it('a dated series with spend columns → marketing mix with the date; without any numeric column → unknown', async () => {
    const lines = ['week,tv_spend,search_spend,sales'];
    for (let i = 0; i < 60; i++)
      lines.push(
        `2024-${String(1 + Math.floor(i / 5)).padStart(2, '0')}-${String(1 + (i % 5) * 5).padStart(2, '0')},${100 + i},${50 + (i % 7)},${1000 + 3 * i}`,
      );
    const s = fileShape(...(await table(lines.join('\n'))));
    expect(s.shape).toBe('spend-sales');
    expect(s.suggested).toMatchObject({ job: 'ads', target: 'sales', options: { date: 'week' } });
    const u = fileShape(...(await table('name,comment\nann,hello\nbob,hi\ncy,hey\n')));
    expect(u.shape).toBe('unknown');
    expect(u.suggested).toBeNull();
  });
});
