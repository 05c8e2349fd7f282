// Transactions → one row per customer: recency, frequency, monetary, tenure, average order value, inter-purchase time.
import { JobError, type JobContext } from '../jobs.ts';
import {
  columnByRole,
  type CategoricalColumn,
  type Column,
  type NumericColumn,
  type RoleMap,
  type Table,
} from '../data/table.ts';
import { idKeys } from './customer-fusion.ts';

export { fuseCustomers, idKeys } from './customer-fusion.ts';

export const RFM_FEATURES = ['recency_days', 'frequency', 'monetary'] as const;
export const RFM_EXTRA_FEATURES = ['tenure_days', 'avg_order_value', 'interpurchase_days'] as const;

export interface RfmOptions {
  /** Order/invoice column; inferred from names like `InvoiceNo`, `order_id` when absent. */
  invoiceColumn?: string | null;
  /** Reference time (epoch ms); default = last timestamp + 1 day. */
  snapshot?: number;
}

export interface RfmCounts {
  rows: number;
  used: number;
  missingCustomer: number;
  missingTimestamp: number;
  missingValue: number;
  /** Lines of cancellation invoices (invoice starting with `C`), dropped. */
  cancellations: number;
  cancelledInvoices: number;
  /** Other lines with a negative quantity or amount (returns, adjustments), dropped. */
  negative: number;
  customers: number;
}

export interface RfmResult {
  /** `customer_id` + the RFM features, one row per customer. */
  table: Table;
  roles: RoleMap;
  customers: string[];
  counts: RfmCounts;
  snapshot: number;
  invoiceColumn: string | null;
  frequencyBasis: 'orders' | 'days';
}

const DAY = 86_400_000;

export function inferInvoiceColumn(table: Table): string | null {
  const re =
    /^(invoice|invoice[\s_-]?(no|number|id)|order|order[\s_-]?(no|number|id)|transaction[\s_-]?id|basket[\s_-]?id)$/i;
  return table.columns.find((c) => re.test(c.name.trim()))?.name ?? null;
}

function numericRole(table: Table, roles: RoleMap, role: 'amount' | 'quantity' | 'price'): NumericColumn | undefined {
  const col = columnByRole(table, roles, role);
  if (col && col.kind !== 'numeric')
    throw new JobError('column-type', `Column \`${col.name}\` is mapped to ${role} but is not numeric.`, {
      column: col.name,
    });
  return col as NumericColumn | undefined;
}

/** The mapped columns RFM reads: customer id, timestamp, amount or quantity × price, and the invoice column if any. */
interface RfmSources {
  custCol: Column;
  ts: Float64Array;
  amount: NumericColumn | undefined;
  qty: NumericColumn | undefined;
  price: NumericColumn | undefined;
  invCol: Column | undefined;
}

function rfmSources(table: Table, roles: RoleMap, options: RfmOptions): RfmSources {
  const custCol = columnByRole(table, roles, 'customer_id');
  const tsCol = columnByRole(table, roles, 'timestamp');
  if (!custCol) throw new JobError('missing-role', 'Map a column to "customer id" to compute RFM features.');
  if (!tsCol || tsCol.kind !== 'numeric')
    throw new JobError('missing-role', 'Map a date column to "timestamp" to compute recency and tenure.');
  const amount = numericRole(table, roles, 'amount');
  const qty = numericRole(table, roles, 'quantity');
  const price = numericRole(table, roles, 'price');
  if (!amount && !(qty && price))
    throw new JobError(
      'missing-role',
      'Map either an "amount/revenue" column, or both "quantity" and "price" columns, to compute monetary value.',
    );
  const invName = options.invoiceColumn === undefined ? inferInvoiceColumn(table) : options.invoiceColumn;
  const invCol = invName ? table.columns.find((c) => c.name === invName) : undefined;
  if (invName && !invCol) throw new JobError('missing-column', `Invoice column \`${invName}\` is not in the table.`);
  return { custCol, ts: tsCol.values, amount, qty, price, invCol };
}

/** Invoice code per row (-1 = missing) and whether it is a cancellation (categorical invoice starting with `C`). */
function invoiceCodes(invCol: Column, n: number): { invCode: Int32Array; cancelled: Uint8Array } {
  const invCode = new Int32Array(n);
  const cancelled = new Uint8Array(n);
  if (invCol.kind === 'categorical') {
    const isC = (invCol as CategoricalColumn).dictionary.map((s) => /^\s*C/.test(s));
    for (let r = 0; r < n; r++) {
      const c = invCol.codes[r]!;
      invCode[r] = c;
      cancelled[r] = c >= 0 && isC[c] ? 1 : 0;
    }
  } else {
    const seen = new Map<number, number>();
    for (let r = 0; r < n; r++) {
      const v = invCol.values[r]!;
      if (Number.isNaN(v)) {
        invCode[r] = -1;
        continue;
      }
      let c = seen.get(v);
      if (c === undefined) {
        c = seen.size;
        seen.set(v, c);
      }
      invCode[r] = c;
    }
  }
  return { invCode, cancelled };
}

/** Per-customer first/last purchase time, money spent and distinct orders, in order of first appearance. */
interface CustomerTotals {
  customers: string[];
  first: number[];
  last: number[];
  money: number[];
  orders: number[];
}

