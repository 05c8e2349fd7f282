// Extra non-linear terms of the customer feature pipeline for a numeric column: log1p(x) next to x, or
// quantile-bin indicators with learned edges.
import type { BinsStep, FeatureStep, NumericStep } from './steps.ts';

/** The extra steps for a fitted numeric column with at least 2·bins distinct values (none otherwise). */
export function expansionSteps(
  values: Float64Array,
  step: NumericStep,
  expand: 'log' | 'bins',
  bins: number,
): FeatureStep[] {
  const vals = Float64Array.from(values, (v) => (Number.isNaN(v) ? step.impute : v)).sort();
  if (distinctSorted(vals, 2 * bins) < 2 * bins) return [];
  if (expand === 'log') {
    if (vals[0]! < 0 || step.log1p) return [];
    // Population std over the sorted values (kept as fitted before the encoders were shared: not the running sum).
    const logs = vals.map(Math.log1p);
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const std = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    return [{ ...step, name: `log1p(${step.column})`, log1p: true, mean, std }];
  }
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const q = vals[Math.min(vals.length - 1, Math.floor((b * vals.length) / bins))]!;
    if (!edges.length || q > edges[edges.length - 1]!) edges.push(q);
  }
  return edges.length ? [{ kind: 'bins', column: step.column, impute: step.impute, edges }] : [];
}

/** Distinct values of a sorted array, counted up to `enough`. */
function distinctSorted(sorted: Float64Array, enough: number): number {
  let count = sorted.length ? 1 : 0;
  for (let i = 1; i < sorted.length && count < enough; i++) if (sorted[i] !== sorted[i - 1]) count++;
  return count;
}

/** Names of the bin indicators, edges shown to 4 significant digits. */
export function binNames(step: BinsStep): string[] {
  const e = step.edges.map((v) => +v.toPrecision(4));
  return Array.from({ length: e.length + 1 }, (_, b) => {
    const range = b === 0 ? ` ≤ ${e[0]}` : b === e.length ? ` > ${e[b - 1]}` : ` in (${e[b - 1]}, ${e[b]}]`;
    return `${step.column}${range}`;
  });
}

/** Bin b of value v: edges[b-1] < v ≤ edges[b]; writes a 1 into the bin's column of every row. */
export function writeBins(
  step: BinsStep,
  values: Float64Array,
  n: number,
  out: Float32Array,
  width: number,
  offset: number,
): void {
  for (let r = 0; r < n; r++) {
    let v = values[r]!;
    if (Number.isNaN(v)) v = step.impute;
    let b = 0;
    while (b < step.edges.length && v > step.edges[b]!) b++;
    out[r * width + offset + b] = 1;
  }
}
