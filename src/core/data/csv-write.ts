// Writing CSV (exports from the app and the CLI): RFC 4180 quoting and spreadsheet-formula neutralisation.

export type Cell = string | number | boolean | null | undefined;

/** A plain number as text (`-1`, `+2.5`, `-3e-4`, `-.5`): a spreadsheet reads it as that number, never a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * One cell: numbers as is, text quoted when needed. Text that starts with `=`, `+`, `-`, `@`, tab or CR — what a
 * spreadsheet runs as a formula (`-1+cmd|' /C calc'!A0`, `@SUM(…)`) — gets a leading ' unless it is a plain number.
 */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}
