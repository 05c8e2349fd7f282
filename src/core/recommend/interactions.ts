// Interaction events → a dense-indexed user × item CSR matrix: per-pair aggregation, the train matrix, its
// transpose, and test pairs mapped into the train index space.
import type { Events, FeedbackMode, Strength } from './interaction-events.ts';

export {
  readEvents,
  resolveColumns,
  type EventColumns,
  type Events,
  type FeedbackMode,
  type Strength,
} from './interaction-events.ts';

/** User-major CSR over dense indices; within a user, items ascend. Plain data. */
export interface Matrix {
  users: string[];
  items: string[];
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
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
    // a merged event stands for its rows: the count strength still counts them
    cnt.set(key, (cnt.get(key) ?? 0) + (mode === 'implicit' && ev.count ? ev.count[r]! : 1));
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
