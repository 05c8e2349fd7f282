// Feature pipeline (impute, pool, one-hot, drop, untick, re-apply) and RFM from transactions (cancellations, returns,
// fusion).
import { sayEn } from '../../../src/cli/say.ts';
import { describe, expect, it } from 'vitest';
import { tableFromRecords, type RoleMap } from '../../../src/core/data/table.ts';
import { applyPipeline, fitPipeline, setEnabled } from '../../../src/core/features/design.ts';
import { computeRfm, fuseCustomers } from '../../../src/core/features/rfm.ts';
import { JobError } from '../../../src/core/jobs.ts';

describe('feature pipeline', () => {
  const records = Array.from({ length: 200 }, (_, i) => ({
    spend: i === 3 ? null : i * 10,
    spend_copy: i === 3 ? null : i * 10 + 5,
    constant: 7,
    plan: i < 100 ? 'basic' : i < 190 ? 'plus' : i < 198 ? 'rare1' : 'rare2',
    city: i % 10 === 0 ? null : i % 2 ? 'Leeds' : 'York',
  }));
  const table = tableFromRecords(records, {
    spend: 'decimal',
    spend_copy: 'decimal',
    constant: 'integer',
    plan: 'categorical',
    city: 'categorical',
  });

  it('imputes with the median (recorded), standardises, pools rare levels and drops constant and duplicate features', () => {
    const p = fitPipeline(table, ['spend', 'spend_copy', 'constant', 'plan', 'city'], { log: 'none' });
    const spend = p.steps.find((s) => s.column === 'spend')!;
    expect(spend).toMatchObject({ kind: 'numeric', imputed: 1 });
    expect(spend.kind === 'numeric' && spend.impute).toBe(1000); // median of 0,10,…,1990 without 30
    expect(p.notes.some((n) => sayEn(n).includes('`spend`: 1 missing values imputed'))).toBe(true);
    const plan = p.steps.find((s) => s.column === 'plan')!;
    expect(plan.kind === 'onehot' && plan.levels).toEqual(['basic', 'plus']);
    expect(plan.kind === 'onehot' && plan.pooled.sort()).toEqual(['rare1', 'rare2']);
    expect(p.dropped.map((d) => d.name)).toEqual(expect.arrayContaining(['constant', 'spend_copy']));
    expect(p.dropped.find((d) => d.name === 'constant')!.reason).toBe('constant');
    const m = applyPipeline(p, table);
    expect(m.names).toEqual([
      'spend',
      'plan=basic',
      'plan=plus',
      'plan=(other)',
      'city=Leeds',
      'city=York',
      'city=(missing)',
    ]);
    // Standardised: mean 0, population std 1.
    let s = 0,
      ss = 0;
    for (let r = 0; r < m.rows; r++) {
      const v = m.data[r * m.cols]!;
      s += v;
      ss += v * v;
    }
    expect(s / m.rows).toBeCloseTo(0, 5);
    expect(ss / m.rows).toBeCloseTo(1, 4);
    // Every categorical row has exactly one indicator on per column.
    for (let r = 0; r < m.rows; r++)
      expect(m.data[r * m.cols + 1]! + m.data[r * m.cols + 2]! + m.data[r * m.cols + 3]!).toBe(1);
  });

  it('is plain data: a JSON round trip re-applies identically, and unseen levels go to (other)', () => {
    const p = fitPipeline(table, ['spend', 'plan'], { log: 'auto' });
    const again = JSON.parse(JSON.stringify(p));
    expect(Array.from(applyPipeline(again, table).data)).toEqual(Array.from(applyPipeline(p, table).data));
    const fresh = tableFromRecords([{ spend: 55, plan: 'enterprise' }], { spend: 'decimal', plan: 'categorical' });
    const m = applyPipeline(p, fresh);
    expect(m.data[m.names.indexOf('plan=(other)')]).toBe(1);
  });

  it('lets the user untick features and errors when none are left', () => {
    const p = setEnabled(fitPipeline(table, ['spend', 'plan'], { log: 'none' }), ['plan']);
    expect(applyPipeline(p, table).names).toEqual(['spend']);
    expect(() => fitPipeline(table, ['constant'])).toThrow(JobError);
  });
});

