// The data behind a chart as a plain table (column heads, rows of cells): the text alternative screen readers get.
import type { ChartConfiguration } from 'chart.js';
import { fmt } from '../../core/format.ts';

export interface ChartTableData {
  /** One head per series (the dataset's label), after the row-label column. */
  heads: string[];
  /** Each row: its label, then one cell per series ('' where that series has no value). */
  rows: { label: string; cells: string[] }[];
}

function cell(v: unknown): string {
  if (typeof v === 'number') return fmt(v);
  if (v && typeof v === 'object' && 'y' in v) return cell((v as { y: unknown }).y);
  return v === null || v === undefined ? '' : String(v);
}

/**
 * Category charts (bar, line with labels): one row per label. Point charts (scatter, bubble, line of {x, y}): one
 * row per distinct x. Rows are capped at `maxRows` (a 5,000-point scatter is not read aloud point by point).
 */
export function chartTable(config: ChartConfiguration, maxRows = 200): ChartTableData {
  const sets = config.data.datasets;
  const heads = sets.map((d, i) => (typeof d.label === 'string' && d.label ? d.label : `${i + 1}`));
  const labels = config.data.labels;
  if (labels && labels.length) {
    const rows = labels.slice(0, maxRows).map((l, r) => ({
      label: Array.isArray(l) ? l.join(' ') : String(l),
      cells: sets.map((d) => cell((d.data as unknown[])[r])),
    }));
    return { heads, rows };
  }
  const byX = new Map<string, string[]>();
  sets.forEach((d, s) => {
    for (const p of d.data as unknown[]) {
      if (!p || typeof p !== 'object' || !('x' in p)) continue;
      const x = (p as { x: unknown }).x;
      const key = typeof x === 'number' ? fmt(x) : String(x);
      if (!byX.has(key)) {
        if (byX.size >= maxRows) continue;
        byX.set(
          key,
          sets.map(() => ''),
        );
      }
      byX.get(key)![s] = cell(p);
    }
  });
  return { heads, rows: [...byX].map(([label, cells]) => ({ label, cells })) };
}
