// Data repairs as recorded steps: each step is plain data, applied to a Table without mutating it, and reports
// exactly how many cells/rows it changed — nothing is ever repaired silently.
import type { Column, Table } from './table.ts';
import { duplicateRowMask, fmtInt, outlierFences } from './quality.ts';
import { quantile, valueCountsOf } from './summary.ts';
import { msg, type Msg } from '../msg.ts';

export type RepairOp = 'drop-rows' | 'impute-median' | 'impute-mode' | 'cap-outliers' | 'treat-as-missing';
export type RepairTarget = 'missing' | 'negative' | 'outliers' | 'duplicates' | 'zero';

export interface RepairStep {
  op: RepairOp;
  /** Column the step looks at; not needed for dropping duplicate rows. */
  column?: string;
  /** Which cells/rows: defaults to 'missing' for drop/impute, 'outliers' for cap. */
  where?: RepairTarget;
  /** cap-outliers / outliers: explicit fences; computed as 3 × IQR beyond the quartiles when absent. */
  lower?: number;
  upper?: number;
}

export interface AppliedRepair {
  step: RepairStep;
  /** Rows dropped, or cells changed. */
  affected: number;
  description: string;
  /** The description in the reader's language (key + parameters). */
  text?: Msg;
}

/** Which cells a repair touched, as a message key (explicit, so the key test sees each). */
const WHERE_KEY: Record<RepairTarget, string> = {
  missing: 'repair_where_missing',
  negative: 'repair_where_negative',
  outliers: 'repair_where_outliers',
  duplicates: 'repair_where_duplicates',
  zero: 'repair_where_zero',
};

/** What a repair does, in words for the UI before the user applies it. */
export const REPAIR_HELP: Record<RepairOp, string> = {
  'drop-rows': 'Remove the affected rows from the dataset (other columns of those rows go too).',
  'impute-median': 'Fill missing numbers with the column median (robust to outliers).',
  'impute-mode': 'Fill missing values with the most frequent value of the column.',
  'cap-outliers': 'Clamp values beyond the fences (3 × IQR outside the quartiles) to the fence.',
  'treat-as-missing': 'Keep the rows but mark the affected values as missing.',
};

function findColumn(table: Table, name: string | undefined): Column {
  const col = table.columns.find((c) => c.name === name);
  if (!col) throw new Error(`repair: column \`${name ?? ''}\` is not in the dataset`);
  return col;
}

function fences(col: Column, step: RepairStep): { lower: number; upper: number } {
  if (col.kind !== 'numeric') throw new Error(`repair: \`${col.name}\` is not numeric`);
  if (step.lower !== undefined && step.upper !== undefined) return { lower: step.lower, upper: step.upper };
  return outlierFences(valueCountsOf(col.values)) ?? { lower: -Infinity, upper: Infinity };
}

/** Row mask of the cells a step targets. */
function targetMask(table: Table, step: RepairStep): Uint8Array {
  const n = table.rowCount;
  const where = step.where ?? (step.op === 'cap-outliers' ? 'outliers' : 'missing');
  if (where === 'duplicates') return duplicateRowMask(table).mask;
  const col = findColumn(table, step.column);
  const mask = new Uint8Array(n);
  if (col.kind === 'categorical') {
    if (where !== 'missing') throw new Error(`repair: \`${col.name}\` is not numeric`);
    for (let r = 0; r < n; r++) mask[r] = col.codes[r]! < 0 ? 1 : 0;
    return mask;
  }
  const v = col.values;
  if (where === 'missing') for (let r = 0; r < n; r++) mask[r] = v[r] !== v[r] ? 1 : 0;
  else if (where === 'negative') for (let r = 0; r < n; r++) mask[r] = v[r]! < 0 ? 1 : 0;
  else if (where === 'zero') for (let r = 0; r < n; r++) mask[r] = v[r] === 0 ? 1 : 0;
  else {
    const f = fences(col, step);
    for (let r = 0; r < n; r++) mask[r] = v[r]! < f.lower || v[r]! > f.upper ? 1 : 0;
  }
  return mask;
}

