// "What is this file?": the shape, key roles and suggested analysis of every shared file and of variants made from
// them (tests/unit/data/corpus.ts), of the generated sample workspaces, and of small logs made here.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { fileShape } from '../../../src/core/data/shape.ts';
import { rng } from '../../../src/core/random.ts';
import { DATASETS, dataset } from '../../datasets.ts';
import { SHARED, VARIANTS, type CorpusCase } from './corpus.ts';
import { fromText } from './helpers.ts';

async function ingestCase(c: CorpusCase) {
  return c.file ? loadCsvFile(dataset(c.file)) : fromText(c.text!());
}

/** Shape, key roles, suggested job and target of one corpus case (the table in the issue's closing note). */
async function expectCase(c: CorpusCase): Promise<void> {
  const d = await ingestCase(c);
  const s = fileShape(d.table, d.roles);
  expect(s.shape).toBe(c.shape);
  for (const [column, role] of Object.entries(c.roles)) expect(d.roles[column], column).toBe(role);
  expect(s.suggested?.job).toBe(c.job);
  expect(s.suggested?.target).toBe(c.target);
  expect(s.reasons.length).toBeGreaterThan(0);
}

describe('shapes of every shared file', () => {
  for (const c of SHARED)
    it.skipIf(!existsSync(dataset(c.file!)))(`${c.name} → ${c.shape}${c.job ? ` → ${c.job}` : ''}`, () =>
      expectCase(c),
    );
});

describe('shapes of the shared files as strangers change them', () => {
  for (const c of VARIANTS) it.skipIf(!existsSync(DATASETS))(`${c.name} → ${c.shape} → ${c.job}`, () => expectCase(c));
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
