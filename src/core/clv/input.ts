// What a CLV run reads from a table: either a transaction log (customer, date, amount — from the user's picks, the
// roles, or a headerless whitespace log) or a ready frequency / recency / T (+ monetary) summary, found by name.
import { JobError } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';
import { columnByRole, type Column, type NumericColumn, type RoleMap, type Table } from '../data/table.ts';
import { idKeys } from '../features/customer-fusion.ts';
import { compactDateMs, dateMs, isWhitespaceLog, splitWhitespaceLog } from './log-reader.ts';
import type { Transactions } from './summary.ts';

export interface ColumnPicks {
  customer?: string;
  date?: string;
  amount?: string;
}

export interface SummaryInput {
  kind: 'summary';
  ids: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetary: Float64Array | null;
  columns: Record<string, string>;
}

export interface TransactionInput {
  kind: 'transactions';
  tx: Transactions;
  columns: Record<string, string>;
  notes: Msg[];
}

// A summary's columns by name: lifetimes' (frequency, recency, T, monetary_value) and Fader-Hardie's (x, t_x, T, zbar).
const SUMMARY_NAMES = {
  frequency: /^(?:frequency|freq|x|repeat_?purchases|frequency_cal)$/i,
  recency: /^(?:recency|t_?x|recency_cal)$/i,
  T: /^(?:t|age|customer_?age|t_cal)$/i,
  monetary: /^(?:monetary(?:_?value)?|zbar|m_?x|mean_?spend|avg_?(?:order_?)?value|monetary_value_cal)$/i,
};
const AMOUNT_NAME = /amount|revenue|sales|value|total|spend|price|dollar|销售额|金额/i;

const numericByName = (t: Table, re: RegExp) =>
  t.columns.find((c): c is NumericColumn => c.kind === 'numeric' && c.type !== 'date' && re.test(c.name.trim()));

function named(t: Table, name: string, what: string): Column {
  const c = t.columns.find((col) => col.name === name);
  if (!c)
    throw new JobError('clv-missing-column', `The ${what} column \`${name}\` is not in the table.`, {
      column: name,
      columns: t.columns.map((col) => col.name),
    });
  return c;
}

/** Epoch ms of a date column: a date-typed column, yyyymmdd integers, or date text; null when it holds no dates. */
export function dateValues(col: Column): Float64Array | null {
  if (col.kind === 'numeric') {
    if (col.type === 'date') return col.values;
    const out = col.values.map((v) => (Number.isNaN(v) ? NaN : compactDateMs(String(v))));
    return out.every((v, i) => !Number.isNaN(v) || Number.isNaN(col.values[i]!)) ? out : null;
  }
  const dict = col.dictionary.map((s) => dateMs(s.trim()));
  if (dict.filter((v) => !Number.isNaN(v)).length < 0.95 * dict.length) return null;
  return Float64Array.from(col.codes, (c) => (c < 0 ? NaN : dict[c]!));
}

/** The summary columns when the table has frequency, recency and T (and no transaction picks ask otherwise). */
function summaryInput(t: Table, roles: RoleMap, picks: ColumnPicks): SummaryInput | null {
  if (picks.date) return null;
  const f = numericByName(t, SUMMARY_NAMES.frequency);
  const r = numericByName(t, SUMMARY_NAMES.recency);
  const T = t.columns.find((c): c is NumericColumn => c.kind === 'numeric' && SUMMARY_NAMES.T.test(c.name.trim()));
  if (!f || !r || !T) return null;
  const m = picks.amount ? named(t, picks.amount, 'monetary value') : numericByName(t, SUMMARY_NAMES.monetary);
  const idCol = picks.customer ? named(t, picks.customer, 'customer') : columnByRole(t, roles, 'customer_id');
  const idFallback = t.columns.find((c) => /^(?:id|customer|customer_?id)$/i.test(c.name.trim()));
  const id = idCol ?? idFallback;
  const columns: Record<string, string> = { frequency: f.name, recency: r.name, T: T.name };
  if (id) columns.customer = id.name;
  if (m) columns.monetary = m.name;
  for (let i = 0; i < t.rowCount; i++) {
    const x = f.values[i]!;
    if (!(
      x >= 0 &&
      Number.isInteger(x) &&
      r.values[i]! >= 0 &&
      r.values[i]! <= T.values[i]! + 1e-9 &&
      T.values[i]! > 0
    ))
      throw new JobError(
        'bad-summary',
        `Row ${i + 1}: frequency must be a whole number ≥ 0 and 0 ≤ recency ≤ T with T > 0 ` +
          `(\`${f.name}\`=${x}, \`${r.name}\`=${r.values[i]}, \`${T.name}\`=${T.values[i]}).`,
        { row: i + 1, frequency: x, recency: r.values[i]!, T: T.values[i]! },
      );
  }
  return {
    kind: 'summary',
    ids: id ? idKeys(id) : Array.from({ length: t.rowCount }, (_, i) => String(i + 1)),
    frequency: f.values,
    recency: r.values,
    T: T.values,
    monetary: m && m.kind === 'numeric' ? m.values : null,
    columns,
  };
}

