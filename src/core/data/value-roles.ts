// Roles from value patterns where the column names say nothing (a header-less file: `column_1 …`): repeating ids
// (which one is the customer, which the item), rating steps, an alternate key, counts and amounts in a dated log.
import type { ColumnType } from './table.ts';
import { K_NUMBER, type ColumnProfile } from './column-profile.ts';
import type { DirectColumn } from './direct-column.ts';
import type { RoleEvidence, RoleGuess } from './roles.ts';
import { epochUnit } from './values.ts';

/**
 * Names that say nothing about the column: what the reader gives a header-less file (`column_3`), R / pandas /
 * spreadsheet defaults (`V1`, `X2`, `Unnamed: 0`, `field_4`) and bare numbers.
 */
export function isAnonymousName(name: string): boolean {
  const n = name.trim();
  return (
    n === '' || /^(?:column|col|field|var|v|x|c|f|attr)?[\s_.:-]?\d+$/i.test(n) || /^unnamed(?:[\s_.:-]*\d+)?$/i.test(n)
  );
}

/** An unnamed high-cardinality integer column (streamed as numbers) of plausible epoch seconds or ms: a time. */
export function anonymousEpoch(name: string, col: DirectColumn): { type: 'date'; unix: 's' | 'ms' } | null {
  if (col.kind !== 'number' || !col.integer || !isAnonymousName(name)) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < col.length; i++) {
    const v = col.values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const unix = epochUnit({ min, max }, true);
  return unix ? { type: 'date', unix } : null;
}

/** What value patterns need beyond the counts: the small value set, and how the values sit in row order. */
export interface ValueEvidence {
  /** Distinct numbers (ascending) with their row counts, when there are at most 64. */
  scale?: { values: number[]; counts: number[] };
  /** Runs of equal values in row order: about `distinct` when the rows are grouped by this column. */
  runs?: number;
  /** Hash of the partition of the rows by value: equal for two columns that are one-to-one renamings. */
  partition?: number;
}

function scaleOf(p: ColumnProfile): ValueEvidence['scale'] {
  const byValue = new Map<number, number>();
  for (let i = 0; i < p.kind.length; i++)
    if (p.kind[i] === K_NUMBER) byValue.set(p.num[i]!, (byValue.get(p.num[i]!) ?? 0) + p.counts[i]!);
  if (byValue.size > 64) return undefined;
  const values = [...byValue.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((v) => byValue.get(v)!) };
}

/** Value evidence of an unnamed dictionary column (named columns are judged by their names: nothing to compute). */
export function valueEvidence(p: ColumnProfile, codes: Int32Array, type: ColumnType): ValueEvidence {
  if (!isAnonymousName(p.name)) return {};
  const out: ValueEvidence = {};
  if ((type === 'integer' || type === 'decimal') && p.distinct <= 64) out.scale = scaleOf(p);
  if (type === 'integer' || type === 'id' || type === 'categorical') {
    const first = new Int32Array(p.kind.length).fill(-1);
    let runs = 0;
    let h = 0x811c9dc5 | 0;
    for (let r = 0; r < codes.length; r++) {
      const c = codes[r]!;
      if (r === 0 || c !== codes[r - 1]) runs++;
      if (first[c] === -1) first[c] = r;
      h = Math.imul(h ^ first[c]!, 0x01000193);
    }
    out.runs = runs;
    out.partition = h;
  }
  return out;
}

type Evidence = RoleEvidence;

const steps = (from: number, to: number, by: number): number[] =>
  Array.from({ length: Math.round((to - from) / by) + 1 }, (_, i) => from + i * by);
/** Rating scales in use: 1–5 stars, 0.5–5 in halves, 1–10 and 1–7 points (0 allowed as "no stars"). */
const RATING_SCALES = [steps(0, 5, 1), steps(0, 5, 0.5), steps(0, 10, 1), steps(0, 7, 1)];

/**
 * A rating: at least three steps of a rating scale, and the lowest step is not the most common one — a count
 * (items bought, 1 in most rows and fewer at each step up) has the same small integers but piles up at its minimum.
 */
function ratingLike(e: Evidence): boolean {
  const s = e.scale;
  if (!s || s.values.length < 3 || !RATING_SCALES.some((sc) => s.values.every((v) => sc.includes(v)))) return false;
  return !countLike(e);
}

/**
 * A count per row: non-negative integers whose most common value is the smallest (1 or 0), thinning upwards — the
 * lower half of the range holds ≥ 80 % of the rows (CD purchases per order: 1 in 45 %, ≤ 20 in 99.8 %). Keys that
 * happen to start at 1 spread evenly.
 */
function countLike(e: Evidence): boolean {
  const s = e.scale;
  if (!s || e.type !== 'integer' || s.values[0]! < 0 || s.values[0]! > 1) return false;
  if (s.counts[0] !== Math.max(...s.counts)) return false;
  const mid = (s.values[0]! + s.values[s.values.length - 1]!) / 2;
  let low = 0;
  let all = 0;
  s.values.forEach((v, i) => {
    all += s.counts[i]!;
    if (v <= mid) low += s.counts[i]!;
  });
  return low >= 0.8 * all;
}

