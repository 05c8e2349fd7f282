// The role rules of issue 9 point 2, one class test each: bounded scores are features, two-valued columns are
// outcome candidates (yes/no typed boolean), keys repeat in a log and not in a customer table, and the default
// outcome of a wide table of numeric codes is its outcome-like 0/1 column, never an arbitrary feature.
import { describe, expect, it } from 'vitest';
import { fileShape } from '../../../src/core/data/shape.ts';
import { rng } from '../../../src/core/random.ts';
import { col, fromText } from './helpers.ts';

describe('role rules', () => {
  it('a bounded score named by its range is a feature, not money, whatever else the name says', async () => {
    const names = ['Spending (1-100)', 'spend_score_0_100', 'Budget (0–10)', 'cost out of 10', 'spend'];
    const r = rng(4);
    const lines = [names.join(',')];
    for (let i = 0; i < 80; i++)
      lines.push(
        [1 + Math.floor(r() * 100), Math.floor(r() * 101), Math.floor(r() * 11), Math.floor(r() * 11), r() * 900].join(
          ',',
        ),
      );
    const t = await fromText(lines.join('\n'));
    for (const n of names.slice(0, 4)) expect(t.roles[n], n).toBe('numeric');
    expect(t.roles.spend).toBe('spend'); // an unbounded spend stays money
  });

  it('two-valued columns: yes/no words of every spelling are boolean; two labels stay categorical; both can be the outcome', async () => {
    const pairs = [
      ['yes', 'no'],
      ['Yes', 'No'],
      ['Y', 'N'],
      ['TRUE', 'FALSE'],
      ['true', 'false'],
      ['T', 'F'],
      ['1', '0'],
    ];
    for (const [a, b] of pairs) {
      const t = await fromText(
        'age,plan,outcome\n' + Array.from({ length: 50 }, (_, i) => `${20 + i},p${i % 4},${i % 3 ? a : b}`).join('\n'),
      );
      expect(col(t, 'outcome').type, `${a}/${b}`).toBe('boolean');
      expect(t.roles.outcome).toBe('target');
    }
    const labels = await fromText(
      'age,plan,Store\n' +
        Array.from({ length: 50 }, (_, i) => `${20 + i},p${i % 4},${i % 3 ? 'CH' : 'MM'}`).join('\n'),
    );
    expect(col(labels, 'Store').type).toBe('categorical');
    expect(labels.roles.Store).toBe('target');
  });

  it('a key unique per row makes a customer table; the same key repeating makes a log', async () => {
    const table = await fromText(
      'customer_id,age,spend\n' + Array.from({ length: 60 }, (_, i) => `c${i},${20 + i},${i * 3}`).join('\n'),
    );
    expect(table.roles.customer_id).toBe('customer_id');
    expect(fileShape(table.table, table.roles).shape).toBe('customers');
    const log = await fromText(
      'customer_id,date,amount\n' +
        Array.from({ length: 60 }, (_, i) => `c${i % 9},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${i}`).join(
          '\n',
        ),
    );
    expect(fileShape(log.table, log.roles).shape).toBe('transactions');
  });

  it('a bare ID unique per row is the customer key of an undated table; next to dates it may be an event id', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${1000 + i * 7},${i % 5},${(i * 1.7).toFixed(1)},${i + 3}`);
    const plain = await fromText('ID,frequency,recency,T\n' + rows.join('\n'));
    expect(plain.roles.ID).toBe('customer_id');
    expect(fileShape(plain.table, plain.roles).suggested?.job).toBe('clv'); // a lifetimes-style summary
    const dated = await fromText(
      'Id,day,amount\n' +
        rows.map((r, i) => `${r.split(',')[0]},2024-02-${String(1 + (i % 28)).padStart(2, '0')},${i}`).join('\n'),
    );
    expect(dated.roles.Id).toBe('ignore');
  });
});

/** Code-like column names (numeric codes of an insurance customer file); none names a role. */
const STEMS =
  'OSTYP AANTH GEMOM GEMLE OSHOO GODRK GODPR GODOV GODGE RELGE RELSA RELOV FALLE FGEHU FWEKI OPLHO OPLMI OPLLA BERHO BERZE BERBO BERMI BERAR SKAX SKBA SKBB SKCX SKDX HHUUR HKOOP AUTA AUTB AUTN ZFOND ZPART INKMD INKDV INKVZ INKZZ INKHO INKGE KOOPK WAPAR'.split(
    ' ',
  );

describe('an 86-column table of numeric codes with its 0/1 outcome last', () => {
  it('the outcome is the last 0/1 column (not a feature), and the table is a customer table → propensity', async () => {
    const r = rng(86);
    const names = [
      ...STEMS.map((s) => `M${s}`),
      ...STEMS.slice(0, 21).map((s) => `P${s}`),
      ...STEMS.slice(0, 21).map((s) => `A${s}`),
      'WOONWAGEN',
    ];
    expect(names).toHaveLength(86);
    const lines = [names.join(',')];
    for (let i = 0; i < 1500; i++) {
      const row = names.slice(0, 85).map((n, j) => {
        if (j === 0) return 1 + Math.floor(r() * 41); // a 41-level segment code
        if (n.startsWith('A')) return r() < 0.8 ? 0 : r() < 0.8 ? 1 : 2; // counts of policies, mostly 0
        if (n.startsWith('P') && j % 5 === 0) return r() < 0.85 ? 0 : 1; // some two-valued codes among the features
        return Math.floor(r() * 10); // 0–9 level codes
      });
      const p = 0.03 + 0.08 * (row[50] === 1 ? 1 : 0) + 0.01 * Number(row[3]);
      lines.push([...row, r() < p ? 1 : 0].join(','));
    }
    const t = await fromText(lines.join('\n'));
    const targets = Object.entries(t.roles).filter(([, role]) => role === 'target');
    expect(targets).toEqual([['WOONWAGEN', 'target']]);
    for (const n of names.slice(0, 85)) expect(['numeric', 'categorical'], n).toContain(t.roles[n]);
    const s = fileShape(t.table, t.roles);
    expect(s.shape).toBe('customers-outcome');
    expect(s.suggested).toMatchObject({ job: 'propensity', target: 'WOONWAGEN' });
  });
});
