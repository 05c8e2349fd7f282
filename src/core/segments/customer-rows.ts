// Segmentation input → one row per customer: RFM from transactions (fused with a customer table) or the table as is.
import type { JobContext } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';
import { columnByRole, type RoleMap, type Table } from '../data/table.ts';
import { defaultFeatureColumns } from '../features/design.ts';
import { computeRfm, fuseCustomers, idKeys, RFM_FEATURES } from '../features/rfm.ts';
import type { SegmentOptions, SegmentResult } from './types.ts';

export function isTransactions(table: Table, roles: RoleMap): boolean {
  const has = (r: string) =>
    Object.entries(roles).some(([name, role]) => role === r && table.columns.some((c) => c.name === name));
  return has('customer_id') && has('timestamp') && (has('amount') || (has('quantity') && has('price')));
}

/** One row per customer, its id, and the source columns to use as features. */
export interface CustomerRows {
  mode: SegmentResult['mode'];
  table: Table;
  customers: string[];
  featureColumns: string[];
  rfm: SegmentResult['rfm'];
  fusion: SegmentResult['fusion'];
}

/** Transactions → RFM rows (fused with the customer table when given); a customer table is used as it is. */
export async function prepareCustomers(
  input: Table,
  roles: RoleMap,
  options: SegmentOptions,
  ctx: JobContext,
  notes: (Msg | string)[],
): Promise<CustomerRows> {
  const mode = isTransactions(input, roles) ? 'transactions' : 'customers';
  ctx.progress(0, 100, 'preparing features');
  let rows: CustomerRows;
  if (mode === 'transactions') rows = await rfmRows(input, roles, options, ctx, notes);
  else {
    const idCol = columnByRole(input, roles, 'customer_id');
    const customers = idCol ? idKeys(idCol) : Array.from({ length: input.rowCount }, (_, i) => String(i + 1));
    if (!idCol) notes.push(msg('seg_note_by_row', { rows: input.rowCount }));
    rows = {
      mode,
      table: input,
      customers,
      featureColumns: defaultFeatureColumns(input, roles),
      rfm: null,
      fusion: null,
    };
  }
  if (options.features?.length) rows.featureColumns = options.features;
  return rows;
}

async function rfmRows(
  input: Table,
  roles: RoleMap,
  options: SegmentOptions,
  ctx: JobContext,
  notes: (Msg | string)[],
): Promise<CustomerRows> {
  const r = await computeRfm(
    input,
    roles,
    { invoiceColumn: options.invoiceColumn },
    { ...ctx, progress: (dn, t, ph) => ctx.progress((5 * dn) / t, 100, ph) },
  );
  const rows: CustomerRows = {
    mode: 'transactions',
    table: r.table,
    customers: r.customers,
    featureColumns: [...RFM_FEATURES],
    rfm: { counts: r.counts, snapshot: r.snapshot, invoiceColumn: r.invoiceColumn, frequencyBasis: r.frequencyBasis },
    fusion: null,
  };
  const c = r.counts;
  notes.push(
    msg('seg_note_rfm_rows', {
      used: c.used,
      rows: c.rows,
      customers: c.customers,
      cancellations: c.cancellations,
      invoices: c.cancelledInvoices,
      negative: c.negative,
      noCustomer: c.missingCustomer,
      noDate: c.missingTimestamp,
      noAmount: c.missingValue,
    }),
  );
  if (r.frequencyBasis === 'days') notes.push(msg('seg_note_days'));
  if (options.customerTable) fuseCustomerTable(rows, r.table, options.customerTable, notes);
  return rows;
}

/** Joins the customer table onto the RFM rows; its usable columns become features (`customer.` prefix on clashes). */
function fuseCustomerTable(
  rows: CustomerRows,
  rfmTable: Table,
  customerTable: NonNullable<SegmentOptions['customerTable']>,
  notes: (Msg | string)[],
): void {
  const fused = fuseCustomers(rows.table, 'customer_id', customerTable.table, customerTable.idColumn);
  rows.table = fused.table;
  rows.fusion = { matched: fused.matched, of: rows.table.rowCount };
  rows.featureColumns.push(
    ...defaultFeatureColumns(customerTable.table, { [customerTable.idColumn]: 'customer_id' }).map((n) =>
      rfmTable.columns.some((c) => c.name === n) ? `customer.${n}` : n,
    ),
  );
  notes.push(msg('seg_note_joined', { matched: fused.matched, customers: rows.table.rowCount }));
}