function findDate(t: Table, roles: RoleMap, picks: ColumnPicks): { col: Column; ms: Float64Array } {
  const candidates = picks.date
    ? [named(t, picks.date, 'date')]
    : [columnByRole(t, roles, 'timestamp'), ...t.columns.filter((c) => c.type === 'date')].filter((c) => !!c);
  for (const col of candidates) {
    const ms = dateValues(col);
    if (ms) return { col, ms };
  }
  if (picks.date)
    throw new JobError(
      'not-dates',
      `Column \`${picks.date}\` does not hold dates (expected e.g. 2024-03-31 or 20240331).`,
      { column: picks.date },
    );
  throw new JobError(
    'no-purchase-date',
    'Map a purchase date column (role "timestamp"), or give a summary with frequency, recency and T columns.',
  );
}

/** Amount per row: the pick, the "amount" role, quantity × price, or a money-like name; null when none. */
function findAmount(t: Table, roles: RoleMap, picks: ColumnPicks): { name: string; values: Float64Array } | null {
  const asNumbers = (c: Column | undefined) => (c && c.kind === 'numeric' && c.type !== 'date' ? c : undefined);
  if (picks.amount) {
    const c = asNumbers(named(t, picks.amount, 'amount'));
    if (!c)
      throw new JobError('amount-not-numeric', `The amount column \`${picks.amount}\` is not numeric.`, {
        column: picks.amount,
      });
    return c;
  }
  const amount = asNumbers(columnByRole(t, roles, 'amount'));
  if (amount) return amount;
  const q = asNumbers(columnByRole(t, roles, 'quantity'));
  const p = asNumbers(columnByRole(t, roles, 'price'));
  if (q && p) return { name: `${q.name} × ${p.name}`, values: q.values.map((v, i) => v * p.values[i]!) };
  const byName = t.columns.find((c) => roles[c.name] !== 'customer_id' && asNumbers(c) && AMOUNT_NAME.test(c.name));
  return (byName as NumericColumn | undefined) ?? null;
}

/** The table as CLV input: a summary when it has frequency/recency/T columns, else a transaction log. */
export function clvInput(table: Table, roles: RoleMap, picks: ColumnPicks): SummaryInput | TransactionInput {
  const notes: Msg[] = [];
  let t = table;
  let r = roles;
  if (isWhitespaceLog(table)) {
    ({ table: t, roles: r } = splitWhitespaceLog(table));
    notes.push(msg('clv_note_ws_log', { fields: t.columns.length, rows: t.rowCount }));
  }
  const summary = summaryInput(t, r, picks);
  if (summary) return summary;
  const custCol = picks.customer ? named(t, picks.customer, 'customer') : columnByRole(t, r, 'customer_id');
  if (!custCol)
    throw new JobError(
      'no-customer-column',
      'Map a customer id column (role "customer id") to compute lifetime value.',
    );
  const { col: dateCol, ms } = findDate(t, r, picks);
  const amount = findAmount(t, r, picks);
  if (!amount) notes.push(msg('clv_note_no_amount'));
  const columns: Record<string, string> = { customer: custCol.name, date: dateCol.name };
  if (amount) columns.amount = amount.name;
  return {
    kind: 'transactions',
    tx: { customer: idKeys(custCol), time: ms, amount: amount?.values ?? null },
    columns,
    notes,
  };
}

