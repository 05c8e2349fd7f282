// The page's column plan (from column names, types and roles only) agrees with the columns a CLV run really reads
// (clvInput on the values): the sample shop, the CDNOW summaries and raw log, Online Retail; and says why not.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/ecommerce.ts';
import { generate as generateCustomers } from '../../../scripts/samples/customers.ts';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { clvColumnPlan, clvInput } from '../../../src/core/clv/input.ts';
import { runClv } from '../../../src/core/clv/run.ts';
import { clvOptions } from '../../../src/core/clv/job.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import { JobError, silentContext } from '../../../src/core/jobs.ts';
import { dataset } from '../../datasets.ts';

const ingest = (csv: string) => ingestCsv(textSource(csv), silentContext());

/** The plan's columns against clvInput's `columns` record for the same table and picks. */
function expectSameColumns(d: IngestResult, picks = {}): void {
  const plan = clvColumnPlan(d.columns, d.roles, picks);
  const input = clvInput(d.table, d.roles, picks);
  expect(plan.input).toBe(input.kind);
  expect(plan.reason).toBeNull();
  if (input.kind === 'summary') {
    expect(plan.summary).toEqual({
      frequency: input.columns.frequency,
      recency: input.columns.recency,
      T: input.columns.T,
      monetary: input.columns.monetary ?? '',
    });
    expect(plan.customer).toBe(input.columns.customer ?? '');
  } else if (!plan.log) {
    expect([plan.customer, plan.date, plan.amount]).toEqual([
      input.columns.customer,
      input.columns.date,
      input.columns.amount ?? '',
    ]);
  }
}

describe('CLV column plan from column metadata', () => {
  it('the sample shop: customer_id, timestamp and quantity × price, as the run reads them', async () => {
    const shop = await ingest(generate(20261128).files[0]!.csv);
    const plan = clvColumnPlan(shop.columns, shop.roles);
    expect(plan).toMatchObject({ input: 'transactions', customer: 'customer_id', date: 'timestamp' });
    expect(plan.amount).toBe('quantity × price');
    expectSameColumns(shop);
  });

  it('a table without dates says why and is fixed by picking columns; the run then works', async () => {
    const churn = await ingest(generateCustomers(1).files[0]!.csv);
    const plan = clvColumnPlan(churn.columns, churn.roles);
    expect(plan.input).toBeNull();
    expect(plan.reason).toMatch(/^No purchase date column found: pick it below/);
    expect(() => clvInput(churn.table, churn.roles, {})).toThrow(JobError);

    // A log whose columns carry no roles: nothing found, then the user's picks make it usable.
    const days = ['2024-01-03', '2024-02-10', '2024-03-15', '2024-05-01'];
    const rows = ['buyer,day,paid'];
    for (let c = 0; c < 40; c++)
      for (let k = 0; k <= c % 4; k++) rows.push(`b${c},${days[(k + c) % 4]},${(5 + c + k).toFixed(2)}`);
    const log = await ingest(rows.join('\n'));
    const bare = { ...log.roles, buyer: 'categorical' as const, day: 'numeric' as const };
    const none = clvColumnPlan(
      log.columns.map((c) => (c.name === 'day' ? { ...c, type: 'text' } : c)),
      bare,
    );
    expect(none.reason).toMatch(/^No customer id or purchase date column found: pick them below/);
    const picks = { customer: 'buyer', date: 'day', amount: 'paid' };
    expectSameColumns({ ...log, roles: bare }, picks);
    const res = await runClv(
      log.table,
      bare,
      clvOptions({ kind: 'clv', datasetId: 'x', period: 'week', horizon: 4, ...picks }),
    );
    expect(res.summary.customers).toBe(40);
    expect(res.columns).toEqual({ customer: 'buyer', date: 'day', amount: 'paid' });
  });

  const CDNOW = dataset('cdnow-lifetimes/');
  const RETAIL = dataset('online-retail/online-retail-2010-12.csv');
  const haveCdnow = existsSync(`${CDNOW}CDNOW_sample.txt`);
  const haveRetail = existsSync(RETAIL);
  if (!haveCdnow) console.warn(`CDNOW files not found under ${CDNOW}: its column-plan checks are skipped.`);
  if (!haveRetail) console.warn(`${RETAIL} not found: the Online Retail column-plan check is skipped.`);

  it.skipIf(!haveCdnow)('CDNOW: both summaries (lifetimes and Fader-Hardie names) and the headerless log', async () => {
    const summary = await loadCsvFile(`${CDNOW}cdnow_customers_summary.csv`);
    expect(clvColumnPlan(summary.columns, summary.roles).summary).toEqual({
      frequency: 'frequency',
      recency: 'recency',
      T: 'T',
      monetary: '',
    });
    expectSameColumns(summary);
    const money = await loadCsvFile(`${CDNOW}cdnow_customers_summary_with_transactions.csv`);
    expect(clvColumnPlan(money.columns, money.roles).summary).toEqual({
      frequency: 'x',
      recency: 't_x',
      T: 'T',
      monetary: 'zbar',
    });
    expectSameColumns(money);
    const raw = await loadCsvFile(`${CDNOW}CDNOW_sample.txt`);
    const plan = clvColumnPlan(raw.columns, raw.roles);
    // The reader splits the space-aligned log into columns with roles: no one-column log left for CLV to split.
    expect(plan).toMatchObject({ input: 'transactions', log: false, customer: 'column_1', date: 'column_3' });
    expect(plan).toMatchObject({ amount: 'column_5', reason: null });
    expect(clvInput(raw.table, raw.roles, {}).kind).toBe('transactions');
  });

  it.skipIf(!haveRetail)('Online Retail (Dec 2010): CustomerID, InvoiceDate, Quantity × UnitPrice', async () => {
    const retail = await loadCsvFile(RETAIL);
    const plan = clvColumnPlan(retail.columns, retail.roles);
    expect([plan.customer, plan.date]).toEqual(['CustomerID', 'InvoiceDate']);
    expect(plan.amount).toBe('Quantity × UnitPrice');
    expectSameColumns(retail);
  });
});
