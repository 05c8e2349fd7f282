// Summaries + quality report of an already-typed Table (after a repair), keeping what inference knew (roles, PII).
import type { RoleMap, Table } from './table.ts';
import type { ColumnSummary, QualityFinding } from './schema.ts';
import { summariseColumn } from './summary.ts';
import { qualityReport } from './quality.ts';

export function describeTable(
  table: Table,
  roles: RoleMap,
  previous: ColumnSummary[] = [],
  carry: QualityFinding[] = [],
): { columns: ColumnSummary[]; quality: QualityFinding[] } {
  const prev = new Map(previous.map((c) => [c.name, c]));
  const columns: ColumnSummary[] = table.columns.map((col) => {
    const base = summariseColumn(col, undefined);
    const p = prev.get(col.name);
    const role = Object.hasOwn(roles, col.name) ? roles[col.name] : undefined;
    const s: ColumnSummary = { ...base, role: role ?? p?.role ?? 'ignore', roleConfidence: p?.roleConfidence ?? 1 };
    if (p?.pii) {
      s.pii = p.pii;
      s.pseudonymised = p.pseudonymised ?? false;
    }
    return s;
  });
  const quality = qualityReport({
    table,
    summaries: columns,
    roles,
    valueCounts: new Map(),
    offending: new Map(),
    trimmed: new Map(),
    parse: { raggedRows: 0, raggedFirst: [], blankLines: 0, encoding: '' },
  });
  // Facts about the original file (encoding, PII handling) stay true after a repair.
  for (const f of carry) if (f.code === 'encoding' || f.code === 'pii') quality.push(f);
  return { columns, quality };
}
