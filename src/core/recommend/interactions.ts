// Table + RoleMap → row-level interaction events, and events → a dense-indexed user × item CSR matrix.
// Ids are sparse (movieId reaches 193,609 for 9,742 movies), so every id goes through a dense index map.
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
  /** First non-empty name per item (same order as itemIds), when an item-name column exists. */
  itemNames: string[] | null;
  /** Rows skipped because the user or item id (or, explicit, the rating) was empty. */
  dropped: number;
  /** Implicit rows skipped because their quantity was ≤ 0 (returns, cancellations). */
  returns: number;
}

/** User-major CSR over dense indices; within a user, items ascend. Plain data. */
export interface Matrix {
  users: string[];
  items: string[];
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

// item-name columns, most specific first ("Description" in retail exports, "title" in catalogues)
const NAME_COLUMNS = [
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
      'missing-role',
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

function idText(col: Column, row: number): string {
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
      { column: name },
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

export interface Pairs {
  /** Dense event-space indices. */
  user: Int32Array;
  item: Int32Array;
  value: Float32Array;
}

/**
 * Aggregates event rows into one value per (user, item): explicit → mean rating; implicit → strength
 * (binary 1, count of rows, or log(1 + total quantity)).
 */
export function aggregate(
  ev: Events,
  rows: ArrayLike<number>,
  mode: FeedbackMode,
  strength: Strength = 'binary',
): Pairs {
  const nItems = ev.itemIds.length;
  const sum = new Map<number, number>();
  const cnt = new Map<number, number>();
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k] as number;
    const key = ev.user[r]! * nItems + ev.item[r]!;
    let v: number;
    const q = ev.quantity ? ev.quantity[r]! : 1;
    if (mode === 'explicit') v = ev.rating![r]!;
    else if (strength === 'log-quantity') v = Number.isFinite(q) ? q : 1;
    else v = 1;
    sum.set(key, (sum.get(key) ?? 0) + v);
    cnt.set(key, (cnt.get(key) ?? 0) + 1);
  }
  const keys = [...sum.keys()].sort((a, b) => a - b);
  const user: number[] = [];
  const item: number[] = [];
  const value: number[] = [];
  for (const key of keys) {
    const s = sum.get(key)!;
    const c = cnt.get(key)!;
    let v: number;
    if (mode === 'explicit') v = s / c;
    else if (strength === 'binary') v = 1;
    else if (strength === 'count') v = c;
    else v = Math.log1p(s);
    user.push(Math.floor(key / nItems));
    item.push(key % nItems);
    value.push(v);
  }
  return { user: Int32Array.from(user), item: Int32Array.from(item), value: Float32Array.from(value) };
}

/** Builds the train matrix: only users/items present in `pairs` get dense indices (in first-seen event order). */
export function toMatrix(ev: Events, pairs: Pairs): Matrix {
  const uMap = new Int32Array(ev.userIds.length).fill(-1);
  const iMap = new Int32Array(ev.itemIds.length).fill(-1);
  const users: string[] = [];
  const items: string[] = [];
  for (let k = 0; k < pairs.user.length; k++) {
    const u = pairs.user[k]!;
    const i = pairs.item[k]!;
    if (uMap[u] === -1) uMap[u] = -2;
    if (iMap[i] === -1) iMap[i] = -2;
  }
  for (let u = 0; u < uMap.length; u++)
    if (uMap[u] === -2) {
      uMap[u] = users.length;
      users.push(ev.userIds[u]!);
    }
  for (let i = 0; i < iMap.length; i++)
    if (iMap[i] === -2) {
      iMap[i] = items.length;
      items.push(ev.itemIds[i]!);
    }
  const nnz = pairs.user.length;
  const u2 = new Int32Array(nnz);
  const i2 = new Int32Array(nnz);
  for (let k = 0; k < nnz; k++) {
    u2[k] = uMap[pairs.user[k]!]!;
    i2[k] = iMap[pairs.item[k]!]!;
  }
  return fromTriples(users, items, u2, i2, pairs.value);
}

/** CSR from (user, item, value) triples in any order; duplicate pairs are not merged (aggregate first). */
export function fromTriples(users: string[], items: string[], u: Int32Array, i: Int32Array, v: Float32Array): Matrix {
  const n = users.length;
  const indptr = new Int32Array(n + 1);
  for (let k = 0; k < u.length; k++) indptr[u[k]! + 1]!++;
  for (let r = 0; r < n; r++) indptr[r + 1]! += indptr[r]!;
  const fill = indptr.slice(0, n);
  const indices = new Int32Array(u.length);
  const values = new Float32Array(u.length);
  // visiting items in ascending order keeps each row sorted
  const order = Array.from({ length: u.length }, (_, k) => k).sort((a, b) => i[a]! - i[b]!);
  for (const k of order) {
    const p = fill[u[k]!]!++;
    indices[p] = i[k]!;
    values[p] = v[k]!;
  }
  return { users, items, indptr, indices, values };
}

/** Item-major view (CSC of the user-major matrix): rows = items, indices = users. */
export function transpose(m: Matrix): Matrix {
  const nu = m.users.length;
  const u = new Int32Array(m.indices.length);
  for (let r = 0; r < nu; r++) for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) u[p] = r;
  return fromTriples(m.items, m.users, m.indices, u, m.values);
}

/** id text → dense index. */
export function indexOf(ids: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  ids.forEach((id, k) => m.set(id, k));
  return m;
}

/** Test pairs expressed in the train matrix's index space; -1 = user/item unseen in train. */
export interface MappedPairs {
  user: Int32Array;
  item: Int32Array;
  value: Float32Array;
}

export function mapPairs(ev: Events, pairs: Pairs, train: Matrix): MappedPairs {
  const uIdx = indexOf(train.users);
  const iIdx = indexOf(train.items);
  const n = pairs.user.length;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    user[k] = uIdx.get(ev.userIds[pairs.user[k]!]!) ?? -1;
    item[k] = iIdx.get(ev.itemIds[pairs.item[k]!]!) ?? -1;
  }
  return { user, item, value: pairs.value.slice() };
}

/** Number of train interactions per item (popularity). */
export function itemCounts(m: Matrix): Float64Array {
  const c = new Float64Array(m.items.length);
  for (let p = 0; p < m.indices.length; p++) c[m.indices[p]!]!++;
  return c;
}
