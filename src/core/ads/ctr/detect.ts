// Is a table an impression log (one row per impression, a 0/1 or two-valued outcome)? Decides whether the CTR models
// apply instead of the aggregated-rate models.
import { cellText, columnsByRole, type RoleMap, type Table } from '../../data/table.ts';

/**
 * True when `outcome` is a column whose non-missing cells take exactly two values — numbers 0 and 1, a boolean, or
 * two labels — and no column with role "impressions" counts more than one impression in a row (then rows are
 * aggregates and a rate model fits instead).
 */
export function isImpressionLog(table: Table, roles: RoleMap, outcome: string): boolean {
  const col = table.columns.find((c) => c.name === outcome);
  if (!col) return false;
  const seen = new Set<string>();
  for (let i = 0; i < table.rowCount && seen.size <= 2; i++) {
    if (col.kind === 'numeric') {
      const v = col.values[i]!;
      if (Number.isNaN(v)) continue;
      if (v !== 0 && v !== 1) return false;
    }
    const t = cellText(col, i).trim();
    if (t !== '') seen.add(t);
  }
  if (seen.size !== 2) return false;
  for (const imp of columnsByRole(table, roles, 'impressions')) {
    if (imp.kind !== 'numeric' || imp.name === outcome) continue;
    if (imp.values.some((v) => !Number.isNaN(v) && v !== 1)) return false;
  }
  return true;
}
