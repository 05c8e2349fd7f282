// Test helper: a Table → the row-major GBDT matrix (numbers as float64 with NaN, categories/booleans as codes).
import type { Column, RoleMap, Table } from '../../../src/core/data/table.ts';

/** How each feature column was encoded, fitted on a training table and reused for its test table. */
export interface MatrixSpec {
  names: string[];
  categorical: boolean[];
  /** Categorical text columns: the training dictionary (code = index); null for numeric and boolean columns. */
  dictionaries: (string[] | null)[];
  target: string;
}

export interface Matrix {
  X: Float64Array;
  n: number;
  d: number;
  y: Float64Array;
}

const SKIP_ROLES = new Set(['ignore', 'customer_id', 'item_id', 'text', 'timestamp']);

/** Feature columns: every column but the target and id/text/ignored ones; booleans and categories as categorical. */
export function fitSpec(table: Table, roles: RoleMap, target: string, numericOverride: string[] = []): MatrixSpec {
  const spec: MatrixSpec = { names: [], categorical: [], dictionaries: [], target };
  for (const c of table.columns) {
    if (c.name === target || SKIP_ROLES.has(roles[c.name] ?? '')) continue;
    if (c.kind === 'categorical' && c.type !== 'categorical') continue;
    spec.names.push(c.name);
    const asNumber = numericOverride.includes(c.name) && c.kind === 'categorical';
    spec.categorical.push(!asNumber && (c.kind === 'categorical' || c.type === 'boolean'));
    spec.dictionaries.push(c.kind === 'categorical' ? [...c.dictionary] : null);
  }
  return spec;
}

function column(table: Table, name: string): Column {
  const c = table.columns.find((col) => col.name === name);
  if (!c) throw new Error(`column ${name} missing from the table`);
  return c;
}

/** Encodes `table` with `spec`: category text maps to the training code; unseen text gets a code past them. */
export function encode(table: Table, spec: MatrixSpec, numericOverride: string[] = []): Matrix {
  const n = table.rowCount;
  const d = spec.names.length;
  const X = new Float64Array(n * d);
  spec.names.forEach((name, f) => {
    const c = column(table, name);
    if (c.kind === 'numeric') {
      for (let i = 0; i < n; i++) X[i * d + f] = c.values[i]!;
      return;
    }
    const dict = spec.dictionaries[f]!;
    const index = new Map(dict.map((s, k) => [s, k]));
    const unseen = new Map<string, number>();
    const numeric = numericOverride.includes(name);
    for (let i = 0; i < n; i++) {
      const code = c.codes[i]!;
      if (code < 0) {
        X[i * d + f] = NaN;
        continue;
      }
      const s = c.dictionary[code]!;
      if (numeric) {
        X[i * d + f] = Number(s);
        continue;
      }
      let k = index.get(s);
      if (k === undefined) {
        k = unseen.get(s) ?? dict.length + unseen.size;
        unseen.set(s, k);
      }
      X[i * d + f] = k;
    }
  });
  const t = column(table, spec.target);
  if (t.kind !== 'numeric') throw new Error(`target ${spec.target} is not 0/1`);
  return { X, n, d, y: Float64Array.from(t.values) };
}
