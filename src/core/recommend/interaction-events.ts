// Table + RoleMap → row-level interaction events: the columns for each role, then the usable rows with dense user
// and item indices. Ids are sparse (movieId reaches 193,609 for 9,742 movies), so every id goes through a dense
// index map.
import { JobError } from '../jobs.ts';
import { getColumn, type Column, type RoleMap, type Table } from '../data/table.ts';

export type FeedbackMode = 'explicit' | 'implicit';
/** How repeated/quantity interactions become an implicit strength x (confidence is 1 + α·x). */
export type Strength = 'binary' | 'count' | 'log-quantity';

export interface EventColumns {
  user: string;
  item: string;
  rating?: string | undefined;
  quantity?: string | undefined;
  time?: string | undefined;
  itemName?: string | undefined;
}

/** One entry per usable table row; user/item are dense indices into userIds/itemIds of this table. */
export interface Events {
  userIds: string[];
  itemIds: string[];
  user: Int32Array;
  item: Int32Array;
  rating: Float64Array | null;
  quantity: Float64Array | null;
  time: Float64Array | null;
  /** Rows behind each event after duplicate pairs were merged (null: one row each). */
  count?: Float64Array | null;
  /** First non-empty name per item (same order as itemIds), when an item-name column exists. */
  itemNames: string[] | null;
  /** Rows skipped because the user or item id (or, explicit, the rating) was empty. */
  dropped: number;
  /** Implicit rows skipped because their quantity was ≤ 0 (returns, cancellations). */
  returns: number;
}

// item-name columns, most specific first ("Description" in retail exports, "title" in catalogues)
export const NAME_COLUMNS = [
  /^(description|title|product[ _]?name|item[ _]?name|product)$/i,
  /desc|title/i,
  /product|item.?name/i,
];

/** Picks the columns for each role; explains what to fix when a required role is missing. */
export function resolveColumns(table: Table, roles: RoleMap, mode: FeedbackMode, itemName?: string): EventColumns {
  const byRole = (role: string) => table.columns.find((c) => roles[c.name] === role)?.name;
  const user = byRole('customer_id');
  const item = byRole('item_id');
  if (!user || !item) {
    throw new JobError(
      'missing-ids',
      `Recommendations need a customer column and an item column: mark one column as "customer id" and one as "item id" (found ${user ? 'a customer id' : 'no customer id'}, ${item ? 'an item id' : 'no item id'}).`,
      { columns: table.columns.map((c) => c.name) },
    );
  }
  const rating = byRole('rating');
  if (mode === 'explicit' && !rating) {
    throw new JobError(
      'missing-rating',
      'Explicit mode needs a rating column: mark one column as "rating", or switch to implicit mode (purchases, clicks, views).',
    );
  }
  const candidates = table.columns.filter(
    (c) => c.kind === 'categorical' && c.name !== item && c.name !== user && roles[c.name] !== 'customer_id',
  );
  let name = itemName;
  for (const re of NAME_COLUMNS) name ??= candidates.find((c) => re.test(c.name))?.name;
  return {
    user,
    item,
    rating,
    quantity: byRole('quantity') ?? byRole('clicks') ?? byRole('conversions'),
    time: byRole('timestamp'),
    itemName: name,
  };
}

export function idText(col: Column, row: number): string {
  if (col.kind === 'categorical') {
    const c = col.codes[row] ?? -1;
    // "17850.0" (ids exported as floats) → "17850", so the same customer matches across files
    return c < 0 ? '' : (col.dictionary[c] ?? '').trim().replace(/^(-?\d+)\.0+$/, '$1');
  }
  const v = col.values[row] ?? NaN;
  return Number.isNaN(v) ? '' : String(v); // 17850.0 → "17850"
}

function numeric(table: Table, name: string, what: string): Float64Array {
  const col = getColumn(table, name);
  if (col.kind !== 'numeric') {
    const first = col.codes.findIndex((c) => c >= 0);
    throw new JobError(
      'non-numeric',
      `The ${what} column \`${name}\` is not numeric (first value: \`${first >= 0 ? col.dictionary[col.codes[first]!] : ''}\` at row ${first + 1}); pick a numeric column or change its type.`,
      { column: name, value: first >= 0 ? (col.dictionary[col.codes[first]!] ?? '') : '', row: first + 1 },
    );
  }
  return col.values;
}

/** Reads the usable rows (both ids present; for explicit, a finite rating) into dense-indexed events. */
export function readEvents(table: Table, cols: EventColumns, mode: FeedbackMode): Events {
  const ucol = getColumn(table, cols.user);
  const icol = getColumn(table, cols.item);
  const ratingAll = cols.rating ? numeric(table, cols.rating, 'rating') : null;
  const qtyAll = cols.quantity ? numeric(table, cols.quantity, 'quantity') : null;
  const timeAll = cols.time ? numeric(table, cols.time, 'timestamp') : null;
  const ncol = cols.itemName ? getColumn(table, cols.itemName) : null;
  const uIndex = new Map<string, number>();
  const iIndex = new Map<string, number>();
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const names: string[] = [];
  const n = table.rowCount;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const keep: number[] = [];
  let dropped = 0;
  let returns = 0;
  for (let r = 0; r < n; r++) {
    const us = idText(ucol, r);
    const is = idText(icol, r);
    if (us === '' || is === '' || (mode === 'explicit' && !Number.isFinite(ratingAll![r]!))) {
      dropped++;
      continue;
    }
    // implicit: a return/cancellation line (quantity ≤ 0) is not an interaction, nor a point in the user's timeline
    if (mode === 'implicit' && qtyAll && qtyAll[r]! <= 0) {
      returns++;
      continue;
    }
    let u = uIndex.get(us);
    if (u === undefined) {
      u = userIds.length;
      userIds.push(us);
      uIndex.set(us, u);
    }
    let i = iIndex.get(is);
    if (i === undefined) {
      i = itemIds.length;
      itemIds.push(is);
      iIndex.set(is, i);
      names.push('');
    }
    if (ncol && names[i] === '') names[i] = idText(ncol, r);
    user[keep.length] = u;
    item[keep.length] = i;
    keep.push(r);
  }
  if (keep.length === 0) {
    throw new JobError(
      'no-interactions',
      `No usable rows: every row lacks a ${cols.user} or ${cols.item}${mode === 'explicit' ? ` or a numeric ${cols.rating}` : ''} value.`,
      { user: cols.user, item: cols.item },
    );
  }
  const pick = (a: Float64Array | null) => (a ? Float64Array.from(keep, (r) => a[r]!) : null);
  return {
    userIds,
    itemIds,
    user: user.slice(0, keep.length),
    item: item.slice(0, keep.length),
    rating: pick(ratingAll),
    quantity: pick(qtyAll),
    time: pick(timeAll),
    itemNames: ncol ? names : null,
    dropped,
    returns,
  };
}
