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
  const d = {
    columns: [
      { name: 'a', type: 'integer', role: 'numeric', distinct: 10 },
      { name: 'b', type: 'decimal', role: 'numeric', distinct: 50 },
    ],
    roles: { a: 'numeric', b: 'numeric' },
  } as unknown as DatasetRecord;
  const s = (x: Partial<Suggestion> & Pick<Suggestion, 'job'>): Suggestion => ({ options: {}, why: '', ...x });

  it('propensity without a target (or one that is not a column) asks for the outcome', () => {
    for (const target of [undefined, 'gone'])
      expect(startPlan(s({ job: 'propensity', ...(target ? { target } : {}) }), d)).toMatchObject({
        missing: { control: 'propensity-target' },
      });
  });
  it('recommendations without customer and item ids ask for them', () => {
    expect(startPlan(s({ job: 'recommend' }), d)).toMatchObject({ missing: { control: 'rec-dataset' } });
  });
  it('lifetime value without customer, date and amount asks for the columns', () => {
    expect(startPlan(s({ job: 'clv' }), d)).toMatchObject({ missing: { control: 'clv-columns' } });
  });
  it('ads on a date or outcome that is not a column asks for it', () => {
    expect(startPlan(s({ job: 'ads', target: 'nope' }), d)).toMatchObject({ missing: { control: 'ads-outcome' } });
    expect(startPlan(s({ job: 'ads', options: { date: 'nope' } }), d)).toMatchObject({
      missing: { control: 'ads-mmm-date' },
    });
  });
  it('segments need no choice', () => {
    expect(startPlan(s({ job: 'segment' }), d)).toEqual({ job: 'segment', spec: { k: null, seed: 0, minSize: 10 } });
  });
});
