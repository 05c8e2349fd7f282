// Column summaries for the dataset page: missing, distinct, min/max/mean, top values, a small histogram.
import type { Column } from './table.ts';
import type { ColumnSummary } from './schema.ts';
import type { ValueCounts } from './materialise.ts';

export function countMissing(col: Column): number {
  let m = 0;
  if (col.kind === 'numeric') {
    const v = col.values;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) m++;
  } else {
    const c = col.codes;
    for (let i = 0; i < c.length; i++) if (c[i]! < 0) m++;
  }
  return m;
}

/** Distinct numbers with counts, computed from rows (used when a column did not come through materialise). */
export function valueCountsOf(values: Float64Array): ValueCounts {
  const sorted = values.filter((v) => v === v).sort();
  const vs: number[] = [];
  const cs: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (vs.length && vs[vs.length - 1] === v) cs[cs.length - 1]!++;
    else {
      vs.push(v);
      cs.push(1);
    }
  }
  return { values: Float64Array.from(vs), counts: Float64Array.from(cs) };
}

/** q-quantile (0..1) from value counts. */
export function quantile(vc: ValueCounts, q: number): number {
  let total = 0;
  for (let i = 0; i < vc.counts.length; i++) total += vc.counts[i]!;
  if (total === 0) return NaN;
  const target = q * (total - 1);
  let acc = 0;
  for (let i = 0; i < vc.values.length; i++) {
    const c = vc.counts[i]!;
    if (acc + c > target) {
      const lo = vc.values[i]!;
      // Linear interpolation between neighbours when the target falls at the last copy of a value.
      if (target > acc + c - 1 && i + 1 < vc.values.length)
        return lo + (target - (acc + c - 1)) * (vc.values[i + 1]! - lo);
      return lo;
    }
    acc += c;
  }
  return vc.values[vc.values.length - 1]!;
}

function fmt(v: number, date: boolean): string {
  if (date) return new Date(v).toISOString().slice(0, 10);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(2) : String(Math.round(v * 1000) / 1000);
}

function histogram(vc: ValueCounts, date: boolean, integer: boolean): { labels: string[]; counts: number[] } {
  const n = vc.values.length;
  if (n === 0) return { labels: [], counts: [] };
  const min = vc.values[0]!;
  const max = vc.values[n - 1]!;
  if (n <= 12 && (integer || date || n <= 6)) {
    return { labels: Array.from(vc.values, (v) => fmt(v, date)), counts: Array.from(vc.counts) };
  }
  const bins = 10;
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.floor((vc.values[i]! - min) / width));
    counts[b]! += vc.counts[i]!;
  }
  const labels = counts.map((_, b) => `${fmt(min + b * width, date)}–${fmt(min + (b + 1) * width, date)}`);
  return { labels, counts };
}

export function summariseColumn(
  col: Column,
  vc: ValueCounts | undefined,
  knownMissing?: number,
  codeCounts?: Int32Array,
): Omit<ColumnSummary, 'role' | 'roleConfidence'> {
  const missing = knownMissing ?? countMissing(col);
  if (col.kind === 'numeric') {
    const counts = vc ?? valueCountsOf(col.values);
    let sum = 0;
    let total = 0;
    for (let i = 0; i < counts.values.length; i++) {
      sum += counts.values[i]! * counts.counts[i]!;
      total += counts.counts[i]!;
    }
    const n = counts.values.length;
    const s: Omit<ColumnSummary, 'role' | 'roleConfidence'> = { name: col.name, type: col.type, missing, distinct: n };
    if (n > 0) {
      s.min = counts.values[0]!;
      s.max = counts.values[n - 1]!;
      s.mean = sum / total;
      s.histogram = histogram(counts, col.type === 'date', col.type === 'integer' || col.type === 'boolean');
      if (col.labels && col.type === 'boolean') {
        s.labels = col.labels;
        s.histogram.labels = s.histogram.labels.map((l) =>
          l === '0' ? col.labels![0] : l === '1' ? col.labels![1] : l,
        );
      }
    }
    return s;
  }
  let freq = codeCounts;
  if (!freq || freq.length !== col.dictionary.length) {
    freq = new Int32Array(col.dictionary.length);
    const codes = col.codes;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c >= 0) freq[c]!++;
    }
  }
  let distinct = 0;
  for (let i = 0; i < freq.length; i++) if (freq[i]! > 0) distinct++;
  const order = Array.from({ length: freq.length }, (_, i) => i)
    .filter((i) => freq[i]! > 0)
    .sort((a, b) => freq[b]! - freq[a]! || a - b);
  const top = order.slice(0, 10).map((i) => ({ value: col.dictionary[i]!, count: freq[i]! }));
  const bars = order.slice(0, 12);
  return {
    name: col.name,
    type: col.type,
    missing,
    distinct,
    top,
    histogram: { labels: bars.map((i) => col.dictionary[i]!), counts: bars.map((i) => freq[i]!) },
  };
}