/** One pass over the rows: drops (and counts) unusable lines, sums the rest per customer. */
async function aggregateTransactions(
  src: RfmSources,
  n: number,
  counts: RfmCounts,
  ctx?: JobContext,
): Promise<CustomerTotals> {
  const { ts, amount, qty, price } = src;
  const keys = idKeys(src.custCol);
  const { invCode, cancelled } = src.invCol ? invoiceCodes(src.invCol, n) : { invCode: null, cancelled: null };
  const cancelledInv = new Set<number>();
  const custIndex = new Map<string, number>();
  const totals: CustomerTotals = { customers: [], first: [], last: [], money: [], orders: [] };
  const { customers, first, last, money, orders } = totals;
  const orderSeen = new Set<number>();
  for (let r = 0; r < n; r++) {
    if ((r & 0xffff) === 0 && ctx) {
      ctx.progress(r, n, 'aggregating transactions');
      ctx.checkCancelled();
      await ctx.yield();
    }
    if (cancelled && cancelled[r]) {
      counts.cancellations++;
      cancelledInv.add(invCode![r]!);
      continue;
    }
    const key = keys[r]!;
    if (!key) {
      counts.missingCustomer++;
      continue;
    }
    const t = ts[r]!;
    if (Number.isNaN(t)) {
      counts.missingTimestamp++;
      continue;
    }
    const value = amount ? amount.values[r]! : qty!.values[r]! * price!.values[r]!;
    if (Number.isNaN(value)) {
      counts.missingValue++;
      continue;
    }
    if ((qty && qty.values[r]! < 0) || (amount && value < 0)) {
      counts.negative++;
      continue;
    }
    counts.used++;
    let c = custIndex.get(key);
    if (c === undefined) {
      c = customers.length;
      custIndex.set(key, c);
      customers.push(key);
      first.push(t);
      last.push(t);
      money.push(0);
      orders.push(0);
    }
    if (t < first[c]!) first[c] = t;
    if (t > last[c]!) last[c] = t;
    money[c]! += value;
    const orderKey = invCode && invCode[r]! >= 0 ? invCode[r]! : Math.floor(t / DAY);
    const combined = c * 2 ** 26 + orderKey;
    if (!orderSeen.has(combined)) {
      orderSeen.add(combined);
      orders[c]!++;
    }
  }
  counts.cancelledInvoices = cancelledInv.size;
  return totals;
}

/** `customer_id` + the RFM features, one row per customer, at reference time `snapshot`. */
function rfmTable({ customers, first, last, money, orders }: CustomerTotals, snapshot: number): Table {
  const m = customers.length;
  const col = (name: string, f: (i: number) => number, type: NumericColumn['type'] = 'decimal'): NumericColumn => ({
    kind: 'numeric',
    name,
    type,
    values: Float64Array.from({ length: m }, (_, i) => f(i)),
  });
  const days = (ms: number) => Math.floor(ms / DAY);
  const idCol: CategoricalColumn = {
    kind: 'categorical',
    name: 'customer_id',
    type: 'id',
    codes: Int32Array.from({ length: m }, (_, i) => i),
    dictionary: customers,
  };
  return {
    rowCount: m,
    columns: [
      idCol,
      col('recency_days', (i) => days(snapshot - last[i]!), 'integer'),
      col('frequency', (i) => orders[i]!, 'integer'),
      col('monetary', (i) => money[i]!),
      col('tenure_days', (i) => days(snapshot - first[i]!), 'integer'),
      col('avg_order_value', (i) => money[i]! / orders[i]!),
      col('interpurchase_days', (i) => (orders[i]! > 1 ? (last[i]! - first[i]!) / DAY / (orders[i]! - 1) : NaN)),
    ],
  };
}

export async function computeRfm(
  table: Table,
  roles: RoleMap,
  options: RfmOptions = {},
  ctx?: JobContext,
): Promise<RfmResult> {
  const src = rfmSources(table, roles, options);
  const n = table.rowCount;
  const counts: RfmCounts = {
    rows: n,
    used: 0,
    missingCustomer: 0,
    missingTimestamp: 0,
    missingValue: 0,
    cancellations: 0,
    cancelledInvoices: 0,
    negative: 0,
    customers: 0,
  };
  const totals = await aggregateTransactions(src, n, counts, ctx);
  const { customers, last } = totals;
  counts.customers = customers.length;
  if (!customers.length)
    throw new JobError(
      'no-rows',
      `No usable transaction rows: ${counts.missingCustomer} lack a customer id, ${counts.missingTimestamp} a date, ${counts.missingValue} an amount, ${counts.cancellations} are cancellations.`,
      { counts },
    );
  let maxT = -Infinity;
  for (const t of last) if (t > maxT) maxT = t;
  const snapshot = options.snapshot ?? maxT + DAY;
  const out = rfmTable(totals, snapshot);
  const outRoles: RoleMap = { customer_id: 'customer_id' };
  for (const c of out.columns.slice(1)) outRoles[c.name] = 'numeric';
  ctx?.progress(n, n, 'aggregating transactions');
  const { invCol } = src;
  return {
    table: out,
    roles: outRoles,
    customers,
    counts,
    snapshot,
    invoiceColumn: invCol?.name ?? null,
    frequencyBasis: invCol ? 'orders' : 'days',
  };
}
