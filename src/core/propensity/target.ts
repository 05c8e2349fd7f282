// The binary target: which column it is, its 0/1 vector (positive class inferred) and the rows that carry a label.
import { JobError } from '../jobs.ts';
import { columnByRole, type Column, type RoleMap, type Table } from '../data/table.ts';

const POSITIVE = /^(1|1\.0|yes|y|true|t|churn|churned|bought|purchased|converted|positive|pos)$/i;

/** The target column: named by `target`, else the column with role "target". */
export function findTargetColumn(table: Table, roles: RoleMap, target: string | undefined): Column {
  const targetCol = target ? table.columns.find((c) => c.name === target) : columnByRole(table, roles, 'target');
  if (!targetCol)
    throw new JobError(
      'missing-role',
      target
        ? `Target column \`${target}\` is not in the file.`
        : 'Choose the target column (the yes/no outcome to predict), or map a column to "binary target".',
    );
  return targetCol;
}

/** 0/1 (NaN = missing) from a numeric, boolean or two-valued categorical column. */
export function targetVector(col: Column, positive?: string): { y: Float32Array; positive: string } {
  const n = col.kind === 'numeric' ? col.values.length : col.codes.length;
  const y = new Float32Array(n);
  const levels = new Map<string, number>();
  const text = (i: number) =>
    col.kind === 'numeric'
      ? Number.isNaN(col.values[i]!)
        ? ''
        : String(col.values[i])
      : col.codes[i]! < 0
        ? ''
        : col.dictionary[col.codes[i]!]!.trim();
  for (let i = 0; i < n; i++) {
    const t = text(i);
    if (t) levels.set(t, (levels.get(t) ?? 0) + 1);
  }
  if (levels.size !== 2 && !(levels.size === 1 && positive)) {
    const shown = [...levels.keys()]
      .slice(0, 6)
      .map((l) => `"${l}"`)
      .join(', ');
    throw new JobError(
      'target-not-binary',
      `Target column \`${col.name}\` must have exactly two values (e.g. Yes/No or 1/0); it has ${levels.size}: ${shown}${levels.size > 6 ? ', …' : ''}.`,
      { column: col.name, levels: levels.size },
    );
  }
  const names = [...levels.keys()];
  const pos =
    positive ??
    names.find((l) => POSITIVE.test(l)) ??
    names.sort((a, b) => levels.get(a)! - levels.get(b)! || a.localeCompare(b))[0]!;
  if (!levels.has(pos)) throw new JobError('bad-option', `Target column \`${col.name}\` has no value "${pos}".`);
  for (let i = 0; i < n; i++) {
    const t = text(i);
    y[i] = t === '' ? NaN : t === pos ? 1 : 0;
  }
  return { y, positive: pos };
}

/** Indices of the rows whose target is present. */
export function labelledRows(y: Float32Array): Int32Array {
  const r: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) r.push(i);
  return Int32Array.from(r);
}
