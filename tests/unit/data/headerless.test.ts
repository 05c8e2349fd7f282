// Header-less files: roles from value patterns (repeating keys, rating steps, epoch and yyyymmdd times, counts and
// amounts in a dated log), on a real ratings log rewritten without its header and on generated logs of each class.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileShape } from '../../../src/core/data/shape.ts';
import { cellText, getColumn } from '../../../src/core/data/table.ts';
import { isAnonymousName } from '../../../src/core/data/value-roles.ts';
import { rng } from '../../../src/core/random.ts';
import { dataset } from '../../datasets.ts';
import { fromText } from './helpers.ts';

const ML = dataset('movielens-latest-small/ratings-test.csv');
const roleList = (r: Awaited<ReturnType<typeof fromText>>) => r.table.columns.map((c) => r.roles[c.name]);

/** A ratings log: users (fewer, active) × items, a star rating, epoch seconds; rows grouped by user or shuffled. */
function ratingsLog(opts: { itemFirst?: boolean; shuffle?: boolean; halves?: boolean; ms?: boolean }): string[][] {
  const r = rng(11);
  const rows: string[][] = [];
  for (let u = 0; u < 60; u++)
    for (let k = 0; k < 5 + Math.floor(r() * 20); k++) {
      const user = String(1 + u);
      const item = String(100 + Math.floor(r() * 400));
      const stars = opts.halves ? (1 + Math.floor(r() * 10)) / 2 : 1 + Math.floor(r() * 5);
      const t = 1_300_000_000 + Math.floor(r() * 200_000_000);
      rows.push([...(opts.itemFirst ? [item, user] : [user, item]), String(stars), String(opts.ms ? t * 1000 : t)]);
    }
  if (opts.shuffle) {
    const keyed = rows.map((row) => [r(), row] as const).sort((a, b) => a[0] - b[0]);
    return keyed.map(([, row]) => row);
  }
  return rows;
}

