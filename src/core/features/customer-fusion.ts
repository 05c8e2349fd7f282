// Customer ids as join keys: float-looking ids normalised (`17850.0` → `17850`), and the left join of a customer
// table onto per-customer rows ("fusion").
import { JobError } from '../jobs.ts';
import type { Column, Table } from '../data/table.ts';

/** Row → id string, with float-looking ids normalised (`17850.0` → `17850`). Empty string = missing. */
export function idKeys(col: Column): string[] {
  const norm = (s: string) => (/^-?\d+\.0+$/.test(s) ? s.slice(0, s.indexOf('.')) : s.trim());
  if (col.kind === 'categorical') {
    const dict = col.dictionary.map(norm);
    return Array.from(col.codes, (c) => (c < 0 ? '' : dict[c]!));
  }
  return Array.from(col.values, (v) => (Number.isNaN(v) ? '' : norm(String(v))));
}

/**
 * "Fusion": left-join a customer table onto per-customer rows by customer id. Columns of `extra` other than its id
 * are appended (name clashes get a `customer.` prefix); unmatched customers get missing values.
 */
export function fuseCustomers(
  base: Table,
  baseIdColumn: string,
  extra: Table,
  extraIdColumn: string,
): { table: Table; matched: number } {
  const baseKeys = idKeys(
    base.columns.find((c) => c.name === baseIdColumn) ??
      (() => {
        throw new JobError('missing-column', `Column \`${baseIdColumn}\` is not in the table.`);
      })(),
  );
  const extraIdCol = extra.columns.find((c) => c.name === extraIdColumn);
  if (!extraIdCol)
    throw new JobError('missing-column', `The customer table has no column \`${extraIdColumn}\` to join on.`);
  const pos = new Map<string, number>();
  idKeys(extraIdCol).forEach((k, i) => {
    if (k && !pos.has(k)) pos.set(k, i);
  });
  const rowOf = baseKeys.map((k) => pos.get(k) ?? -1);
  const matched = rowOf.filter((r) => r >= 0).length;
  const names = new Set(base.columns.map((c) => c.name));
  const added: Column[] = extra.columns
    .filter((c) => c !== extraIdCol)
    .map((c) => {
      const name = names.has(c.name) ? `customer.${c.name}` : c.name;
      if (c.kind === 'numeric')
        return { ...c, name, values: Float64Array.from(rowOf, (r) => (r < 0 ? NaN : c.values[r]!)) };
      return { ...c, name, codes: Int32Array.from(rowOf, (r) => (r < 0 ? -1 : c.codes[r]!)) };
    });
  return { table: { rowCount: base.rowCount, columns: [...base.columns, ...added] }, matched };
}
