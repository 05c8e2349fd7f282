// What the Lifetime value page derives from a stored CLV result (pure, no DOM): number formats that never show
// NaN/Infinity, CLV bands, histograms, CLV per segment joined by customer id, and the per-customer CSV rows.
import type { ClvCustomers } from '../../core/clv/job.ts';
import type { Cell } from '../../core/data/csv-write.ts';
import { fmt, fmtInt } from '../../core/format.ts';
import { m } from '../../paraglide/messages.js';

export const DASH = '–';

/** The period's name in the reader's language: plural ("weeks") and singular ("week"). */
export const periodsWord = (p: string): string => (p === 'day' ? m.clv_days() : m.clv_weeks());
export const periodWord = (p: string): string => (p === 'day' ? m.clv_day() : m.clv_week());

const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A number with `digits` decimals and thousands separators; "–" when missing or not finite. */
export function num(v: number | null | undefined, digits = 2): string {
  if (!ok(v)) return DASH;
  return fmt(v, digits); // the reader's locale (core/format.ts)
}

/** Parameter estimates span 1e-8…1e3: significant digits, exponent form for tiny or huge values. */
export function sig(v: number | null | undefined, digits = 4): string {
  if (!ok(v)) return DASH;
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  const x = Number(v.toPrecision(digits));
  // As many decimals as the significant digits need (at most 8), grouped in the reader's locale.
  const decimals = x === 0 ? 0 : Math.min(8, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x)))));
  return fmt(x, decimals)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

export function pct(v: number | null | undefined, digits = 1): string {
  return ok(v) ? `${(v * 100).toFixed(digits)} %` : DASH;
}

export function int(v: number | null | undefined): string {
  return ok(v) ? fmtInt(v) : DASH;
}

export interface ClvBand {
  band: 'top 20 %' | 'middle 60 %' | 'bottom 20 %';
  customers: number;
  total: number;
  /** Share of the total CLV (NaN when the total is not positive). */
  share: number;
  meanClv: number;
}

/** Customers ranked by CLV (non-finite values last, as 0) cut into the top 20 %, middle 60 % and bottom 20 %. */
export function clvBands(clv: ArrayLike<number>): ClvBand[] {
  const v = Float64Array.from(clv, (x) => (Number.isFinite(x) ? x : 0))
    .sort()
    .reverse();
  const n = v.length;
  const top = Math.round(0.2 * n);
  const bottom = Math.round(0.2 * n);
  const cuts: [ClvBand['band'], number, number][] = [
    ['top 20 %', 0, top],
    ['middle 60 %', top, n - bottom],
    ['bottom 20 %', n - bottom, n],
  ];
  const all = v.reduce((s, x) => s + x, 0);
  return cuts.map(([band, from, to]) => {
    let total = 0;
    for (let i = from; i < to; i++) total += v[i]!;
    const customers = to - from;
    return { band, customers, total, share: all > 0 ? total / all : NaN, meanClv: customers ? total / customers : NaN };
  });
}

export interface Histogram {
  /** bins + 1 bin edges, from min to max. */
  edges: number[];
  counts: number[];
}

/** Equal-width bins over [min, max]; values outside go to the first or last bin; non-finite values are left out. */
export function histogram(values: ArrayLike<number>, bins: number, min: number, max: number): Histogram {
  const counts = new Array<number>(bins).fill(0);
  const w = max > min ? (max - min) / bins : 1;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    counts[Math.max(0, Math.min(bins - 1, Math.floor((x - min) / w)))]!++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, b) => min + b * w), counts };
}

/** The q-quantile of the finite values (linear interpolation); NaN when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const v = Float64Array.from(values).filter((x) => Number.isFinite(x));
  if (!v.length) return NaN;
  v.sort();
  const at = q * (v.length - 1);
  const lo = Math.floor(at);
  return v[lo]! + (v[Math.min(lo + 1, v.length - 1)]! - v[lo]!) * (at - lo);
}

/** A stored segmentation as the join needs it. */
export interface SegmentLabels {
  customers: string[];
  labels: ArrayLike<number>;
  /** Name per segment id. */
  names: string[];
}

export interface SegmentClvRow {
  segment: number;
  name: string;
  customers: number;
  meanPAlive: number;
  meanExpectedPurchases: number;
  /** NaN when the result has no CLV (no amount column or no spend model). */
  meanClv: number;
  shareClv: number;
}

/** Mean P(alive), expected purchases and CLV per segment, joined on customer id; null when no id matches. */
export function clvBySegment(c: ClvCustomers, seg: SegmentLabels): { rows: SegmentClvRow[]; matched: number } | null {
  const segOf = new Map<string, number>();
  seg.customers.forEach((id, i) => segOf.set(id, seg.labels[i]!));
  const acc = seg.names.map(() => ({ n: 0, alive: 0, purchases: 0, clv: 0 }));
  let matched = 0;
  let allClv = 0;
  c.ids.forEach((id, i) => {
    const s = segOf.get(id);
    const a = s === undefined ? undefined : acc[s];
    if (!a) return;
    matched++;
    a.n++;
    a.alive += c.pAlive[i]!;
    a.purchases += c.expectedPurchases[i]!;
    const v = c.clv?.[i];
    if (v !== undefined && Number.isFinite(v)) {
      a.clv += v;
      allClv += v;
    }
  });
  if (!matched) return null;
  const rows = acc.map((a, s) => ({
    segment: s,
    name: seg.names[s] ?? `Segment ${s + 1}`,
    customers: a.n,
    meanPAlive: a.n ? a.alive / a.n : NaN,
    meanExpectedPurchases: a.n ? a.purchases / a.n : NaN,
    meanClv: c.clv && a.n ? a.clv / a.n : NaN,
    shareClv: c.clv && allClv > 0 ? a.clv / allClv : NaN,
  }));
  return { rows, matched };
}

export const CSV_HEADER = [
  'customer_id',
  'frequency',
  'recency',
  'T',
  'monetary_value',
  'p_alive',
  'expected_purchases',
  'expected_order_value',
  'clv',
];

/** One row per customer, in the result's order (numbers as they are; missing and non-finite cells empty). */
export function customerCsvRows(c: ClvCustomers): Cell[][] {
  return c.ids.map((id, i) => [
    id,
    c.frequency[i]!,
    c.recency[i]!,
    c.T[i]!,
    c.monetary?.[i] ?? null,
    c.pAlive[i]!,
    c.expectedPurchases[i]!,
    c.expectedValue?.[i] ?? null,
    c.clv?.[i] ?? null,
  ]);
}
