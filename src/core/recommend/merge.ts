// Duplicate (customer, item) rows merged into one event before any split, so a pair can never sit in both train and
// test (a repeat in test would be "predicted" from its own twin in train and flatter every model).
import type { Events, FeedbackMode } from './interaction-events.ts';
import { msg, type Msg } from '../msg.ts';

/** What the merge did: rows folded into others, the pairs they belonged to, and the rule used. */
export interface MergeNote {
  /** Rows removed by merging (rows read − distinct pairs). */
  rows: number;
  /** Distinct (customer, item) pairs that had more than one row. */
  pairs: number;
  rule: 'mean-rating' | 'summed';
}

/**
 * One event per (user, item) in first-seen order. Explicit: the mean of the pair's ratings — the same value the
 * training matrix already used, and it needs no trustworthy timestamp (ties, missing or coarse dates would make
 * "the last rating" arbitrary). Implicit: quantities summed and the row count kept as `count`, so binary, count and
 * log-quantity strengths are unchanged. The merged event's time is the pair's first time: the pair was known from
 * then on, so a time split never asks a model to "discover" an item the customer already had.
 */
export function mergeDuplicates(ev: Events, mode: FeedbackMode): { ev: Events; merged: MergeNote | null } {
  const n = ev.user.length;
  const nItems = ev.itemIds.length;
  const slot = new Map<number, number>();
  const first: number[] = [];
  const of = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const key = ev.user[r]! * nItems + ev.item[r]!;
    let s = slot.get(key);
    if (s === undefined) {
      s = first.length;
      slot.set(key, s);
      first.push(r);
    }
    of[r] = s;
  }
  const m = first.length;
  if (m === n) return { ev: { ...ev, count: ev.count ?? null }, merged: null };
  const count = new Float64Array(m);
  const rows = new Float64Array(m);
  const rating = ev.rating ? new Float64Array(m) : null;
  const quantity = ev.quantity ? new Float64Array(m) : null;
  const time = ev.time ? new Float64Array(m).fill(NaN) : null;
  for (let r = 0; r < n; r++) {
    const s = of[r]!;
    rows[s]!++;
    count[s]! += ev.count ? ev.count[r]! : 1;
    if (rating) rating[s]! += ev.rating![r]!;
    if (quantity) {
      const q = ev.quantity![r]!;
      quantity[s]! += Number.isFinite(q) ? q : 1; // as aggregate() reads a missing quantity: one unit
    }
    if (time) {
      const t = ev.time![r]!;
      if (Number.isFinite(t) && !(t >= time[s]!)) time[s] = t;
    }
  }
  if (rating) for (let s = 0; s < m; s++) rating[s] = rating[s]! / rows[s]!;
  let pairs = 0;
  for (let s = 0; s < m; s++) if (rows[s]! > 1) pairs++;
  return {
    ev: {
      ...ev,
      user: Int32Array.from(first, (r) => ev.user[r]!),
      item: Int32Array.from(first, (r) => ev.item[r]!),
      rating,
      quantity,
      time,
      count,
    },
    merged: { rows: n - m, pairs, rule: mode === 'explicit' ? 'mean-rating' : 'summed' },
  };
}

/** The merge as a message, for the result's notes, the page and the CLI JSON (worded there). */
export function mergeText(m: MergeNote, mode: FeedbackMode): Msg {
  return msg(mode === 'explicit' ? 'rec_note_merged_mean' : 'rec_note_merged_sum', { rows: m.rows, pairs: m.pairs });
}
