// Propensity rules: a planted "young students" group is recovered, booleans read as words, output is deterministic.
import { describe, expect, it } from 'vitest';
import { tableFromRecords, type Table } from '../../../src/core/data/table.ts';
import { rng } from '../../../src/core/random.ts';
import { likelyLabels, propensityRules } from '../../../src/core/propensity/rules.ts';
import {
  booleanWording,
  formatValue,
  levelCondition,
  numberCondition,
} from '../../../src/core/propensity/rule-wording.ts';
import { fromText } from '../data/helpers.ts';
import { sayEn } from '../../../src/cli/say.ts';
import { msg, type Msg } from '../../../src/core/msg.ts';
import type { PropensityRule } from '../../../src/core/propensity/rules.ts';

// Core returns message keys; the English words come from messages/en.json, as the CLI prints them.
const words = (r: PropensityRule) => r.conditions.map((c) => sayEn(c));
const pct = (v: number) => `${Math.round(v * 100)} %`;
const sentence = (r: PropensityRule) =>
  sayEn(
    msg('prop_rule_text', {
      conditions: words(r).join(' AND '),
      precision: pct(r.precision),
      coverage: pct(r.coverage),
    }),
  );
const both = (w: { yes: Msg; no: Msg }) => ({ yes: sayEn(w.yes), no: sayEn(w.no) });

interface Planted {
  table: Table;
  probability: Float32Array;
  inGroup: boolean[];
}

/** Likely customers are exactly age < 30 AND is_student; income and region only shuffle the rest. */
function planted(n: number, seed: number): { records: Record<string, string | number>[]; p: number[] } {
  const rand = rng(seed);
  const regions = ['North', 'South', 'East', 'West'];
  const records: Record<string, string | number>[] = [];
  const p: number[] = [];
  for (let i = 0; i < n; i++) {
    const age = 18 + Math.floor(rand() * 28);
    const student = rand() < 0.5;
    const income = 10_000 + rand() * 110_000;
    const region = regions[Math.floor(rand() * 4)]!;
    const HasCrCard = rand() < 0.6 ? 1 : 0;
    records.push({ age, is_student: student ? 'yes' : 'no', income, region, HasCrCard });
    p.push(age < 30 && student ? 0.7 + 0.2 * rand() : 0.05 + 0.3 * rand() * (income / 120_000));
  }
  return { records, p };
}

function plantedTable(n: number, seed: number): Planted {
  const { records, p } = planted(n, seed);
  const table = tableFromRecords(records, {
    age: 'integer',
    is_student: 'categorical',
    income: 'decimal',
    region: 'categorical',
    HasCrCard: 'integer',
  });
  const inGroup = records.map((r) => (r.age as number) < 30 && r.is_student === 'yes');
  return { table, probability: Float32Array.from(p), inGroup };
}

const COLUMNS = ['age', 'is_student', 'income', 'region', 'HasCrCard'];

describe('propensityRules', () => {
  it('recovers the planted group "age < 30 AND is a student" as the top rule', () => {
    const { table, probability, inGroup } = plantedTable(3000, 1);
    const res = propensityRules(table, COLUMNS, probability);
    expect(res.baseRate).toBeCloseTo(0.3, 2);
    const top = res.rules[0]!;
    expect(top.precision).toBeGreaterThanOrEqual(0.9);
    expect(words(top)).toContain('age ≤ 29');
    expect(words(top)).toContain('is student');
    expect(sentence(top)).toMatch(
      /^age ≤ 29 AND is student → likely \(precision \d+ %, covers \d+ % of likely customers\)$/,
    );
    const group = inGroup.filter(Boolean).length;
    expect(top.support).toBe(group);
    expect(top.coverage).toBeCloseTo(group / Math.round(0.3 * 3000), 2);
    expect(top.lift).toBeCloseTo(top.precision / res.baseRate, 10);
    for (const r of res.rules) expect(r.lift).toBeGreaterThanOrEqual(1.5);
  });

  it('the same from an ingested CSV: yes/no words become a boolean column, still worded as a phrase', async () => {
    const { records, p } = planted(1500, 2);
    const csv = [COLUMNS.join(','), ...records.map((r) => COLUMNS.map((c) => r[c]).join(','))].join('\n');
    const { table } = await fromText(`${csv}\n`);
    expect(table.columns.find((c) => c.name === 'is_student')!.kind).toBe('numeric');
    const top = propensityRules(table, COLUMNS, p).rules[0]!;
    expect(top.precision).toBeGreaterThanOrEqual(0.9);
    expect(words(top)).toEqual(['age ≤ 29', 'is student']);
  });

  it('never prints a boolean as a threshold', async () => {
    const rand = rng(5);
    const lines = ['Married,HasCrCard,Student,is_active,score'];
    const p: number[] = [];
    for (let i = 0; i < 1200; i++) {
      const m = rand() < 0.5,
        c = rand() < 0.5,
        s = rand() < 0.5,
        a = rand() < 0.5;
      lines.push(`${m ? 'Yes' : 'No'},${c ? 1 : 0},${s ? 'TRUE' : 'FALSE'},${a ? 'y' : 'n'},${rand()}`);
      p.push((m ? 0.3 : 0) + (c ? 0.2 : 0) + (s ? 0 : 0.25) + (a ? 0.15 : 0) + 0.05 * rand());
    }
    const { table } = await fromText(lines.join('\n') + '\n');
    const res = propensityRules(table, ['Married', 'HasCrCard', 'Student', 'is_active'], p, { minLift: 0 });
    expect(res.rules.length).toBeGreaterThan(2);
    const allowed = /^(married|not married|has cr card|has no cr card|Student: (yes|no)|is active|is not active)$/;
    for (const r of res.rules) {
      for (const c of words(r)) expect(c).toMatch(allowed);
      expect(sentence(r)).not.toMatch(/[≤≥<>]|0\.5/);
    }
  });

  it('is deterministic, and a sampled fit is scored on every row', () => {
    const { table, probability } = plantedTable(2500, 3);
    const a = propensityRules(table, COLUMNS, probability, { maxRows: 800, seed: 7 });
    const b = propensityRules(table, COLUMNS, probability, { maxRows: 800, seed: 7 });
    expect(a).toEqual(b);
    const all = propensityRules(table, COLUMNS, probability, { minLift: 0 });
    expect(all.rules.reduce((s, r) => s + r.support, 0)).toBe(2500);
    expect(all.rules.reduce((s, r) => s + r.coverage, 0)).toBeCloseTo(1, 10);
  });

  it('words categorical splits and units', () => {
    const rand = rng(9);
    const records: Record<string, string | number>[] = [];
    const p: number[] = [];
    const contracts = ['Month-to-month', 'One year', 'Two year'];
    for (let i = 0; i < 1500; i++) {
      const Contract = contracts[Math.floor(rand() * 3)]!;
      const tenure = Math.floor(rand() * 72);
      records.push({ Contract, tenure });
      p.push(Contract === 'Month-to-month' && tenure <= 20 ? 0.8 + 0.1 * rand() : 0.3 * rand());
    }
    const table = tableFromRecords(records, { Contract: 'categorical', tenure: 'integer' });
    const res = propensityRules(table, ['Contract', 'tenure'], p, { units: { tenure: 'months' } });
    expect(words(res.rules[0]!)).toEqual(['Contract is Month-to-month', 'tenure ≤ 20 months']);
  });
});