/**
 * A repeating key: text codes, or non-negative integers, with ≥ 20 values repeating (≥ 1.5 rows per value), not a
 * count. `strict` (no dates to say this is a log): the largest value is ≥ 100 too, so ages and tenures are not keys.
 */
function repeatingKey(e: Evidence, strict: boolean): boolean {
  const present = e.rows - e.missing;
  if (e.distinct < 20 || present < 1.5 * e.distinct || e.isRowIndex) return false;
  if (e.type === 'id') return true;
  return e.type === 'integer' && (e.min ?? -1) >= 0 && (!strict || (e.max ?? 0) >= 100) && !countLike(e);
}

/** Rows grouped by the column (each value in about one block), as logs are written per customer or session. */
const grouped = (e: Evidence): boolean => e.runs !== undefined && e.runs <= 1.2 * e.distinct;

/**
 * Which of two repeating keys is the customer: the one the rows are grouped by, else the first. Not the one with
 * fewer values: MovieLens has 610 users and 9,724 films, the Netflix Prize 480,189 users and 17,770 films. Logs are
 * written per user or session, and keyed user first (`userId,movieId`, `User-ID;ISBN`, `user,artist`).
 */
function customerFirst(a: number, b: number, ev: Evidence[]): [number, number] {
  const ga = grouped(ev[a]!);
  const gb = grouped(ev[b]!);
  return gb && !ga ? [b, a] : [a, b];
}

/**
 * Roles of the columns of a header-less file from their values. Only a dated log (a date or epoch column) or a
 * ratings log (a rating scale next to two keys) gets keys this way: without that context repeating integers are as
 * likely features. A key that partitions the rows exactly like an earlier one is an alternate key (ignored), not an
 * item.
 */
export function patternRoles(guesses: RoleGuess[], evidence: RoleEvidence[]): RoleGuess[] {
  const ev = evidence as Evidence[];
  const out = guesses.map((g) => ({ ...g }));
  const anon = ev.map((e) => isAnonymousName(e.name) && !e.isRowIndex && e.missing < e.rows);
  // Only a header-less file (every column unnamed but an index): where some columns are named, the unnamed ones are
  // coded features (`C1`, `C14` … of an ad log), and the named ones say what the table is.
  if (!anon.some(Boolean) || ev.some((e) => !isAnonymousName(e.name) && !e.isRowIndex)) return out;
  const has = (role: string) => out.some((g) => g.role === role);
  const dated = out.some((g, i) => anon[i] && g.role === 'timestamp');
  const rating = ev.findIndex((e, i) => anon[i] && ratingLike(e));
  const keys: number[] = [];
  const seen = new Set<number>();
  ev.forEach((e, i) => {
    if (!anon[i] || i === rating || !repeatingKey(e, !dated)) return;
    if (e.partition !== undefined && seen.has(e.partition)) out[i] = { role: 'ignore', confidence: 0.6 };
    else keys.push(i);
    if (e.partition !== undefined) seen.add(e.partition);
  });
  const twoKeys = keys.length >= 2 && !has('customer_id') && !has('item_id');
  if (!(dated || (twoKeys && rating >= 0))) return unkeyed(out, ev, anon, has);
  if (twoKeys) {
    const [c, it] = customerFirst(keys[0]!, keys[1]!, ev);
    out[c] = { role: 'customer_id', confidence: 0.6 };
    out[it] = { role: 'item_id', confidence: 0.6 };
    if (rating >= 0) out[rating] = { role: 'rating', confidence: 0.6 };
  } else if (keys.length >= 1 && !has('customer_id')) out[keys[0]!] = { role: 'customer_id', confidence: 0.6 };
  if (has('customer_id') && dated && !has('rating')) moneyAndCounts(out, ev, anon);
  return out;
}

/** In a dated log of purchases: the last non-negative decimal column is the amount, a count column the quantity. */
function moneyAndCounts(out: RoleGuess[], ev: Evidence[], anon: boolean[]): void {
  const free = (i: number) => anon[i] && (out[i]!.role === 'numeric' || out[i]!.role === 'categorical');
  for (let i = ev.length - 1; i >= 0; i--)
    if (free(i) && ev[i]!.type === 'decimal' && (ev[i]!.min ?? -1) >= 0) {
      out[i] = { role: 'amount', confidence: 0.55 };
      break;
    }
  const q = ev.findIndex((e, i) => free(i) && countLike(e));
  if (q >= 0) out[q] = { role: 'quantity', confidence: 0.5 };
}

/** No log context: a first unnamed column holding one distinct integer or code per row is the customer key. */
function unkeyed(out: RoleGuess[], ev: Evidence[], anon: boolean[], has: (r: string) => boolean): RoleGuess[] {
  const e = ev[0];
  if (!e || !anon[0] || has('customer_id') || e.isRowIndex) return out;
  const unique = e.distinct === e.rows && e.missing === 0 && e.rows >= 20;
  if (unique && (e.type === 'id' || e.type === 'integer')) out[0] = { role: 'customer_id', confidence: 0.55 };
  return out;
}
