// The outcome as the models see it: default family per outcome kind, and targets (y, weights, offset) per row.
import { JobError } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import { getColumn } from '../data/table.ts';
import type { Target } from './family.ts';
import type { Family, OutcomeSpec } from './types.ts';

export function defaultFamily(o: OutcomeSpec): Family {
  return o.kind === 'rate' ? 'binomial' : o.kind === 'count' ? 'poisson' : 'linear';
}

/** Targets for the outcome, and the rows where it is defined. */
export function buildTarget(
  table: Table,
  o: OutcomeSpec,
  family: Family,
  notes: string[],
): { t: Target; rows: Int32Array } {
  const n = table.rowCount;
  const y = new Float64Array(n).fill(NaN);
  const w = new Float64Array(n).fill(1);
  let offset: Float64Array | null = null;
  const num = (name: string) => {
    const c = getColumn(table, name);
    if (c.kind !== 'numeric')
      throw new JobError('ads-outcome', `Outcome column \`${name}\` is ${c.type}, not numeric.`);
    return c.values;
  };
  if (o.kind === 'rate') {
    const a = num(o.numerator);
    const b = num(o.denominator);
    let clipped = 0;
    for (let r = 0; r < n; r++) {
      const s = a[r]!;
      const t = b[r]!;
      if (!(t > 0) || Number.isNaN(s) || s < 0) continue;
      if (s > t) clipped++;
      y[r] = Math.min(1, s / t);
      w[r] = t;
    }
    if (clipped)
      notes.push(
        `${clipped} rows have more \`${o.numerator}\` than \`${o.denominator}\`; their rate was capped at 100 %.`,
      );
  } else {
    const v = num(o.column);
    for (let r = 0; r < n; r++) y[r] = v[r]!;
    if (family === 'poisson') {
      let bad = 0;
      for (let r = 0; r < n; r++)
        if (y[r]! < 0) {
          bad++;
          y[r] = NaN;
        }
      if (bad) notes.push(`${bad} rows have a negative \`${o.column}\`; a count model skips them.`);
    }
    if (o.kind === 'count' && o.offset) {
      const e = num(o.offset);
      offset = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        if (e[r]! > 0) offset[r] = Math.log(e[r]!);
        else y[r] = NaN;
      }
    }
  }
  const rows: number[] = [];
  for (let r = 0; r < n; r++) if (!Number.isNaN(y[r]!)) rows.push(r);
  return { t: { y, w, offset }, rows: Int32Array.from(rows) };
}
