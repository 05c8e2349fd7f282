// The bad-input corpus (tests/fixtures/bad): each file gets its specific error code/message or the correct recovery.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { BAD, col, finding, fixture, fromBytes, fromText, jobError } from './helpers.ts';
import { cellText, getColumn } from '../../../src/core/data/table.ts';

describe('bad-input corpus', () => {
  it('has at least 30 committed fixtures, all small', () => {
    const files = readdirSync(BAD);
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it('empty.csv → empty-file', async () => {
    const e = await jobError(fixture('empty.csv'));
    expect(e.code).toBe('empty-file');
    expect(e.message).toMatch(/empty/);
  });

  it('whitespace-only.csv → empty-file', async () => {
    expect((await jobError(fixture('whitespace-only.csv'))).code).toBe('empty-file');
  });

  it('header-only.csv → header-only, naming the columns', async () => {
    const e = await jobError(fixture('header-only.csv'));
    expect(e.code).toBe('header-only');
    expect(e.message).toContain('`customer_id`, `amount`, `date`');
  });

  it('header-only-no-newline.csv → header-only', async () => {
    expect((await jobError(fixture('header-only-no-newline.csv'))).code).toBe('header-only');
  });

  it('one-column.csv → one integer column', async () => {
    const r = await fixture('one-column.csv');
    expect(r.table.columns.map((c) => c.name)).toEqual(['score']);
    expect(r.table.rowCount).toBe(5);
    expect(col(r, 'score').type).toBe('integer');
  });

  it('ragged-rows.csv → rows kept, short rows padded, extra fields dropped, reported with row numbers', async () => {
    const r = await fixture('ragged-rows.csv');
    expect(r.table.rowCount).toBe(4);
    const f = finding(r, 'ragged-rows')!;
    expect(f.count).toBe(2);
    expect(f.rows).toEqual([2, 3]);
    expect(col(r, 'c').missing).toBe(1);
  });

  it('unterminated-quote.csv → unterminated-quote with the row', async () => {
    const e = await jobError(fixture('unterminated-quote.csv'));
    expect(e.code).toBe('unterminated-quote');
    expect(e.message).toMatch(/row 2\b/);
  });

  it('binary-png.csv → binary-file', async () => {
    const e = await jobError(fixture('binary-png.csv'));
    expect(e.code).toBe('binary-file');
    expect(e.message).toMatch(/not a text CSV/);
  });

  it('xlsx-renamed.csv → binary-file (a spreadsheet saved with a .csv name)', async () => {
    expect((await jobError(fixture('xlsx-renamed.csv'))).code).toBe('binary-file');
  });

  it('control-chars.csv → binary-file', async () => {
    expect((await jobError(fixture('control-chars.csv'))).code).toBe('binary-file');
  });

  it('a 20 MB single line (generated) → row-too-long, without reading it into one giant row', async () => {
    const line = new Uint8Array(20 * 1024 * 1024).fill(0x61); // 'a' × 20 MB, no line break
    const e = await jobError(fromBytes(line, {}, 1 << 20));
    expect(e.code).toBe('row-too-long');
    expect(e.message).toMatch(/longer than 8 MB/);
  });

  it('5,000 columns (generated) → too-many-columns', async () => {
    const header = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 5000 }, (_, i) => String(i)).join(',');
    const e = await jobError(fromText(`${header}\n${row}\n`));
    expect(e.code).toBe('too-many-columns');
    expect(e.message).toContain('5,000 columns');
  });

  it('duplicate-names.csv → duplicates become name_2, empty names column_N', async () => {
    const r = await fixture('duplicate-names.csv');
    expect(r.table.columns.map((c) => c.name)).toEqual(['id', 'name', 'name_2', 'column_4', 'value', 'column_6']);
  });

  it('html-names.csv → markup in names and cells stays literal text', async () => {
    const r = await fixture('html-names.csv');
    expect(r.table.columns.map((c) => c.name)).toEqual([
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'ok',
    ]);
    expect(cellText(getColumn(r.table, '<script>alert(1)</script>'), 0)).toBe('<b>bold</b>');
  });

  it('mixed-encodings.csv → UTF-8 and Windows-1252 lines both decode correctly', async () => {
    const r = await fixture('mixed-encodings.csv');
    expect(r.format.encoding).toBe('mixed (utf-8 + windows-1252)');
    const city = getColumn(r.table, 'city');
    expect([0, 1, 2, 3].map((i) => cellText(city, i))).toEqual(['Montréal', 'Orléans', 'Zürich', 'Café £']);
    expect(finding(r, 'encoding')).toBeDefined();
  });

  it('windows-1252.csv → decoded as Windows-1252 (€, curly quotes)', async () => {
    const r = await fixture('windows-1252.csv');
    expect(r.format.encoding).toBe('windows-1252');
    expect(col(r, 'product').top!.map((t) => t.value)).toContain('Naïve “quote”');
    expect(col(r, 'price').type).toBe('integer');
    expect(col(r, 'price').max).toBe(4);
  });

  it('only-missing.csv → every column all-missing, role ignore', async () => {
    const r = await fixture('only-missing.csv');
    expect(r.table.rowCount).toBe(3);
    for (const c of r.columns) {
      expect(c.missing).toBe(3);
      expect(c.role).toBe('ignore');
      expect(finding(r, 'all-missing', c.name)).toBeDefined();
    }
  });

  it('thousands-mixed-text.csv → decimal with thousands separators; the stray word reported with row and value', async () => {
    const r = await fixture('thousands-mixed-text.csv');
    const c = col(r, 'revenue');
    expect(c.type).toBe('decimal');
    expect(c.min).toBe(1000);
    expect(c.max).toBe(2462.5);
    const f = finding(r, 'mixed-types', 'revenue')!;
    expect(f.count).toBe(1);
    expect(f.rows).toEqual([12]);
    expect(f.message).toContain('`pending`');
    expect(finding(r, 'missing', 'revenue')!.message).toContain('`n/a`');
  });

  it('semicolon-decimal-comma.csv → `;`, €12,50 = 12.5, 1.234,56 = 1234.56', async () => {
    const r = await fixture('semicolon-decimal-comma.csv');
    expect(r.format.delimiter).toBe(';');
    expect(r.format.decimalComma).toBe(true);
    const preis = getColumn(r.table, 'Preis');
    expect(preis.kind === 'numeric' && Array.from(preis.values)).toEqual([12.5, 3.2, 7.05]);
    const umsatz = getColumn(r.table, 'Umsatz');
    expect(umsatz.kind === 'numeric' && Array.from(umsatz.values)).toEqual([1234.56, 2000, 999.99]);
    expect(col(r, 'Preis').role).toBe('price');
    expect(col(r, 'Menge').role).toBe('quantity');
  });

  it('tab-separated.tsv → tab delimiter', async () => {
    const r = await fixture('tab-separated.tsv');
    expect(r.format.delimiter).toBe('\t');
    expect(col(r, 'rating').role).toBe('rating');
  });

  it('pipe-separated.csv → pipe delimiter', async () => {
    const r = await fixture('pipe-separated.csv');
    expect(r.format.delimiter).toBe('|');
    expect(col(r, 'price').max).toBe(10);
  });

  it('no-header.csv → column_1…, first row kept as data', async () => {
    const r = await fixture('no-header.csv');
    expect(r.format.hasHeader).toBe(false);
    expect(r.table.rowCount).toBe(3);
    expect(r.table.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(col(r, 'column_3').type).toBe('date');
  });

  it('crlf-quoted-newlines.csv → quoted newlines, commas and doubled quotes preserved', async () => {
    const r = await fixture('crlf-quoted-newlines.csv');
    const note = getColumn(r.table, 'note');
    expect(cellText(note, 0)).toBe('line one\r\nline two, with comma');
    expect(cellText(note, 1)).toBe('say "hi"');
    expect(col(r, 'amount').max).toBe(30);
  });

  it('bom-utf8.csv → BOM stripped from the first name', async () => {
    const r = await fixture('bom-utf8.csv');
    expect(r.table.columns[0]!.name).toBe('CustomerID');
    expect(r.format.encoding).toBe('utf-8 (BOM)');
    expect(col(r, 'CustomerID').role).toBe('customer_id');
  });

  it('utf16le-bom.csv → decoded as UTF-16', async () => {
    const r = await fixture('utf16le-bom.csv');
    expect(r.format.encoding).toBe('utf-16le');
    expect(col(r, 'name').top!.map((t) => t.value)).toEqual(['Zoë', 'André']);
  });

  it('chinese-names.csv → roles from Chinese column names', async () => {
    const r = await fixture('chinese-names.csv');
    expect(r.roles).toMatchObject({
      用户ID: 'customer_id',
      商品: 'item_id',
      价格: 'price',
      数量: 'quantity',
      时间: 'timestamp',
    });
  });

  it('dates-us.csv → M/D/YYYY H:MM', async () => {
    const r = await fixture('dates-us.csv');
    const d = getColumn(r.table, 'InvoiceDate');
    expect(cellText(d, 0)).toBe('2010-12-01T08:26:00.000Z');
    expect(cellText(d, 1)).toBe('2010-12-13T17:05:00.000Z');
  });

  it('dates-eu.csv → D/M/YYYY when a first part exceeds 12', async () => {
    const r = await fixture('dates-eu.csv');
    expect(cellText(getColumn(r.table, 'order_date'), 1)).toBe('2020-03-02T00:00:00.000Z');
  });

  it('unix-ms.csv → epoch milliseconds become a date', async () => {
    const r = await fixture('unix-ms.csv');
    expect(col(r, 'event_time').type).toBe('date');
    expect(cellText(getColumn(r.table, 'event_time'), 0)).toBe('2020-09-13T12:26:40.000Z');
  });

  it('booleans.csv → yes/no, true/false and 1/0 are booleans; labels kept for display', async () => {
    const r = await fixture('booleans.csv');
    for (const name of ['subscribed', 'active', 'flag']) expect(col(r, name).type).toBe('boolean');
    expect(cellText(getColumn(r.table, 'subscribed'), 1)).toBe('no');
    expect(col(r, 'subscribed').role).toBe('target');
  });

  it('currency-percent.csv → $1,200, 12 %, (50.00)', async () => {
    const r = await fixture('currency-percent.csv');
    const v = (name: string) => {
      const c = getColumn(r.table, name);
      return c.kind === 'numeric' ? Array.from(c.values) : [];
    };
    expect(v('cost')).toEqual([1200, 35, 2000.5]);
    expect(v('ctr').map((x) => +x.toFixed(4))).toEqual([0.12, 0.035, 0.005]);
    expect(v('balance')).toEqual([-50, 20, -1.25]);
  });

  it('pii.csv → e-mail, phone and name columns are flagged and hashed; amount untouched', async () => {
    const r = await fixture('pii.csv');
    expect(col(r, 'email').pii).toBe('email');
    expect(col(r, 'phone').pii).toBe('phone');
    expect(col(r, 'full_name').pii).toBe('name');
    for (const name of ['email', 'phone', 'full_name']) {
      const c = getColumn(r.table, name);
      expect(c.kind === 'categorical' && c.dictionary.every((v) => /^h_[0-9a-f]{32}$/.test(v))).toBe(true);
      expect(col(r, name).pseudonymised).toBe(true);
    }
    // ann@ and ANN@ are the same person: one hash, so joins still work.
    const email = getColumn(r.table, 'email');
    expect(cellText(email, 0)).toBe(cellText(email, 2));
    expect(JSON.stringify(r)).not.toContain('ann@example.com');
  });

  it('invoice-mixed-ids.csv → numeric invoice numbers then C536379: one string id column', async () => {
    const r = await fixture('invoice-mixed-ids.csv');
    expect(col(r, 'InvoiceNo').type).toBe('id');
    expect(cellText(getColumn(r.table, 'InvoiceNo'), 30)).toBe('C536379');
    expect(cellText(getColumn(r.table, 'InvoiceNo'), 0)).toBe('536365');
  });

  it('blank-lines.csv → blank lines skipped and counted', async () => {
    const r = await fixture('blank-lines.csv');
    expect(r.table.rowCount).toBe(3);
    expect(finding(r, 'blank-lines')!.count).toBe(3);
  });

  it('trailing-delimiter.csv → the empty trailing column is named and all-missing', async () => {
    const r = await fixture('trailing-delimiter.csv');
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'b', 'column_3']);
    expect(finding(r, 'all-missing', 'column_3')).toBeDefined();
  });

  it('old-mac-cr.csv → CR-only line endings', async () => {
    const r = await fixture('old-mac-cr.csv');
    expect(r.table.rowCount).toBe(3);
    expect(col(r, 'b').top!.map((t) => t.value)).toEqual(['x', 'y', 'z']);
  });

  it('mixed-line-endings.csv → LF and CRLF lines in one file', async () => {
    const r = await fixture('mixed-line-endings.csv');
    expect(r.table.rowCount).toBe(3);
    expect(col(r, 'b').max).toBe(6);
    expect(finding(r, 'whitespace')).toBeUndefined();
  });

  it('duplicate-rows.csv → 2 duplicate rows, first at row 3', async () => {
    const r = await fixture('duplicate-rows.csv');
    const f = finding(r, 'duplicates')!;
    expect(f.count).toBe(2);
    expect(f.rows).toEqual([3, 5]);
  });

  it('negative-prices.csv → negatives counted and located', async () => {
    const r = await fixture('negative-prices.csv');
    expect(finding(r, 'negative', 'price')!.message).toBe('`price`: 2 negative values, rows 2 and 4.');
    expect(finding(r, 'negative', 'quantity')!.rows).toEqual([3]);
  });

  it('constant-column.csv → constant flagged', async () => {
    const r = await fixture('constant-column.csv');
    expect(finding(r, 'constant', 'country')!.message).toContain('`UK`');
  });

  it('excel-sep-hint.csv → `sep=;` line sets the delimiter and is skipped; named-month dates; decimal comma', async () => {
    const r = await fixture('excel-sep-hint.csv');
    expect(r.format.delimiter).toBe(';');
    expect(r.table.columns.map((c) => c.name)).toEqual(['Datum', 'Kanal', 'Kosten']);
    expect(cellText(getColumn(r.table, 'Datum'), 0)).toBe('2023-12-01T00:00:00.000Z');
    const k = getColumn(r.table, 'Kosten');
    expect(k.kind === 'numeric' && Array.from(k.values)).toEqual([1234.5, 99.9]);
  });

  it('prototype-names.csv → `__proto__`, `constructor`, `toString` are ordinary column names', async () => {
    const r = await fixture('prototype-names.csv');
    expect(r.table.columns.map((c) => c.name)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(Object.keys(r.roles)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(r.roles['constructor']).toBe('categorical');
    expect(col(r, 'toString').type).toBe('categorical');
    expect(col(r, 'hasOwnProperty').type).toBe('decimal');
    const clone = structuredClone(r.roles);
    expect(Object.keys(clone)).toContain('__proto__');
  });

  it('quoted-header-index.csv → unnamed quoted index becomes column_1 with role ignore', async () => {
    const r = await fixture('quoted-header-index.csv');
    expect(col(r, 'column_1').role).toBe('ignore');
    expect(col(r, 'TV').role).toBe('spend');
  });
});
