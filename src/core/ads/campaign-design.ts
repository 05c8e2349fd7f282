// Feature pipeline as plain data: categorical factors → one-hot (reference level dropped), metrics → (log1p) z-score.
// The per-column encoders are the customer pipeline's (features/encode.ts); this file keeps the ads policies.
import { JobError } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import { getColumn } from '../data/table.ts';
import type { Design, Family, InputSpec } from './types.ts';
import {
  encodeNumber,
  fitCategoricalEncoder,
  fitNumericEncoder,
  indicatorNames,
  levelSlot,
  type CategoricalEncoder,
  type NumericEncoder,
} from '../features/encode.ts';

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
 * and the GLM stays identifiable for delta-method intervals). Non-negative metrics are log1p'd for the
 * log/logit links, where effects are multiplicative.
 */
export function fitDesign(table: Table, inputs: string[], train: Int32Array, family: Family): Design {
  const specs: InputSpec[] = [];
  const columnNames: string[] = [];
  const groups: number[][] = [];
  for (const name of inputs) {
    const col = getColumn(table, name);
    let spec: InputSpec;
    if (col.kind === 'categorical') {
      const { encoder } = fitCategoricalEncoder(col.codes, col.dictionary, { kind: 'reference' }, train);
      spec = { kind: 'categorical', name, levels: encoder.levels, reference: encoder.reference };
    } else {
      // Missing metrics are left out of the fit and encode to the mean (z = 0); the sd is the sample sd.
      const log1p = { mode: family === 'linear' ? 'none' : 'all', binary: true } as const;
      const fit = fitNumericEncoder(col.values, { rows: train, impute: 'none', log1p, scale: 'sample' });
      if (fit.present === 0) {
        throw new JobError('ads-input', `Input column \`${name}\` has no numeric values in the training rows.`);
      }
      spec = { kind: 'numeric', name, log: fit.encoder.log1p, mean: fit.encoder.mean, sd: fit.encoder.sd };
    }
    const names = spec.kind === 'numeric' ? [name] : indicatorNames(name, categoricalEncoder(spec));
    specs.push(spec);
    groups.push(names.map((_, k) => columnNames.length + k));
    columnNames.push(...names);
  }
  return { inputs: specs, columnNames, groups, width: columnNames.length };
}

type InputEncoder = { kind: 'numeric'; enc: NumericEncoder } | { kind: 'categorical'; enc: CategoricalEncoder };

function categoricalEncoder(spec: InputSpec & { kind: 'categorical' }): CategoricalEncoder {
  return { levels: spec.levels, reference: spec.reference, other: false, missing: false };
}

/** The shared encoder of a stored input spec: codes address `levels` directly; unknown codes encode to zeros. */
function inputEncoder(spec: InputSpec): InputEncoder {
  if (spec.kind === 'categorical') return { kind: 'categorical', enc: categoricalEncoder(spec) };
  return { kind: 'numeric', enc: { impute: null, log1p: spec.log, mean: spec.mean, sd: spec.sd } };
}

function writeInput(e: InputEncoder, g: number[], v: number, out: Float32Array, o: number): void {
  if (e.kind === 'numeric') {
    out[o + g[0]!] = encodeNumber(e.enc, v);
    return;
  }
  for (const c of g) out[o + c] = 0;
  const slot = levelSlot(e.enc, v);
  if (slot >= 0) out[o + g[slot]!] = 1;
}

/** Encode one raw value of input `i` into `out` at row offset `o` (columns of other inputs untouched). */
export function encodeValue(design: Design, i: number, v: number, out: Float32Array, o: number): void {
  writeInput(inputEncoder(design.inputs[i]!), design.groups[i]!, v, out, o);
}

/** Design matrix (row-major, rows × width) for the given row indices. */
export function encodeRows(design: Design, raw: RawColumns, rows: ArrayLike<number>): Float32Array {
  const w = design.width;
  const out = new Float32Array(rows.length * w);
  const encoders = design.inputs.map(inputEncoder);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    for (let i = 0; i < encoders.length; i++) writeInput(encoders[i]!, design.groups[i]!, raw[i]![r]!, out, k * w);
  }
  return out;
}

/** Design matrix from raw row vectors (what-if scenarios). */
export function encodeRawRows(design: Design, rows: number[][]): Float32Array {
  const w = design.width;
  const out = new Float32Array(rows.length * w);
  const encoders = design.inputs.map(inputEncoder);
  rows.forEach((row, k) => {
    for (let i = 0; i < encoders.length; i++) writeInput(encoders[i]!, design.groups[i]!, row[i] ?? NaN, out, k * w);
  });
  return out;
}