/** What the column plan needs of a column: its name and inferred type (a dataset's stored column summaries). */
export interface ColumnInfo {
  name: string;
  type: string;
}

export interface ClvColumnPlan {
  input: 'summary' | 'transactions' | null;
  /** The columns a run would use (amount may read "quantity × price"); empty strings where none was found. */
  customer: string;
  date: string;
  amount: string;
  summary: { frequency: string; recency: string; T: string; monetary: string } | null;
  /** A headerless space-aligned log (one column): the run splits it and finds the fields itself. */
  log: boolean;
  /** Why the table cannot feed CLV as it is, with the fix; null when it can. */
  reason: string | null;
  /** `reason` as a message (clv_reason_*), for the UI. */
  reasonMsg?: Msg | null;
}

/**
 * The columns `clvInput` would pick, from column names, types and roles alone (no values): what the page prefills
 * and why a dataset cannot feed CLV. Values can still fail the run (e.g. a picked column without dates).
 */
export function clvColumnPlan(columns: ColumnInfo[], roles: RoleMap, picks: ColumnPicks = {}): ClvColumnPlan {
  const isNumber = (c: ColumnInfo | undefined) => !!c && (c.type === 'integer' || c.type === 'decimal');
  const byRole = (role: string) => columns.find((c) => roles[c.name] === role);
  const byName = (re: RegExp) => columns.find((c) => isNumber(c) && re.test(c.name.trim()));
  const f = byName(SUMMARY_NAMES.frequency);
  const r = byName(SUMMARY_NAMES.recency);
  const T = byName(SUMMARY_NAMES.T);
  const none = { customer: '', date: '', amount: '', summary: null, log: false };
  if (columns.length === 1 && columns[0]!.name.trim().split(/\s+/).length >= 3)
    return { ...none, input: 'transactions', log: true, reason: null };
  if (!picks.date && f && r && T) {
    const id =
      picks.customer ??
      (byRole('customer_id') ?? columns.find((c) => /^(?:id|customer|customer_?id)$/i.test(c.name.trim())))?.name;
    const m = picks.amount ?? byName(SUMMARY_NAMES.monetary)?.name ?? '';
    const summary = { frequency: f.name, recency: r.name, T: T.name, monetary: m };
    return { ...none, input: 'summary', customer: id ?? '', amount: m, summary, reason: null };
  }
  const customer = picks.customer ?? byRole('customer_id')?.name ?? '';
  const date = picks.date ?? (byRole('timestamp') ?? columns.find((c) => c.type === 'date'))?.name ?? '';
  const q = byRole('quantity');
  const p = byRole('price');
  const amountCol = isNumber(byRole('amount')) ? byRole('amount') : undefined;
  const amount =
    picks.amount ??
    amountCol?.name ??
    (isNumber(q) && isNumber(p) ? `${q!.name} × ${p!.name}` : undefined) ??
    columns.find((c) => roles[c.name] !== 'customer_id' && isNumber(c) && AMOUNT_NAME.test(c.name))?.name ??
    '';
  const missing = [!customer && 'customer id', !date && 'purchase date'].filter((s): s is string => !!s);
  const reason = missing.length
    ? `No ${missing.join(' or ')} column found: pick ${missing.length > 1 ? 'them' : 'it'} below, or use a ` +
      'summary table with frequency, recency and T columns.'
    : null;
  const reasonMsg = missing.length
    ? msg(!customer && !date ? 'clv_reason_no_both' : !customer ? 'clv_reason_no_customer' : 'clv_reason_no_date')
    : null;
  return { ...none, input: reason ? null : 'transactions', customer, date, amount, reason, reasonMsg };
}
