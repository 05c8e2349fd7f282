// Reading a stranger's file right: every line ending (CR, CRLF, LF, mixed) through the streaming ingest at any chunk
// size, space-aligned logs as columns (and text with single spaces not), any file extension judged by content, and
// columns of impossible dates reported as invalid dates with their rows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { looksSpaceAligned } from '../../../src/core/data/sniff.ts';
import { cellText, getColumn } from '../../../src/core/data/table.ts';
import { fileShape } from '../../../src/core/data/shape.ts';
import { dataset } from '../../datasets.ts';
import { col, finding, fromBytes, fromText, jobError } from './helpers.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const cells = (r: Awaited<ReturnType<typeof fromText>>, name: string) =>
  Array.from({ length: r.table.rowCount }, (_, i) => cellText(getColumn(r.table, name), i));

describe('line endings', () => {
  const eols = { lf: '\n', crlf: '\r\n', cr: '\r' };
  for (const [label, eol] of Object.entries(eols))
    it(`${label} only: every row at chunk sizes 1, 2, 5 and whole`, async () => {
      const text = ['id,name,amount', '1,ann,2.5', '2,bob,3', '3,cy,4.25', ''].join(eol);
      for (const chunk of [1, 2, 5, 1 << 16]) {
        const r = await fromBytes(bytes(text), { chunkChars: 4 }, chunk);
        expect(r.table.rowCount, `chunk ${chunk}`).toBe(3);
        expect(cells(r, 'name')).toEqual(['ann', 'bob', 'cy']);
        expect(finding(r, 'whitespace')).toBeUndefined();
      }
    });

  it('\\r, \\r\\n and \\n mixed in one file: each is one line break (a CR just before a chunk end too)', async () => {
    const text = 'a,b\r\n1,x\r2,y\n3,z\r\n4,w\r5,v\n6,u\r';
    for (const chunk of [1, 2, 3, 7, 1 << 16]) {
      const r = await fromBytes(bytes(text), { chunkChars: 3 }, chunk);
      expect(r.table.rowCount, `chunk ${chunk}`).toBe(6);
      expect(cells(r, 'b')).toEqual(['x', 'y', 'z', 'w', 'v', 'u']);
      expect(col(r, 'a').max).toBe(6);
    }
  });

  it('a line break inside a quoted value stays in the value (CR, CRLF), only the ones between rows split', async () => {
    const text = 'id,note\r1,"two\rlines"\r2,"crlf\r\ninside"\n3,plain\r';
    const r = await fromBytes(bytes(text), {}, 2);
    expect(cells(r, 'note')).toEqual(['two\rlines', 'crlf\r\ninside', 'plain']);
  });
});

describe('space-aligned logs', () => {
  it('runs of spaces, indented lines and CRLF: columns, not one text column; row 1 is data', async () => {
    const text = [
      ' 00004 0001 19970101  2   29.33',
      ' 00004 0001 19970118  2   29.73',
      ' 00021 0002 19970101  3   63.34',
    ];
    const r = await fromText(text.join('\r\n') + '\r\n');
    expect(r.format.delimiter).toBe(' ');
    expect(r.format.hasHeader).toBe(false);
    expect(r.table.columns.map((c) => c.type)).toEqual(['categorical', 'categorical', 'date', 'integer', 'decimal']);
    expect(cells(r, 'column_1')).toEqual(['00004', '00004', '00021']);
  });

  it('with a header line and tabs mixed into the runs', async () => {
    const r = await fromText('user   item\trating\n  7   101   4\n 12  9  5\n7 33\t\t3\n');
    expect(r.table.columns.map((c) => c.name)).toEqual(['user', 'item', 'rating']);
    expect(r.table.rowCount).toBe(3);
  });

  it('text whose values hold single spaces stays as the delimiter says (or one column), never split on spaces', async () => {
    expect(looksSpaceAligned('name\nAnn Lee\nBob Stone\n')).toBe(false); // header has 1 field, rows 2
    expect(looksSpaceAligned('Ann Lee\nBob Stone\nCy Twain\n')).toBe(false); // no numbers: words, not a log
    expect(looksSpaceAligned('comment\nnice shop 5 stars\nslow 2\nok\n')).toBe(false); // counts vary
    const csv = await fromText('city,visits\nNew York,3\nSan Jose,4\nRome,5\n');
    expect(csv.format.delimiter).toBe(',');
    expect(cells(csv, 'city')).toEqual(['New York', 'San Jose', 'Rome']);
    const one = await fromText('review\ngreat value for 10 dollars\nbad\nok then 2\n');
    expect(one.table.columns).toHaveLength(1);
  });

  const RAW = dataset('cdnow-lifetimes/CDNOW_sample.txt');
  it.skipIf(!existsSync(RAW))(
    'CDNOW_sample.txt: customer id, yyyymmdd date, count and amount → transactions',
    async () => {
      const r = await loadCsvFile(RAW);
      expect(r.table.rowCount).toBe(6919);
      expect(r.table.columns.map((c) => [c.type, r.roles[c.name]])).toEqual([
        ['id', 'customer_id'],
        ['id', 'ignore'], // the original id, one-to-one with the first
        ['date', 'timestamp'],
        ['integer', 'quantity'],
        ['decimal', 'amount'],
      ]);
      expect(cellText(getColumn(r.table, 'column_3'), 0)).toBe('1997-01-01T00:00:00.000Z');
      const s = fileShape(r.table, r.roles);
      expect(s.shape).toBe('transactions');
      expect([s.suggested?.job, ...s.alternatives.map((a) => a.job)]).toEqual(['segment', 'clv']);
    },
  );
});

