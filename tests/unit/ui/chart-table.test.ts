// chartTable: the text alternative of a chart holds the same numbers the chart draws, for category and point charts.
import type { ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { chartTable } from '../../../src/ui/charts/chart-table.ts';

describe('chartTable', () => {
  it('category chart: one row per label, one column per series, missing values empty', () => {
    const config = {
      type: 'bar',
      data: {
        labels: ['北京', 'Shanghai', ['two', 'lines']],
        datasets: [
          { label: 'Revenue', data: [1200, 30, 7] },
          { label: '', data: [1, 2] },
        ],
      },
    } as ChartConfiguration;
    const t = chartTable(config);
    expect(t.heads).toEqual(['Revenue', '2']);
    expect(t.rows.map((r) => r.label)).toEqual(['北京', 'Shanghai', 'two lines']);
    expect(t.rows[2]!.cells[1]).toBe('');
    expect(t.rows[0]!.cells[0]).toMatch(/1[,.]?200/);
  });

  it('point chart: rows by distinct x, series aligned, capped at maxRows', () => {
    const config = {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'a',
            data: [
              { x: 1, y: 10 },
              { x: 2, y: 20 },
              { x: 3, y: 30 },
            ],
          },
          { label: 'b', data: [{ x: 2, y: 5 }] },
        ],
      },
    } as ChartConfiguration;
    const t = chartTable(config);
    expect(t.rows).toHaveLength(3);
    expect(t.rows[1]!.cells).toEqual(['20', '5']);
    expect(t.rows[0]!.cells[1]).toBe('');
    expect(chartTable(config, 2).rows).toHaveLength(2);
  });
});
