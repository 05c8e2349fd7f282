// Feature pipeline as plain data: categorical factors → one-hot (reference level dropped), metrics → (log1p) z-score.
import { JobError } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import { getColumn } from '../data/table.ts';
import type { Design, Family, InputSpec } from './types.ts';

/** Raw inputs, column-major: categorical codes (as numbers, -1 missing) or numeric values (NaN missing). */
export type RawColumns = Float64Array[];

export function rawColumns(table: Table, inputs: string[]): RawColumns {
  return inputs.map((name) => {
    const col = getColumn(table, name);
    if (col.kind === 'categorical') return Float64Array.from(col.codes);
    return col.values;
  });
}

/**
 * Fit the pipeline on the training rows. The most frequent level is the reference (so intercept = typical row,
 * and the GLM stays identifiable for delta-method intervals). Skewed non-negative metrics are log1p'd for the
 * log/logit links, where effects are multiplicative.
 */
export function fitDesign(table: Table, inputs: string[], train: Int32Array, family: Family): Design {
  const specs: InputSpec[] = [];
  const columnNames: string[] = [];
  const groups: number[][] = [];
  for (const name of inputs) {
    const col = getColumn(table, name);
    if (col.kind === 'categorical') {
      const counts = new Float64Array(col.dictionary.length);
      for (const r of train) { const c = col.codes[r]!; if (c >= 0) counts[c]! += 1; }
      let reference = 0;
      for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[reference]!) reference = i;
      const g: number[] = [];
      col.dictionary.forEach((lvl, i) => {
        if (i === reference) return;
        g.push(columnNames.length);
        columnNames.push(`${name}=${lvl}`);
      });
      specs.push({ kind: 'categorical', name, levels: col.dictionary.slice(), reference });
      groups.push(g);
    } else {
      let min = Infinity;
      let s = 0;
      let n = 0;
      for (const r of train) { const v = col.values[r]!; if (!Number.isNaN(v)) { s += v; n++; if (v < min) min = v; } }
      if (n === 0) throw new JobError('ads-input', `Input column \`${name}\` has no numeric values in the training rows.`);
      const log = family !== 'linear' && min >= 0;
      let mean = 0;
      let m = 0;
      for (const r of train) { const v = col.values[r]!; if (!Number.isNaN(v)) { mean += log ? Math.log1p(v) : v; m++; } }
      mean /= m;
      let ss = 0;
      for (const r of train) { const v = col.values[r]!; if (!Number.isNaN(v)) { const t = (log ? Math.log1p(v) : v) - mean; ss += t * t; } }
      const sd = Math.sqrt(ss / Math.max(1, m - 1)) || 1;
      specs.push({ kind: 'numeric', name, log, mean, sd });
      groups.push([columnNames.length]);
      columnNames.push(name);
    }
  }
  return { inputs: specs, columnNames, groups, width: columnNames.length };
}

/** Encode one raw value of input `i` into `out` at row offset `o` (columns of other inputs untouched). */
export function encodeValue(design: Design, i: number, v: number, out: Float32Array, o: number): void {
  const spec = design.inputs[i]!;
  const g = design.groups[i]!;
  if (spec.kind === 'categorical') {
    for (const c of g) out[o + c] = 0;
    if (v < 0 || v === spec.reference || Number.isNaN(v)) return;
    const slot = v < spec.reference ? v : v - 1;
    out[o + g[slot]!] = 1;
  } else {
    // Missing → the training mean (z = 0).
    out[o + g[0]!] = Number.isNaN(v) ? 0 : ((spec.log ? Math.log1p(Math.max(0, v)) : v) - spec.mean) / spec.sd;
  }
}

/** Design matrix (row-major, rows × width) for the given row indices. */
export function encodeRows(design: Design, raw: RawColumns, rows: ArrayLike<number>): Float32Array {
  const w = design.width;
  const out = new Float32Array(rows.length * w);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    for (let i = 0; i < design.inputs.length; i++) encodeValue(design, i, raw[i]![r]!, out, k * w);
  }
  return out;
}

/** Design matrix from raw row vectors (what-if scenarios). */
export function encodeRawRows(design: Design, rows: number[][]): Float32Array {
  const w = design.width;
  const out = new Float32Array(rows.length * w);
  rows.forEach((row, k) => {
    for (let i = 0; i < design.inputs.length; i++) encodeValue(design, i, row[i] ?? NaN, out, k * w);
  });
  return out;
}