function count(mask: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++) c += mask[i]!;
  return c;
}

function dropRows(table: Table, mask: Uint8Array): Table {
  const keep = table.rowCount - count(mask);
  const columns: Column[] = table.columns.map((col) => {
    if (col.kind === 'categorical') {
      const codes = new Int32Array(keep);
      for (let r = 0, k = 0; r < table.rowCount; r++) if (!mask[r]) codes[k++] = col.codes[r]!;
      return { ...col, codes };
    }
    const values = new Float64Array(keep);
    for (let r = 0, k = 0; r < table.rowCount; r++) if (!mask[r]) values[k++] = col.values[r]!;
    return { ...col, values };
  });
  return { rowCount: keep, columns };
}

function replaceColumn(table: Table, col: Column): Table {
  return { rowCount: table.rowCount, columns: table.columns.map((c) => (c.name === col.name ? col : c)) };
}

function mostFrequentCode(codes: Int32Array, size: number): number {
  const freq = new Int32Array(size);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) freq[codes[i]!]!++;
  let best = -1;
  for (let c = 0; c < size; c++) if (best < 0 || freq[c]! > freq[best]!) best = c;
  return best;
}

export function applyRepair(table: Table, step: RepairStep): { table: Table; applied: AppliedRepair } {
  const mask = targetMask(table, step);
  const affected = count(mask);
  const where = step.where ?? (step.op === 'cap-outliers' ? 'outliers' : 'missing');
  const what = step.column ? `\`${step.column}\`` : 'the dataset';
  const said = { count: affected, where: msg(WHERE_KEY[where]), column: step.column ?? '' };
  if (step.op === 'drop-rows') {
    return {
      table: dropRows(table, mask),
      applied: {
        step,
        affected,
        description: `Dropped ${fmtInt(affected)} rows (${where}${step.column ? ` in ${what}` : ''}).`,
        text: msg(step.column ? 'repair_dropped_in' : 'repair_dropped', said),
      },
    };
  }
  const col = findColumn(table, step.column);
  if (step.op === 'impute-mode' && col.kind === 'categorical') {
    const mode = mostFrequentCode(col.codes, col.dictionary.length);
    const codes = col.codes.slice();
    if (mode >= 0) for (let r = 0; r < codes.length; r++) if (mask[r]) codes[r] = mode;
    const label = mode >= 0 ? col.dictionary[mode]! : '';
    return {
      table: replaceColumn(table, { ...col, codes }),
      applied: {
        step,
        affected,
        description: `Filled ${fmtInt(affected)} missing values of ${what} with the most frequent value \`${label}\`.`,
        text: msg('repair_filled_label', { ...said, value: label }),
      },
    };
  }
  if (col.kind !== 'numeric')
    throw new Error(`repair: ${step.op} needs a numeric column; \`${col.name}\` is ${col.type}`);
  const values = col.values.slice();
  let description: string;
  let text: Msg;
  if (step.op === 'impute-median' || step.op === 'impute-mode') {
    const vc = valueCountsOf(col.values);
    let fill = quantile(vc, 0.5);
    if (step.op === 'impute-mode') {
      let b = 0;
      for (let i = 1; i < vc.counts.length; i++) if (vc.counts[i]! > vc.counts[b]!) b = i;
      fill = vc.values[b] ?? NaN;
    }
    for (let r = 0; r < values.length; r++) if (mask[r]) values[r] = fill;
    const key = step.op === 'impute-median' ? 'repair_filled_median' : 'repair_filled_mode';
    text = msg(key, { ...said, value: String(+fill.toPrecision(6)) });
    description = `Filled ${fmtInt(affected)} ${where} values of ${what} with the ${step.op === 'impute-median' ? 'median' : 'most frequent value'} ${+fill.toPrecision(6)}.`;
  } else if (step.op === 'cap-outliers') {
    const f = fences(col, step);
    for (let r = 0; r < values.length; r++) if (mask[r]) values[r] = Math.min(f.upper, Math.max(f.lower, values[r]!));
    text = msg('repair_capped', {
      ...said,
      lower: String(+f.lower.toPrecision(6)),
      upper: String(+f.upper.toPrecision(6)),
    });
    description = `Capped ${fmtInt(affected)} values of ${what} to [${+f.lower.toPrecision(6)}, ${+f.upper.toPrecision(6)}].`;
  } else {
    for (let r = 0; r < values.length; r++) if (mask[r]) values[r] = NaN;
    description = `Marked ${fmtInt(affected)} ${where} values of ${what} as missing.`;
    text = msg('repair_marked', said);
  }
  return { table: replaceColumn(table, { ...col, values }), applied: { step, affected, description, text } };
}