describe('likelyLabels', () => {
  it('takes the top share; ties at the cut go in or out together', () => {
    expect(Array.from(likelyLabels([0.9, 0.1, 0.5, 0.2, 0.8, 0.3, 0.4, 0.6, 0.7, 0.0], 0.3))).toEqual([
      1, 0, 0, 0, 1, 0, 0, 0, 1, 0,
    ]);
    // 2 high, 8 tied: taking 3 would split the tie, so only the 2 go in.
    expect(Array.from(likelyLabels([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], 0.3)).filter(Boolean).length).toBe(2);
    expect(Array.from(likelyLabels([NaN, 0.2, 0.1], 0.33))).toEqual([0, 1, 0]);
    expect(Array.from(likelyLabels([NaN, 0.2, 0.1], 0.34))).toEqual([0, 1, 1]);
  });
});

describe('rule wording', () => {
  it('booleans: verb-led names, participles, and "X: yes" otherwise', () => {
    expect(both(booleanWording('is_student'))).toEqual({ yes: 'is student', no: 'is not student' });
    expect(both(booleanWording('isMember'))).toEqual({ yes: 'is member', no: 'is not member' });
    expect(both(booleanWording('HasCrCard'))).toEqual({ yes: 'has cr card', no: 'has no cr card' });
    expect(both(booleanWording('has_churned'))).toEqual({ yes: 'has churned', no: 'has not churned' });
    expect(both(booleanWording('is_VIP'))).toEqual({ yes: 'is VIP', no: 'is not VIP' });
    expect(both(booleanWording('Married'))).toEqual({ yes: 'married', no: 'not married' });
    expect(both(booleanWording('Partner'))).toEqual({ yes: 'Partner: yes', no: 'Partner: no' });
    expect(both(booleanWording('SeniorCitizen'))).toEqual({ yes: 'SeniorCitizen: yes', no: 'SeniorCitizen: no' });
    expect(both(booleanWording('Need'))).toEqual({ yes: 'Need: yes', no: 'Need: no' });
  });

  it('numbers: three significant digits with separators, integers exact, units', () => {
    expect(formatValue(123456.789)).toBe('123,000');
    expect(formatValue(1.2345e21)).toBe('1.23e+21');
    expect(formatValue(0.045678)).toBe('0.0457');
    expect(formatValue(-2.5)).toBe('-2.5');
    expect(formatValue(1234.4, true)).toBe('1,234');
    expect(sayEn(numberCondition('age', -Infinity, 29.5, true))).toBe('age ≤ 29');
    expect(sayEn(numberCondition('age', 29.5, Infinity, true))).toBe('age ≥ 30');
    expect(sayEn(numberCondition('age', 29.5, 45.5, true, 'years'))).toBe('age 30–45 years');
    expect(sayEn(numberCondition('orders', 2.5, 3.5, true))).toBe('orders = 3');
    expect(sayEn(numberCondition('spend', 20_012.5, Infinity, false, '£'))).toBe('spend > £20,000');
    expect(sayEn(numberCondition('spend', 20.25, 45.5, false, '$'))).toBe('spend $20.3–$45.5');
  });

  it('categories: is, is not, neither/nor, one of', () => {
    const all = ['A', 'B', 'C', 'D', 'E'];
    expect(sayEn(levelCondition('Contract', 'A', ['B'], all))).toBe('Contract is A');
    expect(sayEn(levelCondition('Contract', undefined, ['A'], all))).toBe('Contract is not A');
    expect(sayEn(levelCondition('Contract', undefined, ['A', 'B'], all))).toBe('Contract is neither A nor B');
    expect(sayEn(levelCondition('Contract', undefined, ['A', 'B', 'C'], all))).toBe('Contract is one of D, E');
    expect(sayEn(levelCondition('Contract', undefined, ['A'], ['A', 'B']))).toBe('Contract is B');
  });
});
