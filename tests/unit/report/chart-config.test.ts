// Report charts → Chart.js configurations: static, axis titles on the axes they name, shares on a 0–100 % axis.
import { describe, expect, it } from 'vitest';
import { reportChartConfig } from '../../../src/ui/charts/report-images.ts';
import type { ChartSpec } from '../../../src/core/report/index.ts';

interface Axis {
  title?: { text: string };
  beginAtZero?: boolean;
  min?: number;
  max?: number;
  ticks?: { callback: (v: number) => string };
}
interface Opts {
  indexAxis: string;
  animation: boolean;
  responsive: boolean;
  scales: { x: Axis; y: Axis };
}
type Dataset = { borderDash?: number[]; data: unknown[] };

const spec = (over: Partial<ChartSpec>): ChartSpec => ({
  id: 'c',
  title: 'T',
  type: 'bar',
  labels: ['a', 'b'],
  series: [{ label: 's', data: [1, null] }],
  ...over,
});

describe('report chart configuration', () => {
  it('horizontal bars: categories down the y axis, the x title on the x (value) axis', () => {
    const c = reportChartConfig(spec({ horizontal: true, xTitle: 'customers' }));
    const o = c.options as unknown as Opts;
    expect(o.indexAxis).toBe('y');
    expect(o.animation).toBe(false);
    expect(o.responsive).toBe(false);
    expect(o.scales.x.title?.text).toBe('customers');
    expect(o.scales.x.beginAtZero).toBe(true);
    expect(o.scales.y.title).toBeUndefined();
  });

  it('shares: the value axis runs 0–1 with percent ticks; a dashed series is grey and dashed', () => {
    const c = reportChartConfig(
      spec({
        type: 'line',
        share: true,
        series: [
          { label: 'm', data: [0.2, 0.5] },
          { label: 'r', data: [0.1, 0.2], dashed: true },
        ],
      }),
    );
    const o = c.options as unknown as Opts;
    expect([o.scales.y.min, o.scales.y.max]).toEqual([0, 1]);
    expect(o.scales.y.ticks?.callback(0.5)).toBe('50 %');
    const d = c.data.datasets as unknown as Dataset[];
    expect(d[1]!.borderDash).toEqual([5, 4]);
    expect(d[0]!.borderDash).toBeUndefined();
    expect(d[0]!.data).toEqual([0.2, 0.5]);
  });
});
