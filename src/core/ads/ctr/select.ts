// Which columns feed the CTR models by default, and why the others are left out (stated in the result's notes).
import type { Column, RoleMap, Table } from '../../data/table.ts';

/** Categorical columns need at least this many training impressions per level on average to be learnable. */
export const MIN_ROWS_PER_LEVEL = 20;

/**
 * Roles of other outcomes recorded after the impression (clicks, conversions, another target): leakage. Amounts stay:
 * inference also names user attributes such as an area income "amount".
 */
const LATER = new Set(['clicks', 'conversions', 'target']);

function distinctCodes(col: Column & { kind: 'categorical' }, rows: Int32Array): number {
  const seen = new Uint8Array(col.dictionary.length);
  let d = 0;
  for (let i = 0; i < rows.length; i++) {
    const c = col.codes[rows[i]!]!;
    if (c >= 0 && !seen[c]) {
      seen[c] = 1;
      d++;
    }
  }
  return d;
}

function distinctValues(values: Float64Array, rows: Int32Array, cap: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < rows.length && seen.size <= cap; i++) {
    const v = values[rows[i]!]!;
    if (!Number.isNaN(v)) seen.add(v);
  }
  return seen.size;
}

/** Why `col` is left out by default, or null when it is used. */
function dropReason(col: Column, roles: RoleMap, trainRows: Int32Array): string | null {
  const role = roles[col.name];
  if (role === 'ignore') return 'role "ignore"';
  if (role && LATER.has(role)) return `another outcome (role "${role}", recorded after the impression: it would leak)`;
  if (col.kind === 'numeric') {
    if (col.type === 'date') return 'a date (derive hour or weekday columns to use it)';
    return distinctValues(col.values, trainRows, 1) < 2 ? 'constant in the training rows' : null;
  }
  const levels = distinctCodes(col, trainRows);
  if (levels < 2) return 'constant in the training rows';
  if (levels * MIN_ROWS_PER_LEVEL > trainRows.length)
    return `id-like: ${levels} values in ${trainRows.length} training rows (under ${MIN_ROWS_PER_LEVEL} impressions per value)`;
  return null;
}

/**
 * The default features: every column but the outcome, except columns with role "ignore", other outcomes (clicks,
 * conversions, targets), dates, constants and id-like categorical columns (more than one distinct value per
 * MIN_ROWS_PER_LEVEL training rows: ids, free text, near-unique cities). Named `features` are used as given.
 */
export function selectFeatures(
  table: Table,
  roles: RoleMap,
  outcome: string,
  trainRows: Int32Array,
  features?: string[],
): { features: string[]; dropped: { column: string; reason: string }[] } {
  if (features) return { features: features.filter((f) => f !== outcome), dropped: [] };
  const used: string[] = [];
  const dropped: { column: string; reason: string }[] = [];
  for (const col of table.columns) {
    if (col.name === outcome) continue;
    const reason = dropReason(col, roles, trainRows);
    if (reason) dropped.push({ column: col.name, reason });
    else used.push(col.name);
  }
  return { features: used, dropped };
}