describe('RFM from transactions', () => {
  const day = (d: number, h = 10) => `2024-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;
  const rows = [
    { inv: '1', cust: '17850.0', t: day(1), q: 2, p: 5 },
    { inv: '1', cust: '17850.0', t: day(1), q: 1, p: 10 },
    { inv: '2', cust: '17850.0', t: day(5), q: 1, p: 20 },
    { inv: 'C3', cust: '17850.0', t: day(6), q: -1, p: 20 },
    { inv: '4', cust: '200', t: day(10), q: 3, p: 2 },
    { inv: '5', cust: '200', t: day(10, 15), q: -2, p: 2 }, // a return without a C invoice
    { inv: '6', cust: '', t: day(9), q: 1, p: 1 },
    { inv: '7', cust: '300', t: day(2), q: 4, p: 2.5 },
    { inv: '8', cust: '300', t: day(2, 16), q: 1, p: 2.5 },
  ];
  const table = tableFromRecords(
    rows.map((r) => ({ InvoiceNo: r.inv, CustomerID: r.cust, InvoiceDate: r.t, Quantity: r.q, UnitPrice: r.p })),
    { InvoiceNo: 'id', CustomerID: 'id', InvoiceDate: 'date', Quantity: 'integer', UnitPrice: 'decimal' },
  );
  const roles: RoleMap = {
    CustomerID: 'customer_id',
    InvoiceDate: 'timestamp',
    Quantity: 'quantity',
    UnitPrice: 'price',
    InvoiceNo: 'ignore',
  };
  const value = (res: Awaited<ReturnType<typeof computeRfm>>, id: string, col: string) => {
    const c = res.table.columns.find((x) => x.name === col)!;
    return c.kind === 'numeric' ? c.values[res.customers.indexOf(id)] : NaN;
  };

  it('drops cancellations, returns and rows without a customer, and reports the counts', async () => {
    const res = await computeRfm(table, roles);
    expect(res.invoiceColumn).toBe('InvoiceNo');
    expect(res.counts).toMatchObject({
      rows: 9,
      used: 6,
      cancellations: 1,
      cancelledInvoices: 1,
      negative: 1,
      missingCustomer: 1,
      customers: 3,
    });
    expect(res.customers.sort()).toEqual(['17850', '200', '300']);
    // Snapshot = last kept timestamp (10 Mar 10:00; the 15:00 return is dropped) + 1 day.
    expect(res.snapshot).toBe(Date.parse(day(11, 10)));
    expect(value(res, '17850', 'recency_days')).toBe(6); // 5 Mar 10:00 → 11 Mar 10:00
    expect(value(res, '17850', 'frequency')).toBe(2);
    expect(value(res, '17850', 'monetary')).toBe(40);
    expect(value(res, '17850', 'tenure_days')).toBe(10);
    expect(value(res, '17850', 'interpurchase_days')).toBeCloseTo(4, 9);
    expect(value(res, '17850', 'avg_order_value')).toBe(20);
    expect(value(res, '300', 'frequency')).toBe(2); // two invoices on one day
    expect(Number.isNaN(value(res, '200', 'interpurchase_days'))).toBe(true);
  });

  it('counts distinct purchase days when there is no invoice column', async () => {
    const res = await computeRfm(table, roles, { invoiceColumn: null });
    expect(res.frequencyBasis).toBe('days');
    expect(value(res, '300', 'frequency')).toBe(1);
    // without invoices a C invoice cannot be recognised: its negative quantity is a return
    expect(res.counts.cancellations).toBe(0);
    expect(res.counts.negative).toBe(2);
  });

  it('fuses a customer table on the id and names missing roles in errors', async () => {
    const res = await computeRfm(table, roles);
    const extra = tableFromRecords(
      [
        { id: '17850', segment: 'B2B' },
        { id: '300', segment: 'B2C' },
      ],
      { id: 'id', segment: 'categorical' },
    );
    const fused = fuseCustomers(res.table, 'customer_id', extra, 'id');
    expect(fused.matched).toBe(2);
    const seg = fused.table.columns.find((c) => c.name === 'segment')!;
    expect(seg.kind === 'categorical' && seg.codes[res.customers.indexOf('200')]).toBe(-1);
    await expect(computeRfm(table, { CustomerID: 'customer_id', InvoiceDate: 'timestamp' })).rejects.toThrow(
      /amount\/revenue|quantity/,
    );
  });
});
