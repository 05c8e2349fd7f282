// Cell parsing and column type inference, including chunk boundaries in the streaming parser.
import { describe, expect, it } from 'vitest';
import { parseBoolWord, parseDateParts, datePartsToMs, parseNumber } from '../../../src/core/data/values.ts';
import { detectDelimiter, detectHeader } from '../../../src/core/data/sniff.ts';
import { cellText, getColumn } from '../../../src/core/data/table.ts';
import { col, finding, fromBytes, fromText } from './helpers.ts';
import { rng } from '../../../src/core/random.ts';

describe('parseNumber', () => {
  const v = (s: string, dc = false) => parseNumber(s, dc)?.value ?? null;
  it('reads plain, thousands, decimal comma, currency, percent and accounting negatives', () => {
    expect(v('42')).toBe(42);
    expect(v('-3.5e2')).toBe(-350);
    expect(v('1,234.50')).toBe(1234.5);
    expect(v('1,234')).toBe(1234);
    expect(v('1,234', true)).toBe(1.234);
    expect(v('12,50')).toBe(12.5);
    expect(v('€12,50', true)).toBe(12.5);
    expect(v('1.234.567,89', true)).toBe(1234567.89);
    expect(v('$1,200')).toBe(1200);
    expect(v('£ 3')).toBe(3);
    expect(v('15 €')).toBe(15);
    expect(v('12%')).toBeCloseTo(0.12, 10);
    expect(v('(50.00)')).toBe(-50);
    expect(v('-$5')).toBe(-5);
    expect(v('1 234,5')).toBe(1234.5);
  });
  it('rejects what is not a number', () => {
    for (const s of ['', 'abc', '12a', 'C536379', '1.2.3', '0x1A', 'Infinity', '85123A', '2010-12-01', '1,23,4'])
      expect(v(s)).toBeNull();
  });
  it('flags integers vs fractions', () => {
    expect(parseNumber('17850.0', false)!.flags & 32).toBe(32);
    expect(parseNumber('17850', false)!.flags & 32).toBe(0);
  });
});

describe('dates and booleans', () => {
  const ms = (s: string, dayFirst = false) => {
    const p = parseDateParts(s);
    return p ? new Date(datePartsToMs(p, dayFirst)).toISOString() : null;
  };
  it('reads ISO, ISO datetime, US slash, day-first, dotted and CJK dates', () => {
    expect(ms('2010-12-01 08:26:00')).toBe('2010-12-01T08:26:00.000Z');
    expect(ms('2010-12-01T08:26:00Z')).toBe('2010-12-01T08:26:00.000Z');
    expect(ms('2010-12-01T08:26:00+01:00')).toBe('2010-12-01T07:26:00.000Z');
    expect(ms('12/1/2010 8:26')).toBe('2010-12-01T08:26:00.000Z');
    expect(ms('12/1/2010 8:26 PM')).toBe('2010-12-01T20:26:00.000Z');
    expect(ms('13/01/2020', true)).toBe('2020-01-13T00:00:00.000Z');
    expect(ms('31.12.2021')).toBe('2021-12-31T00:00:00.000Z');
    expect(ms('2023年1月5日')).toBe('2023-01-05T00:00:00.000Z');
    expect(ms('2021/03/04')).toBe('2021-03-04T00:00:00.000Z');
    expect(ms('01-Dec-2010')).toBe('2010-12-01T00:00:00.000Z');
    expect(ms('1 Dec 2010 8:26')).toBe('2010-12-01T08:26:00.000Z');
    expect(ms('Dec 1, 2010')).toBe('2010-12-01T00:00:00.000Z');
    expect(ms('September 30, 2023 11:05 PM')).toBe('2023-09-30T23:05:00.000Z');
    expect(parseDateParts('Decade 1, 2010')).toBeNull();
  });
  it('rejects impossible dates and non-dates', () => {
    expect(parseDateParts('536365')).toBeNull();
    expect(parseDateParts('hello')).toBeNull();
    const p = parseDateParts('2021-02-30')!;
    expect(Number.isNaN(datePartsToMs(p, false))).toBe(true);
  });
  it('booleans', () => {
    expect(parseBoolWord('Yes')).toBe(1);
    expect(parseBoolWord('FALSE')).toBe(0);
    expect(Number.isNaN(parseBoolWord('maybe'))).toBe(true);
  });
});

