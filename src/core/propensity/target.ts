// The binary target: which column it is, its 0/1 vector (positive class inferred) and the rows that carry a label.
import { JobError } from '../jobs.ts';
import { columnByRole, type Column, type RoleMap, type Table } from '../data/table.ts';
import { parseBoolWord } from '../data/values.ts';

const POSITIVE = /^(1|1\.0|yes|y|true|t|churn|churned|bought|purchased|converted|positive|pos)$/i;

/** The target column: named by `target`, else the column with role "target". */
export function findTargetColumn(table: Table, roles: RoleMap, target: string | undefined): Column {
  const targetCol = target ? table.columns.find((c) => c.name === target) : columnByRole(table, roles, 'target');
  if (!targetCol)
    throw target
      ? new JobError('missing-target', `Target column \`${target}\` is not in the file.`, { column: target })
      : new JobError(
          'no-target',
          'Choose the target column (the yes/no outcome to predict), or map a column to "binary target".',
        );
  return targetCol;
}

/** Row value → display text as the file wrote it (booleans imported from words keep their words), '' = missing. */
function cellLabel(col: Column): (i: number) => string {
  if (col.kind === 'categorical') return (i) => (col.codes[i]! < 0 ? '' : col.dictionary[col.codes[i]!]!.trim());
  const labels = col.labels;
  return (i) => {
    const v = col.values[i]!;
    if (Number.isNaN(v)) return '';
    return labels && (v === 0 || v === 1) ? labels[v] : String(v);
  };
}

/** `yes`/`true`/`1` → 1, `no`/`false`/`0` → 0, anything else NaN: how a boolean column is asked for in other words. */
function booleanMeaning(s: string): number {
  const t = s.trim();
  if (t === '1' || t === '1.0') return 1;
  if (t === '0' || t === '0.0') return 0;
  return parseBoolWord(t);
}

function valueList(levels: Iterable<string>): string {
  const all = [...levels];
  const shown = all
    .slice(0, 6)
    .map((l) => `"${l}"`)
    .join(', ');
  return `${shown}${all.length > 6 ? ', …' : ''}`;
}

/**
 * The level `positive` names: as written, else ignoring case, else (boolean columns) by meaning, so `--positive yes`
 * finds `Yes`, `Y`, `TRUE` or `1`. A boolean column's other word may be absent from a one-valued test file, so a
 * meaning match returns the column's word for it even when no row holds it.
 */
function resolvePositive(col: Column, names: string[], positive: string): string | undefined {
  const asked = positive.trim();
  const exact = names.find((l) => l === asked);
  if (exact !== undefined) return exact;
  const lower = asked.toLowerCase();
  const folded = names.find((l) => l.toLowerCase() === lower);
  if (folded !== undefined) return folded;
  if (col.kind !== 'numeric' || col.type !== 'boolean') return undefined;
  const b = booleanMeaning(asked);
  if (Number.isNaN(b)) return undefined;
  return col.labels ? col.labels[b] : String(b);
}

/**
 * 0/1 (NaN = missing) from a numeric, boolean or two-valued categorical column. `positive` is matched against the
 * values as the file wrote them (case-insensitively); the returned `positive` is the file's own spelling.
 */
export function targetVector(col: Column, positive?: string): { y: Float32Array; positive: string } {
  const n = col.kind === 'numeric' ? col.values.length : col.codes.length;
  const text = cellLabel(col);
  const levels = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = text(i);
    if (t) levels.set(t, (levels.get(t) ?? 0) + 1);
  }
  if (levels.size !== 2 && !(levels.size === 1 && positive)) {
    throw new JobError(
      'target-not-binary',
      `Target column \`${col.name}\` must have exactly two values (e.g. Yes/No or 1/0); it has ${levels.size}: ${valueList(levels.keys())}.`,
      { column: col.name, levels: levels.size, values: valueList(levels.keys()) },
    );
  }
  const names = [...levels.keys()];
  const pos =
    positive !== undefined
      ? resolvePositive(col, names, positive)
      : (names.find((l) => POSITIVE.test(l)) ??
        names.slice().sort((a, b) => levels.get(a)! - levels.get(b)! || a.localeCompare(b))[0]!);
  if (pos === undefined)
    throw new JobError(
      'bad-option',
      `Target column \`${col.name}\` has no value "${positive}"; its values are ${valueList(names)}.`,
      { column: col.name, positive, values: names },
    );
  const y = new Float32Array(n);
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