describe('any file extension: the content decides', () => {
  const dir = mkdtempSync(join(tmpdir(), 'locallift-ext-'));
  const table =
    'age,income,bought\n' + Array.from({ length: 30 }, (_, i) => `${20 + i},${1000 * i},${i % 2}`).join('\n');
  for (const name of ['adult.data', 'export.dat', 'server.log', 'table'])
    it(`${name} is read as a table`, async () => {
      writeFileSync(join(dir, name), table);
      const r = await loadCsvFile(join(dir, name));
      expect(r.table.rowCount).toBe(30);
      expect(r.roles.bought).toBe('target');
    });

  it('binary content is refused whatever the name, with the reader’s message', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    writeFileSync(join(dir, 'photo.data'), png);
    const e = await jobError(loadCsvFile(join(dir, 'photo.data')));
    expect(e.code).toBe('binary-file');
    expect(e.message).toMatch(/not a text CSV/);
  });
});

describe('invalid dates', () => {
  const rows = (values: string[]) => values.map((v, i) => `${i + 1},${v},${10 + i}`).join('\n');

  it('a date-named column of impossible dates: kept as text, reported as invalid dates with rows, not as missing', async () => {
    const bad = ['2023-13-45', '31/02/2020', 'not a date', '2021-02-30', '2020-00-10', '45/45/2019'];
    const r = await fromText('id,signup_date,visits\n' + rows(bad));
    expect(col(r, 'signup_date').type).toBe('categorical');
    expect(col(r, 'signup_date').missing).toBe(0);
    expect(cells(r, 'signup_date')).toEqual(bad); // nothing dropped
    const f = finding(r, 'invalid-dates', 'signup_date')!;
    expect(f.count).toBe(6);
    expect(f.rows).toEqual([1, 2, 3, 4, 5]);
    expect(f.message).toContain('`2023-13-45`');
    expect(finding(r, 'missing', 'signup_date')).toBeUndefined();
    expect(finding(r, 'all-missing', 'signup_date')).toBeUndefined();
  });

  it('mostly invalid under a neutral name (all written as dates): still found; a few in a date column: named too', async () => {
    const mostly = ['2023-13-01', '2023-14-02', '2023-02-31', '2023-01-15', '2023-15-09'];
    const m = await fromText('id,col,visits\n' + rows(mostly));
    expect(col(m, 'col').type).toBe('categorical');
    expect(finding(m, 'invalid-dates', 'col')!.rows).toEqual([1, 2, 3, 5]);
    const few = Array.from({ length: 40 }, (_, i) => `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`);
    few[7] = '2024-02-30';
    const d = await fromText('id,order_date,visits\n' + rows(few));
    expect(col(d, 'order_date').type).toBe('date');
    const f = finding(d, 'invalid-dates', 'order_date')!;
    expect([f.count, f.rows]).toEqual([1, [8]]);
    expect(f.message).toContain('`2024-02-30`');
    expect(finding(d, 'mixed-types', 'order_date')).toBeUndefined();
  });

  it('a time-named column of words (weekday names) is not flagged', async () => {
    const r = await fromText(
      'id,time_of_day\n' + Array.from({ length: 20 }, (_, i) => `${i},${['am', 'pm'][i % 2]}`).join('\n'),
    );
    expect(finding(r, 'invalid-dates')).toBeUndefined();
  });
});
