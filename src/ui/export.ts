// Exports from the browser: CSV (escaped, formula-injection safe) and PNG downloads. Nothing leaves the machine.

import { toCsv, type Cell } from '../core/data/csv-write.ts';

export { toCsv };

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
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'export'
  );
}
