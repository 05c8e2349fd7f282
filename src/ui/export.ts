// Exports from the browser: CSV (escaped, formula-injection safe) and PNG downloads. Nothing leaves the machine.

type Cell = string | number | boolean | null | undefined;

/** Neutralises spreadsheet formulas in exported text (CSV injection). */
function safeCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header.map(safeCell).join(',')];
  for (const r of rows) lines.push(r.map(safeCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

function clickDownload(filename: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}

export function download(filename: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  clickDownload(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(filename: string, header: string[], rows: Cell[][]): void {
  download(filename, new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
}

export function downloadDataUrl(filename: string, dataUrl: string): void {
  clickDownload(filename, dataUrl);
}

/** File-name-safe slug of user text. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'export';
}
