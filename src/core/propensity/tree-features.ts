// The trees' view of a customer table: one raw column per feature (numbers as they are, NaN = missing; categories and
// booleans as codes of the training dictionary), fitted on train and applied by text to any table.
import type { Table } from '../data/table.ts';

/** How each feature column is encoded; plain data, stored inside the model. */
export interface TreeSpec {
  version: 1;
  columns: string[];
  categorical: boolean[];
  /** Categorical columns: the training levels (code = index); null for numeric columns. */
  levels: (string[] | null)[];
}

/** The feature columns of `table` that trees can use: numeric, boolean and categorical (not ids, text or dates). */
export function fitTreeSpec(table: Table, featureColumns: string[], disabled: readonly string[] = []): TreeSpec {
  const spec: TreeSpec = { version: 1, columns: [], categorical: [], levels: [] };
  for (const name of featureColumns) {
    if (disabled.includes(name)) continue;
    const c = table.columns.find((col) => col.name === name);
    if (!c) continue;
    if (c.kind === 'numeric') {
      if (c.type === 'date') continue;
      spec.columns.push(name);
      spec.categorical.push(c.type === 'boolean');
      spec.levels.push(null);
    } else {
      if (c.type === 'id' || c.type === 'text') continue;
      spec.columns.push(name);
      spec.categorical.push(true);
      spec.levels.push([...c.dictionary]);
    }
  }
  return spec;
}

/** Row-major n × d matrix of `table` under `spec`; unseen levels get codes past the training ones (sent right). */
export function encodeTreeMatrix(spec: TreeSpec, table: Table): { data: Float32Array; rows: number; cols: number } {
  const n = table.rowCount;
  const d = spec.columns.length;
  const data = new Float32Array(n * d);
  spec.columns.forEach((name, f) => {
    const c = table.columns.find((col) => col.name === name);
    if (!c) throw new Error(`column \`${name}\` the model was trained on is not in this table`);
    if (c.kind === 'numeric') {
      for (let i = 0; i < n; i++) data[i * d + f] = c.values[i]!;
      return;
    }
    const levels = spec.levels[f] ?? [];
    const index = new Map(levels.map((s, k) => [s, k]));
    const codeOf = c.dictionary.map((s, k) => index.get(s) ?? levels.length + k);
    for (let i = 0; i < n; i++) {
      const code = c.codes[i]!;
      data[i * d + f] = code < 0 ? NaN : codeOf[code]!;
    }
  });
  return { data, rows: n, cols: d };
}
