// Headerless, space-aligned transaction logs (` 00004 0001 19970101  2   29.33`): the CSV reader sees one text column
// (its first line taken as the header). This splits such a table on runs of whitespace into typed fields and proposes
// which field is the customer, the date and the amount — general rules, no dataset's layout.
import { cellText, type Column, type RoleMap, type Table } from '../data/table.ts';
import { datePartsToMs, parseDateParts } from '../data/values.ts';

/** yyyymmdd (8 digits, a real calendar day) → UTC epoch ms, else NaN. */
export function compactDateMs(s: string): number {
  if (!/^\d{8}$/.test(s)) return NaN;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).getUTCDate() === d ? t : NaN;
}

/** Any date the app reads (ISO, slash, …) or yyyymmdd → epoch ms; NaN when it is not a date. */
export function dateMs(s: string): number {
  const c = compactDateMs(s);
  if (!Number.isNaN(c)) return c;
  const p = parseDateParts(s);
  return p ? datePartsToMs(p, false) : NaN;
}

const NUMBER_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** True when the table is one text column whose cells hold ≥ 3 whitespace-separated fields. */
export function isWhitespaceLog(table: Table): boolean {
  if (table.columns.length !== 1 || table.rowCount === 0) return false;
  const col = table.columns[0]!;
  if (col.kind !== 'categorical') return false;
  const probe = Math.min(table.rowCount, 50);
  for (let r = 0; r < probe; r++) if (cellText(col, r).trim().split(/\s+/).length < 3) return false;
  return true;
}

function fieldColumn(name: string, cells: string[]): Column {
  const present = cells.filter((s) => s !== '');
  if (present.length && present.every((s) => !Number.isNaN(compactDateMs(s))))
    return {
      kind: 'numeric',
      name,
      type: 'date',
      values: Float64Array.from(cells, (s) => (s ? compactDateMs(s) : NaN)),
    };
  if (present.length && present.every((s) => NUMBER_RE.test(s)) && !present.some((s) => /^0\d/.test(s))) {
    const values = Float64Array.from(cells, (s) => (s ? Number(s) : NaN));
    return { kind: 'numeric', name, type: present.some((s) => s.includes('.')) ? 'decimal' : 'integer', values };
  }
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(cells, (s) => {
    if (!s) return -1;
    let c = index.get(s);
    if (c === undefined) index.set(s, (c = dictionary.push(s) - 1));
    return c;
  });
  return { kind: 'categorical', name, type: 'id', codes, dictionary };
}

/**
 * Splits a one-column whitespace log into `field_1 … field_k`. The column name is the file's first line when the
 * reader took it for a header: it is kept as a data row when it splits into the same number of fields.
 * Roles: the first non-date field is the customer, the first date field the date, the last decimal field after the
 * date (else the last numeric one) the amount.
 */
export function splitWhitespaceLog(table: Table): { table: Table; roles: RoleMap } {
  const col = table.columns[0]!;
  const lines: string[][] = [];
  for (let r = 0; r < table.rowCount; r++) lines.push(cellText(col, r).trim().split(/\s+/));
  const k = Math.max(...lines.slice(0, 50).map((l) => l.length));
  const head = col.name.trim().split(/\s+/);
  if (head.length === k && head.some((s) => !Number.isNaN(compactDateMs(s)) || NUMBER_RE.test(s))) lines.unshift(head);
  const columns = Array.from({ length: k }, (_, j) =>
    fieldColumn(
      `field_${j + 1}`,
      lines.map((l) => l[j] ?? ''),
    ),
  );
  const roles: RoleMap = {};
  const date = columns.findIndex((c) => c.type === 'date');
  const customer = columns.findIndex((c) => c.type !== 'date');
  if (customer >= 0) roles[columns[customer]!.name] = 'customer_id';
  if (date >= 0) roles[columns[date]!.name] = 'timestamp';
  const after = columns
    .map((c, j) => ({ c, j }))
    .filter(({ c, j }) => j > date && j !== customer && c.kind === 'numeric');
  const amount = after.filter(({ c }) => c.type === 'decimal').pop() ?? after.pop();
  if (amount) roles[amount.c.name] = 'amount';
  return { table: { rowCount: lines.length, columns }, roles };
}
