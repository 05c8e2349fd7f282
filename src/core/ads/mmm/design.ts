// The MMM's data: the table aggregated to one row per period (dates from the table's date column; wide spend
// columns, or one spend column pivoted by channel), and the linear base terms — intercept, linear + quadratic trend,
// yearly Fourier seasonality, day-of-week (daily data) and control/event columns.
import { JobError } from '../../jobs.ts';
import type { Table } from '../../data/table.ts';
import { getColumn } from '../../data/table.ts';

const DAY = 86_400_000;

export interface SeriesInput {
  outcome: string;
  date: string;
  spend: string[];
  /** Long logs: the channel column a single spend column is pivoted by. */
  channel?: string | null;
  controls?: string[];
}

export interface MmmSeries {
  /** Days since 1970 per period (calendar dates), else the date column's own values. */
  time: Float64Array;
  calendar: boolean;
  /** Typical gap between periods, in days (7 = weekly) or in the column's units when not a date. */
  periodDays: number;
  y: Float64Array;
  channels: string[];
  spend: Float64Array[];
  controlNames: string[];
  controls: Float64Array[];
  notes: string[];
}

function numeric(table: Table, name: string, what: string): Float64Array {
  const c = getColumn(table, name);
  if (c.kind !== 'numeric') throw new JobError('ads-mmm', `The ${what} \`${name}\` must be numeric.`);
  return c.values;
}

/** Channel names and, per row, the channel index its spend goes to (−1 = skipped) with its spend column. */
function channelLayout(table: Table, inp: SeriesInput): { channels: string[]; of: (r: number, k: number) => number } {
  const ch = inp.channel ? getColumn(table, inp.channel) : null;
  if (inp.spend.length === 1 && ch && ch.kind === 'categorical') {
    return { channels: ch.dictionary.slice(), of: (r) => ch.codes[r]! };
  }
  return { channels: inp.spend.slice(), of: (_r, k) => k };
}

/** One row per period: outcome and spend summed, controls averaged; sorted by time. */
export function periodSeries(table: Table, inp: SeriesInput): MmmSeries {
  const dcol = getColumn(table, inp.date);
  if (dcol.kind !== 'numeric') throw new JobError('ads-mmm', `The date column \`${inp.date}\` must hold dates.`);
  const calendar = dcol.type === 'date';
  const y = numeric(table, inp.outcome, 'outcome');
  const spendCols = inp.spend.map((s) => numeric(table, s, 'spend column'));
  const controls = inp.controls ?? [];
  const ctlCols = controls.map((s) => numeric(table, s, 'control column'));
  const { channels, of } = channelLayout(table, inp);
  const C = channels.length;
  const per = new Map<number, Float64Array>(); // [y, spend…, control sums…, rows]
  for (let r = 0; r < table.rowCount; r++) {
    const d = dcol.values[r]!;
    if (Number.isNaN(d) || Number.isNaN(y[r]!)) continue;
    const key = calendar ? Math.floor(d / DAY) : d;
    let acc = per.get(key);
    if (!acc) per.set(key, (acc = new Float64Array(1 + C + controls.length + 1)));
    acc[0]! += y[r]!;
    spendCols.forEach((col, k) => {
      const c = of(r, k);
      const v = col[r]!;
      if (c >= 0 && v > 0) acc[1 + c]! += v;
    });
    ctlCols.forEach((col, j) => (acc[1 + C + j]! += Number.isNaN(col[r]!) ? 0 : col[r]!));
    acc[1 + C + controls.length]! += 1;
  }
  const keys = [...per.keys()].sort((a, b) => a - b);
  const rows = keys.map((k) => per.get(k)!);
  const gaps = keys.slice(1).map((k, i) => k - keys[i]!);
  const periodDays = gaps.length ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]! : 1;
  const notes: string[] = [];
  const irregular = gaps.filter((g) => g > 1.5 * periodDays).length;
  if (irregular)
    notes.push(`${irregular} gap(s) longer than one period in \`${inp.date}\`: carry-over is computed as if adjacent.`);
  return {
    time: Float64Array.from(keys),
    calendar,
    periodDays,
    y: Float64Array.from(rows, (a) => a[0]!),
    channels,
    spend: channels.map((_, c) => Float64Array.from(rows, (a) => a[1 + c]!)),
    controlNames: controls.slice(),
    controls: controls.map((_, j) => Float64Array.from(rows, (a) => a[1 + C + j]! / a[1 + C + controls.length]!)),
    notes,
  };
}

export interface BaseDesign {
  /** Column-major base terms (column 0 = intercept). */
  cols: Float64Array[];
  names: string[];
  /** Index of each control column in `cols` (−1 = dropped as constant). */
  controlIndex: number[];
}

/** Yearly Fourier order by default: 2 for weekly or coarser data, 3 for daily. */
export function baseDesign(s: MmmSeries, fourier?: number): BaseDesign {
  const n = s.y.length;
  const t0 = s.time[0]!;
  const span = s.time[n - 1]! - t0 || 1;
  const cols: Float64Array[] = [new Float64Array(n).fill(1)];
  const names = ['intercept'];
  const tau = Float64Array.from(s.time, (t) => (t - t0) / span);
  cols.push(
    tau,
    Float64Array.from(tau, (v) => v * v - 1 / 3),
  );
  names.push('trend', 'trend²');
  const spanDays = s.calendar ? span : 0;
  const order = fourier ?? (s.periodDays >= 7 ? 2 : 3);
  if (spanDays >= 330) {
    for (let k = 1; k <= order; k++) {
      const w = (2 * Math.PI * k) / 365.25;
      cols.push(Float64Array.from(s.time, (t) => Math.sin(w * t)));
      cols.push(Float64Array.from(s.time, (t) => Math.cos(w * t)));
      names.push(`year sin ${k}`, `year cos ${k}`);
    }
  }
  if (s.calendar && s.periodDays === 1 && n >= 28) {
    for (let d = 1; d < 7; d++) {
      // 1970-01-01 was a Thursday: (days + 4) % 7 = 0 is a Sunday.
      cols.push(Float64Array.from(s.time, (t) => ((((t + 4) % 7) + 7) % 7 === d ? 1 : 0)));
      names.push(`weekday ${d}`);
    }
  }
  const controlIndex = s.controls.map((v, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (!(hi > lo)) {
      s.notes.push(`Control \`${s.controlNames[j]}\` is constant over the periods and was left out.`);
      return -1;
    }
    cols.push(v);
    names.push(s.controlNames[j]!);
    return cols.length - 1;
  });
  return { cols, names, controlIndex };
}