/** Applies steps in order (the recorded repair history of a dataset). */
export function applyRepairs(table: Table, steps: RepairStep[]): { table: Table; applied: AppliedRepair[] } {
  const applied: AppliedRepair[] = [];
  let t = table;
  for (const step of steps) {
    const r = applyRepair(t, step);
    t = r.table;
    applied.push(r.applied);
  }
  return { table: t, applied };
}

/**
 * What undoing a repair needs, and no more: the column as it was (a fill, cap or mark-missing rewrites one column),
 * or the dropped rows with their positions (a drop keeps the dictionaries, so codes stay valid). Stored per repair,
 * its size is one column (8 bytes a row, 4 for text) or the dropped rows — not a copy of the table.
 */
export type RepairDelta =
  | { kind: 'column'; column: number; values: Float64Array | Int32Array }
  | { kind: 'rows'; rowCount: number; positions: Int32Array; values: (Float64Array | Int32Array)[] };

function columnData(c: Column): Float64Array | Int32Array {
  return c.kind === 'numeric' ? c.values : c.codes;
}

/** The delta that turns the table `step` makes of `before` back into `before`. */
export function repairDelta(before: Table, step: RepairStep): RepairDelta {
  if (step.op === 'drop-rows') {
    const mask = targetMask(before, step);
    const positions = new Int32Array(count(mask));
    for (let r = 0, k = 0; r < before.rowCount; r++) if (mask[r]) positions[k++] = r;
    const values = before.columns.map((c) => {
      const src = columnData(c);
      const out = c.kind === 'numeric' ? new Float64Array(positions.length) : new Int32Array(positions.length);
      for (let k = 0; k < positions.length; k++) out[k] = src[positions[k]!]!;
      return out;
    });
    return { kind: 'rows', rowCount: before.rowCount, positions, values };
  }
  const column = before.columns.findIndex((c) => c.name === step.column);
  if (column < 0) throw new Error(`repair: column \`${step.column ?? ''}\` is not in the dataset`);
  return { kind: 'column', column, values: columnData(before.columns[column]!).slice() };
}

function withData(c: Column, data: Float64Array | Int32Array): Column {
  return c.kind === 'numeric' ? { ...c, values: data as Float64Array } : { ...c, codes: data as Int32Array };
}

/** Applies a delta to the repaired table: the table exactly as it was before the repair. */
export function revertDelta(after: Table, d: RepairDelta): Table {
  if (d.kind === 'column') {
    const columns = after.columns.map((c, i) => (i === d.column ? withData(c, d.values.slice()) : c));
    return { rowCount: after.rowCount, columns };
  }
  const n = d.rowCount;
  const dropped = new Uint8Array(n);
  for (const p of d.positions) dropped[p] = 1;
  const columns = after.columns.map((c, ci) => {
    const kept = columnData(c);
    const back = d.values[ci]!;
    const out = c.kind === 'numeric' ? new Float64Array(n) : new Int32Array(n);
    for (let r = 0, k = 0, b = 0; r < n; r++) out[r] = dropped[r] ? back[b++]! : kept[k++]!;
    return withData(c, out);
  });
  return { rowCount: n, columns };
}

/** Bytes a delta keeps (for the storage note in the UI and the history). */
export function deltaBytes(d: RepairDelta): number {
  return d.kind === 'column'
    ? d.values.byteLength
    : d.positions.byteLength + d.values.reduce((s, v) => s + v.byteLength, 0);
}