describe('header-less logs get their roles from the values', () => {
  it('unnamed columns: the reader’s column_N, R/pandas defaults and bare numbers; real names are not', () => {
    for (const n of ['column_3', 'V1', 'X2', 'Unnamed: 0', 'field_4', '7', '']) expect(isAnonymousName(n)).toBe(true);
    for (const n of ['userId', 'amount', 'v_total', 'x_axis', 'Col', 'C1D']) expect(isAnonymousName(n)).toBe(false);
  });

  it.skipIf(!existsSync(ML))(
    'MovieLens without its header, comma / tab / space: customer, item, rating, time',
    async () => {
      const lines = readFileSync(ML, 'utf8').split('\r\n').slice(1).filter(Boolean);
      for (const sep of [',', '\t', ' ']) {
        const r = await fromText(lines.map((l) => l.split(',').join(sep)).join('\n'));
        expect(r.format.hasHeader).toBe(false);
        expect(r.table.rowCount).toBe(20168);
        expect(roleList(r), JSON.stringify(sep)).toEqual(['customer_id', 'item_id', 'rating', 'timestamp']);
        expect(cellText(getColumn(r.table, 'column_4'), 0)).toMatch(/^\d{4}-\d\d-\d\dT/);
        const s = fileShape(r.table, r.roles);
        expect(s.shape).toBe('ratings');
        expect(s.suggested?.job).toBe('recommend');
      }
    },
  );

  it('the key the rows are grouped by is the customer, even when it comes second; else the first key', async () => {
    const itemFirst = ratingsLog({ itemFirst: true, halves: true });
    const r1 = await fromText(itemFirst.map((row) => row.join(',')).join('\n'));
    expect(roleList(r1)).toEqual(['item_id', 'customer_id', 'rating', 'timestamp']);
    const shuffled = ratingsLog({ shuffle: true, ms: true });
    const r2 = await fromText(shuffled.map((row) => row.join('\t')).join('\n'));
    expect(roleList(r2)).toEqual(['customer_id', 'item_id', 'rating', 'timestamp']);
    expect(r2.columns[3]!.type).toBe('date'); // 13-digit epoch milliseconds
  });

  it('a count (mostly 1, thinning upwards) is not a rating: a dated purchase log with text ids → transactions', async () => {
    const r = rng(3);
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) {
      const qty = r() < 0.6 ? 1 : r() < 0.7 ? 2 : 3 + Math.floor(r() * 3);
      const day = 20230101 + Math.floor(r() * 28);
      lines.push(`C${100 + Math.floor(r() * 80)};P${Math.floor(r() * 150)};${day};${qty};${(r() * 90 + 1).toFixed(2)}`);
    }
    const t = await fromText(lines.join('\n'));
    expect(t.columns.map((c) => c.type)).toEqual(['id', 'id', 'date', 'integer', 'decimal']);
    expect(roleList(t)).toEqual(['customer_id', 'item_id', 'timestamp', 'quantity', 'amount']);
    const s = fileShape(t.table, t.roles);
    expect(s.shape).toBe('transactions');
    expect(s.suggested?.job).toBe('segment');
  });

  it('a header-less customer table (no dates, no ratings): ages and incomes are not keys, the last 0/1 is the outcome', async () => {
    const r = rng(8);
    const lines = Array.from({ length: 300 }, (_, i) => {
      const age = 18 + Math.floor(r() * 60);
      const income = 1000 * (20 + Math.floor(r() * 80));
      return `${5000 + i},${age},${income},${r() < 0.5 ? 'F' : 'M'},${1 + Math.floor(r() * 5)},${r() < 0.3 ? 1 : 0}`;
    });
    const t = await fromText(lines.join('\n'));
    expect(roleList(t)).toEqual(['customer_id', 'numeric', 'numeric', 'categorical', 'numeric', 'target']);
    const s = fileShape(t.table, t.roles);
    expect(s.shape).toBe('customers-outcome');
    expect(s.suggested).toMatchObject({ job: 'propensity', target: 'column_6' });
  });

  it('a file with a header keeps its coded columns (C1, C14 … of an ad log) as features, never keys or ratings', async () => {
    const r = rng(5);
    const lines = ['id,click,hour,site_category,C1,C14,C17,C18'];
    for (let i = 0; i < 400; i++)
      lines.push(
        [
          i,
          r() < 0.2 ? 1 : 0,
          14102100 + (i % 24),
          `s${i % 6}`,
          1005,
          15000 + Math.floor(r() * 300),
          1700 + Math.floor(r() * 90),
          Math.floor(r() * 4),
        ].join(','),
      );
    const t = await fromText(lines.join('\n'));
    for (const c of ['C1', 'C14', 'C17', 'C18']) expect(['numeric', 'categorical'], c).toContain(t.roles[c]);
    expect(t.roles.click).toBe('target');
  });

  it('yyyymmdd only when every value is a real day; 10-digit numbers past 2036 stay numbers', async () => {
    const ok = await fromText(['19970101,5', '19970230,6', '19980315,7'].join('\n'));
    expect(ok.columns[0]!.type).toBe('integer'); // 30 February: not a date column
    const days = await fromText(['19970101,5', '19970228,6', '19980315,7'].join('\n'));
    expect(days.columns[0]!.type).toBe('date');
    expect(cellText(getColumn(days.table, 'column_1'), 1)).toBe('1997-02-28T00:00:00.000Z');
    const phones = await fromText(['2125550147,3', '3105550199,4', '4155550123,5'].join('\n'));
    expect(phones.columns[0]!.type).not.toBe('date');
  });

  it('a second key that renames the first one-to-one is an alternate key (ignored), not the item', async () => {
    const lines: string[] = [];
    for (let c = 0; c < 60; c++)
      for (let k = 0; k < 5; k++)
        lines.push(
          ` ${String(c).padStart(5, '0')}  ${String(900 + c).padStart(4, '0')} 199701${10 + k}  ${[1, 1, 1, 2, 3][k]}  ${(c + k).toFixed(2)}`,
        );
    const t = await fromText(lines.join('\r\n') + '\r\n');
    expect(t.format.delimiter).toBe(' ');
    expect(roleList(t)).toEqual(['customer_id', 'ignore', 'timestamp', 'quantity', 'amount']);
    // A two-valued column of a purchase log (quantities 1 or 2 here) is a dimension, not the outcome.
    const two = await fromText(lines.map((l, i) => l.replace(/ {2}[123] {2}/, i % 3 ? '  1  ' : '  2  ')).join('\n'));
    expect(roleList(two)).toEqual(['customer_id', 'ignore', 'timestamp', 'numeric', 'amount']);
    expect(fileShape(two.table, two.roles).shape).toBe('transactions');
  });
});
