// Roles, types and quality figures on the shared reference datasets (read from ../shared/datasets at test time).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { cellText, getColumn } from '../../../src/core/data/table.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import { DATASETS, col, finding } from './helpers.ts';

const load = (rel: string): Promise<IngestResult> => loadCsvFile(join(DATASETS, rel), { pii: { key: 'test' } });
const roleAndType = (r: IngestResult) => Object.fromEntries(r.columns.map((c) => [c.name, `${c.role}/${c.type}`]));

describe('shared datasets: key column roles and types', () => {
  it('online-retail (Dec 2010): CustomerID, StockCode, InvoiceDate, Quantity, UnitPrice, InvoiceNo', async () => {
    const r = await load('online-retail/online-retail-2010-12.csv');
    expect(r.table.rowCount).toBe(42481);
    expect(roleAndType(r)).toMatchObject({
      CustomerID: 'customer_id/id',
      StockCode: 'item_id/id',
      InvoiceDate: 'timestamp/date',
      Quantity: 'quantity/integer',
      UnitPrice: 'price/decimal',
      Description: 'text/text',
      Country: 'categorical/categorical',
    });
    expect(col(r, 'InvoiceNo').type).toBe('id');
    const cust = getColumn(r.table, 'CustomerID');
    expect(cellText(cust, 0)).toBe('17850'); // `17850.0` normalised
    expect(col(r, 'CustomerID').missing).toBe(15631);
    expect(col(r, 'CustomerID').distinct).toBe(948);
    expect(col(r, 'InvoiceNo').distinct).toBe(2025);
    expect(cellText(getColumn(r.table, 'InvoiceDate'), 0)).toBe('2010-12-01T08:26:00.000Z');
    expect(finding(r, 'negative', 'Quantity')!.count).toBe(798);
    for (const c of r.columns) expect(c.roleConfidence).toBeGreaterThanOrEqual(0.5);
  });

  it('movielens ratings: userId, movieId, rating, timestamp (unix seconds)', async () => {
    const r = await load('movielens-latest-small/ratings.csv');
    expect(r.table.rowCount).toBe(100836);
    expect(roleAndType(r)).toEqual({
      userId: 'customer_id/id',
      movieId: 'item_id/id',
      rating: 'rating/decimal',
      timestamp: 'timestamp/date',
    });
    expect(col(r, 'userId').distinct).toBe(610);
    expect(col(r, 'movieId').distinct).toBe(9724);
    expect(col(r, 'rating').min).toBe(0.5);
    expect(col(r, 'rating').max).toBe(5);
    expect(new Date(col(r, 'timestamp').min!).toISOString().slice(0, 10)).toBe('1996-03-29');
    expect(r.quality.filter((q) => q.severity !== 'info')).toEqual([]);
  });

  it('telco churn: Churn target, customerID id, TotalCharges numeric with 11 blanks missing', async () => {
    const r = await load('telco-customer-churn/Telco-Customer-Churn.csv');
    expect(roleAndType(r)).toMatchObject({
      Churn: 'target/boolean',
      customerID: 'customer_id/id',
      TotalCharges: 'amount/decimal',
      tenure: 'numeric/integer',
    });
    expect(col(r, 'TotalCharges').missing).toBe(11);
    expect(col(r, 'Churn').mean).toBeCloseTo(1869 / 7043, 6);
    expect(cellText(getColumn(r.table, 'Churn'), 0)).toBe('No');
    expect(col(r, 'PaymentMethod').type).toBe('categorical');
  });

  it('Advertising: TV/Radio/Newspaper spend, Sales the outcome (amount), unnamed index ignored', async () => {
    const r = await load('advertising-islr/Advertising.csv');
    expect(r.table.rowCount).toBe(200);
    expect(roleAndType(r)).toMatchObject({
      TV: 'spend/decimal',
      Radio: 'spend/decimal',
      Newspaper: 'spend/decimal',
      Sales: 'amount/decimal',
    });
    expect(col(r, 'column_1').role).toBe('ignore');
  });

  it('facebook KAG: impressions, clicks, spend, conversions, categorical age/gender/interest, ids', async () => {
    const r = await load('facebook-ad-campaign-kag/KAG_conversion_data.csv');
    expect(roleAndType(r)).toMatchObject({
      Impressions: 'impressions/integer',
      Clicks: 'clicks/integer',
      Spent: 'spend/decimal',
      Total_Conversion: 'conversions/integer',
      Approved_Conversion: 'conversions/integer',
      age: 'categorical/categorical',
      gender: 'categorical/categorical',
      interest: 'categorical/categorical',
    });
    for (const id of ['ad_id', 'xyz_campaign_id', 'fb_campaign_id']) expect(col(r, id).type).toBe('id');
    expect(col(r, 'interest').distinct).toBe(40);
    const sum = (name: string) => {
      const c = getColumn(r.table, name);
      return c.kind === 'numeric' ? c.values.reduce((a, b) => a + b, 0) : NaN;
    };
    expect(sum('Impressions')).toBe(213434828);
    expect(sum('Clicks')).toBe(38165);
    expect(sum('Spent')).toBeCloseTo(58705.23, 1);
  });

  it('online-retail full file (one ingest): 541,909 rows, missing CustomerID, duplicates, negatives', async () => {
    const r = await load('online-retail/online-retail.csv');
    expect(r.table.rowCount).toBe(541909);
    expect(finding(r, 'missing', 'CustomerID')!.message).toMatch(/^`CustomerID`: 135,080 missing \(24\.9 %\)/);
    // Duplicate = a line whose 8 raw fields equal an earlier line's: matches SOURCES.md's 5,268 exact duplicate lines.
    expect(finding(r, 'duplicates')!.count).toBe(5268);
    expect(finding(r, 'negative', 'Quantity')!.count).toBe(10624);
    expect(finding(r, 'negative', 'UnitPrice')!.message).toBe(
      '`UnitPrice`: 2 negative values, rows 299,984 and 299,985.',
    );
    expect(col(r, 'InvoiceNo').distinct).toBe(25900);
    expect(col(r, 'CustomerID').distinct).toBe(4372);
    expect(col(r, 'StockCode').distinct).toBe(4070);
    expect(col(r, 'Country').distinct).toBe(38);
    // 1,454 empty descriptions plus 51 written as `?` / `missing`.
    expect(col(r, 'Description').missing).toBe(1505);
    expect(finding(r, 'missing', 'Description')!.message).toContain('`?` ×47');
  });
});
