// One click from "What is this file?" to a running job: each suggested analysis becomes its job's options (suggested
// target, date and mode over the page defaults), and a choice the job cannot run without is reported instead.
import { describe, expect, it } from 'vitest';
import type { DatasetRecord } from '../../../src/core/data/dataset-record.ts';
import { fileShape, type Suggestion } from '../../../src/core/data/shape.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import { startPlan } from '../../../src/ui/data/suggestion-start.ts';
import { fromText } from './helpers.ts';

const record = (r: IngestResult): DatasetRecord =>
  ({ id: 'd', name: 'd', columns: r.columns, roles: r.roles, rows: r.table.rowCount }) as unknown as DatasetRecord;

async function planOf(csv: string) {
  const r = await fromText(csv);
  const guess = fileShape(r.table, r.roles);
  return { guess, d: record(r), plan: guess.suggested ? startPlan(guess.suggested, record(r)) : null };
}

const week = (i: number) => new Date(Date.UTC(2023, 0, 2) + i * 7 * 864e5).toISOString().slice(0, 10);
const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

describe('suggestion → job options', () => {
  it('a customer table with a yes/no outcome starts Auto propensity on that outcome', async () => {
    const csv =
      'tenure,monthly,plan,left\n' + rows(200, (i) => `${i % 37},${20 + (i % 50)},${i % 3},${i % 4 ? 'No' : 'Yes'}`);
    const { guess, plan } = await planOf(csv);
    expect(guess.suggested?.job).toBe('propensity');
    expect(plan).toEqual({ job: 'propensity', spec: { target: 'left', model: 'auto', seed: 0 } });
  });

  it('a ratings log starts the recommenders in the suggested mode', async () => {
    const csv =
      'user,item,rating,ts\n' +
      rows(600, (i) => `${1 + (i % 40)},${100 + ((i * 7) % 90)},${1 + (i % 5)},${1500000000 + i * 60}`);
    const { guess, plan } = await planOf(csv);
    expect(guess.suggested?.job).toBe('recommend');
    expect(plan && 'spec' in plan && plan.job === 'recommend' && plan.spec.mode).toBe(guess.suggested?.options.mode);
  });

  it('a weekly spend → sales series starts the marketing mix on the suggested date and outcome', async () => {
    const csv =
      'week,tv_spend,radio_spend,sales\n' +
      rows(80, (i) => `${week(i)},${100 + (i % 9) * 10},${50 + (i % 5) * 7},${1000 + i * 3}`);
    const { guess, plan } = await planOf(csv);
    if (guess.suggested?.job !== 'ads') throw new Error(`suggested ${guess.suggested?.job}`);
    expect(plan).toMatchObject({ job: 'ads', spec: { date: guess.suggested.options.date, model: 'glm' } });
    if (guess.suggested.target) expect(plan).toMatchObject({ spec: { outcome: guess.suggested.target } });
  });
});

describe('a choice the job needs is missing', () => {
  const rec = (cols: [string, string, string, number][]) =>
    ({
      columns: cols.map(([name, type, role, distinct]) => ({ name, type, role, distinct })),
      roles: Object.fromEntries(cols.map(([n, , r]) => [n, r])),
      rows: 100,
    }) as unknown as DatasetRecord;
  // Only two plain numeric columns: no page but Segments can use it as it is.
  const bare = rec([
    ['a', 'integer', 'numeric', 10],
    ['b', 'decimal', 'numeric', 50],
  ]);
  // Usable by every page: a customer and an item id, a yes/no outcome, a spend column.
  const full = rec([
    ['u', 'integer', 'customer_id', 40],
    ['i', 'integer', 'item_id', 30],
    ['y', 'boolean', 'target', 2],
    ['s', 'decimal', 'spend', 90],
  ]);
  const s = (x: Partial<Suggestion> & Pick<Suggestion, 'job'>): Suggestion => ({ options: {}, why: '', ...x });

  it('a dataset the page cannot use as it is opens the page with its fix marked, not a job', () => {
    expect(startPlan(s({ job: 'propensity', target: 'a' }), bare)).toMatchObject({
      missing: { control: 'propensity-dataset' },
    });
    expect(startPlan(s({ job: 'recommend' }), bare)).toMatchObject({
      missing: { control: 'rec-dataset-fix-customer_id' },
    });
    const ads = startPlan(s({ job: 'ads' }), bare);
    expect(ads).toEqual({ job: 'ads', missing: { control: 'ads-dataset-fix-spend', why: expect.any(String) } });
    expect('missing' in ads && ads.missing!.why.length).toBeGreaterThan(10);
  });
  it('ads with its suggested outcome runs on it, with the page’s fix marked beside the result', () => {
    expect(startPlan(s({ job: 'ads', target: 'a' }), bare)).toMatchObject({
      spec: { outcome: 'a', model: 'glm' },
      missing: { control: 'ads-dataset-fix-spend' },
    });
  });
  it('propensity on a target that is not a column asks for the outcome', () => {
    expect(startPlan(s({ job: 'propensity', target: 'gone' }), full)).toMatchObject({
      missing: { control: 'propensity-target' },
    });
    expect(startPlan(s({ job: 'propensity', target: 'y' }), full)).toMatchObject({ spec: { target: 'y' } });
  });
  it('lifetime value without customer, date and amount asks for the columns', () => {
    expect(startPlan(s({ job: 'clv' }), bare)).toMatchObject({ missing: { control: 'clv-columns' } });
  });
  it('ads on a date or outcome that is not a column asks for it', () => {
    expect(startPlan(s({ job: 'ads', target: 'nope' }), full)).toMatchObject({ missing: { control: 'ads-outcome' } });
    expect(startPlan(s({ job: 'ads', options: { date: 'nope' } }), full)).toMatchObject({
      missing: { control: 'ads-mmm-date' },
    });
    expect(startPlan(s({ job: 'ads', target: 's' }), full)).toMatchObject({ spec: { outcome: 's', model: 'glm' } });
  });
  it('segments of a table with numeric columns need no choice', () => {
    expect(startPlan(s({ job: 'segment' }), bare)).toEqual({ job: 'segment', spec: { k: null, seed: 0, minSize: 10 } });
  });
});