describe('sniffing', () => {
  it('detects delimiters', () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n4;5;6\n', '\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n', '\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2,5|3\n', '\n')).toBe('|');
    expect(detectDelimiter('name,note\n"x; y",1\n"z; w",2\n', '\n')).toBe(',');
  });
  it('detects headers', () => {
    expect(
      detectHeader([
        ['id', 'amount'],
        ['1', '2.5'],
        ['2', '3'],
      ]),
    ).toBe(true);
    expect(
      detectHeader([
        ['1', '2.5'],
        ['2', '3'],
      ]),
    ).toBe(false);
    expect(
      detectHeader([
        ['name', 'city'],
        ['Ann', 'Paris'],
        ['Bob', 'Rome'],
      ]),
    ).toBe(true);
  });
});

describe('type inference', () => {
  it('infers integer, decimal, boolean, date, categorical, text and id', async () => {
    const rows = ['n,price,ok,day,color,comment,code'];
    for (let i = 0; i < 200; i++) {
      rows.push(
        [
          i * 3,
          (i * 1.25).toFixed(2),
          i % 2 ? 'yes' : 'no',
          `2021-01-${String((i % 28) + 1).padStart(2, '0')}`,
          ['red', 'green', 'blue'][i % 3],
          `"free text comment number ${i}, with words"`,
          `X${1000 + i}Z`,
        ].join(','),
      );
    }
    const r = await fromText(rows.join('\n'));
    expect(r.columns.map((c) => c.type)).toEqual([
      'integer',
      'decimal',
      'boolean',
      'date',
      'categorical',
      'text',
      'id',
    ]);
  });

  it('decides on all rows: a column numeric for 6,000 rows then `C536379` becomes a string id', async () => {
    const rows = ['InvoiceNo,Quantity'];
    for (let i = 0; i < 6000; i++) rows.push(`${536365 + i},1`);
    rows.push('C536379,-1');
    const r = await fromText(rows.join('\n'), {}, 4096);
    expect(col(r, 'InvoiceNo').type).toBe('id');
    const c = getColumn(r.table, 'InvoiceNo');
    expect(cellText(c, 6000)).toBe('C536379');
    expect(cellText(c, 5999)).toBe(String(536365 + 5999));
  });

  it('stray words in a numeric column make it numeric with a mixed-types finding (first row and value)', async () => {
    const rows = ['amount'];
    for (let i = 0; i < 100; i++) rows.push(i === 57 ? 'unknown' : String(i));
    const r = await fromText(rows.join('\n'));
    expect(col(r, 'amount').type).toBe('integer');
    const f = finding(r, 'mixed-types', 'amount')!;
    expect(f.rows).toEqual([58]);
    expect(f.message).toContain('`unknown`');
  });

  it('normalises float-text ids (17850.0 → 17850) and blank numerics are missing', async () => {
    const r = await fromText('CustomerID,TotalCharges\n17850.0,29.85\n13047.0, \n,10\n17850.0,5\n');
    const id = getColumn(r.table, 'CustomerID');
    expect(id.kind === 'categorical' && id.dictionary).toEqual(['17850', '13047']);
    expect(col(r, 'TotalCharges').type).toBe('decimal');
    expect(col(r, 'TotalCharges').missing).toBe(1);
    expect(col(r, 'CustomerID').missing).toBe(1);
  });

  it('integer-coded categories by name (interest) and unix seconds by name (timestamp)', async () => {
    const rows = ['interest,timestamp,clicks'];
    for (let i = 0; i < 50; i++) rows.push(`${(i % 7) * 10 + 2},${964982703 + i * 60},${i}`);
    const r = await fromText(rows.join('\n'));
    expect(col(r, 'interest').type).toBe('categorical');
    expect(col(r, 'timestamp').type).toBe('date');
    expect(cellText(getColumn(r.table, 'timestamp'), 0)).toBe('2000-07-30T18:45:03.000Z');
    expect(col(r, 'clicks').type).toBe('integer');
  });

  it('gives the same table whatever the chunk size (quoted newlines and multi-byte characters across chunks)', async () => {
    const rows = ['id,desc,price'];
    for (let i = 0; i < 300; i++)
      rows.push(`${i},"Crème brûlée ${i}, ""extra""\nsecond line £${i}",${(i / 4).toFixed(2)}`);
    const bytes = new TextEncoder().encode(rows.join('\r\n') + '\r\n');
    const big = await fromBytes(bytes, {}, 1 << 20);
    for (const chunk of [7, 64, 1000]) {
      const small = await fromBytes(bytes, { chunkChars: 100 }, chunk);
      expect(small.table.rowCount).toBe(300);
      const a = getColumn(big.table, 'desc');
      const b = getColumn(small.table, 'desc');
      expect(cellText(b, 299)).toBe('Crème brûlée 299, "extra"\nsecond line £299');
      expect(a.kind === 'categorical' && b.kind === 'categorical' && b.dictionary).toEqual(
        a.kind === 'categorical' && a.dictionary,
      );
      expect(Array.from((getColumn(small.table, 'price') as { values: Float64Array }).values)).toEqual(
        Array.from((getColumn(big.table, 'price') as { values: Float64Array }).values),
      );
    }
  });

  it('keeps leading-zero codes as text and 0/1 counts as integers', async () => {
    const rows = ['zip,clicks,converted'];
    for (let i = 0; i < 60; i++) rows.push(`${String(i * 137).padStart(5, '0')},${i % 2},${i % 3 === 0 ? 1 : 0}`);
    const r = await fromText(rows.join('\n'));
    expect(col(r, 'zip').type).toBe('id');
    expect(cellText(getColumn(r.table, 'zip'), 1)).toBe('00137');
    expect(col(r, 'clicks').type).toBe('integer');
    expect(col(r, 'clicks').role).toBe('clicks');
    expect(col(r, 'converted').type).toBe('boolean');
    expect(col(r, 'converted').role).toBe('target');
  });

  it('type and role overrides win', async () => {
    const r = await fromText('code,amount\n1,2\n2,3\n3,4\n', {
      types: { code: 'categorical' },
      roles: { amount: 'target' },
    });
    expect(col(r, 'code').type).toBe('categorical');
    expect(r.roles.amount).toBe('target');
    expect(col(r, 'amount').roleConfidence).toBe(1);
  });

  it('ids and outcomes of other domains by their usual names (learners, courses, patients, offers accepted)', async () => {
    const lines = ['learner_id,course_id,enrolled_at,accepted_offer,score'];
    for (let i = 0; i < 60; i++)
      lines.push(`L${i % 20},C${i % 7},2025-01-${String(1 + (i % 28)).padStart(2, '0')},${i % 3 ? 'yes' : 'no'},${i}`);
    const r = await fromText(lines.join('\n') + '\n');
    expect(r.roles.learner_id).toBe('customer_id');
    expect(r.roles.course_id).toBe('item_id');
    expect(r.roles.enrolled_at).toBe('timestamp'); // a date named like an outcome stays a date
    expect(r.roles.accepted_offer).toBe('target');
    const p = await fromText(
      'patient_no,video_id,redeemed\n' + Array.from({ length: 30 }, (_, i) => `P${i},V${i % 4},${i % 2}`).join('\n'),
    );
    expect(p.roles).toMatchObject({ patient_no: 'customer_id', video_id: 'item_id', redeemed: 'target' });
  });

  it('of two equally outcome-like yes/no columns the last is the target (earlier ones stay features)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 2},${i % 3 ? 1 : 0},${i % 5 ? 'yes' : 'no'}`);
    const r = await fromText('id,accepted_last_offer,visits,responded\n' + rows.join('\n'));
    expect(r.roles.responded).toBe('target');
    expect(r.roles.accepted_last_offer).toBe('categorical');
  });

  it('roles from the whole table: shuffled index, few-valued "ids", scores, ratings without items, unnamed outcome', async () => {
    const r = rng(5);
    const order = Array.from({ length: 120 }, (_, i) => i + 1).sort(() => r() - 0.5);
    const lines = [',contact,Spending Score (1-100),Rating,Income,Owns Car,Purchased Again'];
    order.forEach((idx, i) => {
      const contact = i % 3 ? 'cellular' : 'telephone';
      lines.push(
        `${idx},${contact},${1 + Math.floor(r() * 100)},${1 + (i % 5)},${20000 + i * 37},${i % 2 ? 'Y' : 'N'},${i % 4 ? 'CH' : 'MM'}`,
      );
    });
    const t = await fromText(lines.join('\n') + '\n');
    const first = t.table.columns[0]!.name;
    expect(t.roles[first]).toBe('ignore'); // a pandas index, whatever the row order
    expect(t.roles.contact).toBe('categorical'); // two values are never customer ids
    expect(t.roles['Spending Score (1-100)']).toBe('numeric'); // a bounded score is not spend
    expect(t.roles.Rating).toBe('numeric'); // no user and item next to it: not a recommender rating
    expect(t.roles['Purchased Again']).toBe('target'); // named as an outcome
    // Without an outcome name, the last two-valued column is the likeliest outcome; in a campaign log it is not.
    const u = await fromText(
      'id,age,plan,Owns Car,Store\n' +
        Array.from(
          { length: 60 },
          (_, i) => `${i},${20 + i},p${i % 3},${i % 2 ? 'Y' : 'N'},${i % 3 ? 'CH' : 'MM'}`,
        ).join('\n'),
    );
    expect(u.roles.Store).toBe('target');
    expect(u.roles['Owns Car']).toBe('categorical');
    const c = await fromText(
      'day,channel,spend,clicks,gender\n' +
        Array.from(
          { length: 60 },
          (_, i) => `2024-01-${String(1 + (i % 28)).padStart(2, '0')},c${i % 3},${i * 3},${i},${i % 2 ? 'F' : 'M'}`,
        ).join('\n'),
    );
    expect(c.roles.gender).toBe('categorical');
    // A rating next to user and item ids stays a rating; an in-order 1…n column anywhere is an index.
    const ratings = await fromText(
      'user,item,rating\n' + Array.from({ length: 40 }, (_, i) => `u${i % 7},i${i % 9},${1 + (i % 5)}`).join('\n'),
    );
    expect(ratings.roles.rating).toBe('rating');
  });

  it('durations are never money; a 0/1 singular click/convert column is the outcome, plurals stay counts', async () => {
    const lines = ['visitor,time_spent_on_page,total_hours,session_minutes,clicks,clicked'];
    for (let i = 0; i < 50; i++) lines.push(`v${i},${12 + i},${i / 3},${5 + (i % 9)},${i % 2},${i % 3 ? 0 : 1}`);
    const r = await fromText(lines.join('\n') + '\n');
    for (const c of ['time_spent_on_page', 'total_hours', 'session_minutes']) expect(r.roles[c]).toBe('numeric');
    expect(r.roles.clicked).toBe('target');
    expect(r.roles.clicks).toBe('clicks'); // 0/1 values, but a plural names a count per row
    const conv = await fromText(
      'id,converted_flag,conversions\n' + Array.from({ length: 30 }, (_, i) => `${i},${i % 2},${i % 4}`).join('\n'),
    );
    expect(conv.roles.conversions).toBe('conversions');
  });
});
