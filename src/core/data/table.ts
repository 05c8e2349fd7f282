// The columnar Table: the one in-memory shape every core job reads.
// Numbers, booleans and dates live in Float64Array (NaN = missing; dates = epoch ms);
// categories, ids and text are dictionary-encoded Int32Array codes (-1 = missing).

export type ColumnType = 'integer' | 'decimal' | 'boolean' | 'date' | 'categorical' | 'text' | 'id';

export type Role =
  | 'customer_id'
  | 'item_id'
  | 'timestamp'
  | 'quantity'
  | 'price'
  | 'amount'
  | 'rating'
  | 'target'
  | 'channel'
  | 'spend'
  | 'impressions'
  | 'clicks'
  | 'conversions'
  | 'categorical'
  | 'numeric'
  | 'text'
  | 'ignore';

export const ROLES: readonly Role[] = [
  'customer_id',
  'item_id',
  'timestamp',
  'quantity',
  'price',
  'amount',
  'rating',
  'target',
  'channel',
  'spend',
  'impressions',
  'clicks',
  'conversions',
  'categorical',
  'numeric',
  'text',
  'ignore',
];

export const ROLE_LABELS: Record<Role, string> = {
  customer_id: 'customer id',
  item_id: 'item id',
  timestamp: 'timestamp',
  quantity: 'quantity',
  price: 'price',
  amount: 'amount/revenue',
  rating: 'rating',
  target: 'binary target',
  channel: 'channel',
  spend: 'spend',
  impressions: 'impressions',
  clicks: 'clicks',
  conversions: 'conversions',
  categorical: 'categorical',
  numeric: 'numeric',
  text: 'text',
  ignore: 'ignore',
};

export interface NumericColumn {
  kind: 'numeric';
  name: string;
  type: 'integer' | 'decimal' | 'boolean' | 'date';
  values: Float64Array;
  /** Booleans imported from words (`No`/`Yes`): the text for 0 and 1, for display. */
  labels?: [string, string];
}

export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  type: 'categorical' | 'text' | 'id';
  codes: Int32Array;
  dictionary: string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  rowCount: number;
  columns: Column[];
}

/** Column name → role, as proposed by inference and edited by the user. */
export type RoleMap = Record<string, Role>;

export function getColumn(table: Table, name: string): Column {
  const col = table.columns.find((c) => c.name === name);
  if (!col)
    throw new Error(`column \`${name}\` is not in the table (have: ${table.columns.map((c) => c.name).join(', ')})`);
  return col;
}

/** First column carrying a role, if any. */
export function columnByRole(table: Table, roles: RoleMap, role: Role): Column | undefined {
  const name = Object.keys(roles).find((n) => roles[n] === role);
  return name === undefined ? undefined : table.columns.find((c) => c.name === name);
}

export function columnsByRole(table: Table, roles: RoleMap, role: Role): Column[] {
  return table.columns.filter((c) => roles[c.name] === role);
}

/** Value of a cell as a string (for display/export): '' when missing. */
export function cellText(col: Column, row: number): string {
  if (col.kind === 'categorical') {
    const code = col.codes[row] ?? -1;
    return code < 0 ? '' : (col.dictionary[code] ?? '');
  }
  const v = col.values[row] ?? NaN;
  if (Number.isNaN(v)) return '';
  if (col.type === 'date') return new Date(v).toISOString();
  if (col.labels && (v === 0 || v === 1)) return col.labels[v];
  return String(v);
}

/** Numeric view of a column: numeric values as is; categorical → NaN (callers encode those). */
export function numericValues(col: Column): Float64Array {
  if (col.kind === 'numeric') return col.values;
  throw new Error(`column \`${col.name}\` is ${col.type}, not numeric`);
}

/** Build a Table from row objects — for tests, samples and small in-memory data. */
export function tableFromRecords(
  records: Record<string, string | number | boolean | null | undefined>[],
  types: Record<string, ColumnType>,
): Table {
  const names = Object.keys(types);
  const n = records.length;
  const columns: Column[] = names.map((name) => {
    const type = types[name]!;
    if (type === 'categorical' || type === 'text' || type === 'id') {
      const dictionary: string[] = [];
      const index = new Map<string, number>();
      const codes = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const raw = records[r]![name];
        if (raw === null || raw === undefined || raw === '') {
          codes[r] = -1;
          continue;
        }
        const s = String(raw);
        let code = index.get(s);
        if (code === undefined) {
          code = dictionary.length;
          dictionary.push(s);
          index.set(s, code);
        }
        codes[r] = code;
      }
      return { kind: 'categorical', name, type, codes, dictionary };
    }
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const raw = records[r]![name];
      if (raw === null || raw === undefined || raw === '') values[r] = NaN;
      else if (typeof raw === 'boolean') values[r] = raw ? 1 : 0;
      else if (type === 'date' && typeof raw === 'string') values[r] = Date.parse(raw);
      else values[r] = Number(raw);
    }
    return { kind: 'numeric', name, type, values };
  });
  return { rowCount: n, columns };
}
