// Likely leaks: a feature that alone ranks the outcome almost perfectly on held-out training rows is usually known
// only after the outcome (a "days since cancellation", a payment status). Flagged before training with the figure;
// the model still uses it unless the person excludes it, and the result says so.
import { fmt } from '../format.ts';
import type { Column, Table } from '../data/table.ts';
import { auc } from '../metrics/classification.ts';
import { stratifiedSplit } from './stratified-split.ts';
import { msg, type Msg } from '../msg.ts';

/** Validation AUC from which one column alone is reported as a likely leak (issue threshold). */
export const LEAK_AUC = 0.9;

export interface LeakFlag {
  column: string;
  /** AUC of the column alone on held-out training rows (orientation-free: max(a, 1 − a)). */
  auc: number;
}

/**
 * Scores of one column for rows `val`, learnt from rows `fit`: numbers as they are (missing lowest); categories by
 * their outcome rate on `fit` (smoothed; unseen levels get the overall rate), so a many-level column cannot score by
 * memorising rows.
 */
function columnScores(c: Column, y: Float32Array, fit: Int32Array, val: Int32Array): Float64Array {
  if (c.kind === 'numeric') return Float64Array.from(val, (r) => (Number.isNaN(c.values[r]!) ? -1e300 : c.values[r]!));
  const pos = new Map<number, number>();
  const n = new Map<number, number>();
  let total = 0;
  for (const r of fit) {
    const k = c.codes[r]!;
    pos.set(k, (pos.get(k) ?? 0) + y[r]!);
    n.set(k, (n.get(k) ?? 0) + 1);
    total += y[r]!;
  }
  const prior = total / Math.max(1, fit.length);
  return Float64Array.from(val, (r) => {
    const k = c.codes[r]!;
    return ((pos.get(k) ?? 0) + 2 * prior) / ((n.get(k) ?? 0) + 2);
  });
}

/** Columns that alone reach LEAK_AUC on a held-out half of the training rows, strongest first. */
export function likelyLeaks(table: Table, y: Float32Array, columns: string[], seed: number): LeakFlag[] {
  if (y.length < 40) return [];
  const { train: fit, test: val } = stratifiedSplit(y, 0.5, seed + 17);
  const yVal = Float32Array.from(val, (r) => y[r]!);
  const out: LeakFlag[] = [];
  for (const name of columns) {
    const c = table.columns.find((x) => x.name === name);
    if (!c) continue;
    const a = auc(yVal, columnScores(c, y, fit, val));
    const oriented = Math.max(a, 1 - a);
    if (oriented >= LEAK_AUC) out.push({ column: name, auc: oriented });
  }
  return out.sort((p, q) => q.auc - p.auc);
}

export function leakNote(leaks: LeakFlag[], target: string): Msg | null {
  const [first] = leaks;
  if (!first) return null;
  if (leaks.length === 1) return msg('prop_note_leak_one', { column: first.column, auc: fmt(first.auc, 3), target });
  const columns = leaks.map((l) => `${l.column} (AUC ${fmt(l.auc, 3)})`).join(', ');
  return msg('prop_note_leak_many', { columns, target });
}
