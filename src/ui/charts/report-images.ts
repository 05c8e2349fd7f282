// Report charts → PNG data URLs: each ChartSpec drawn by Chart.js on an off-screen canvas, one per macrotask.
// Drawn from the report's own (already suppressed) aggregates rather than copied from the page's canvases: the page
// shows per-customer points (the segment map) and groups under k, which a report must not carry.
import ChartJs from 'chart.js/auto';
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { ChartSpec } from '../../core/report/index.ts';

const COLOURS = ['#2f6fed', '#e8590c', '#2b8a3e', '#ae3ec9', '#f59f00', '#0b7285'];
const WIDTH = 640;
const HEIGHT = 320;

function dataset(s: ChartSpec['series'][number], i: number, spec: ChartSpec): ChartDataset {
  const colour = s.dashed ? '#868e96' : COLOURS[i % COLOURS.length]!;
  const type = s.type ?? spec.type;
  return {
    type,
    label: s.label,
    data: s.data,
    borderColor: colour,
    backgroundColor: type === 'bar' ? colour : 'transparent',
    ...(s.dashed ? { borderDash: [5, 4] } : {}),
    pointRadius: type === 'line' ? 2 : 0,
  } as ChartDataset;
}

/** A report chart for Chart.js: static (no animation, no resizing), white canvas; its title is the caption below. */
export function reportChartConfig(spec: ChartSpec): ChartConfiguration {
  const value = spec.horizontal ? 'x' : 'y';
  const pct = (v: number | string) => `${Math.round(Number(v) * 100)} %`;
  const valueAxis = { beginAtZero: true, ...(spec.share ? { min: 0, max: 1, ticks: { callback: pct } } : {}) };
  const title = (text?: string) => (text ? { title: { display: true, text } } : {});
  return {
    type: spec.type,
    data: { labels: spec.labels, datasets: spec.series.map((s, i) => dataset(s, i, spec)) },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1.5,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: {
        legend: { display: spec.series.length > 1 },
      },
      scales: {
        x: { ...(value === 'x' ? valueAxis : {}), ...title(spec.xTitle) },
        y: { ...(value === 'y' ? valueAxis : {}), ...title(spec.yTitle) },
      },
    },
    plugins: [
      {
        id: 'white-background',
        beforeDraw: (chart) => {
          const ctx = chart.ctx;
          ctx.save();
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, chart.width, chart.height);
          ctx.restore();
        },
      },
    ],
  };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Every chart as a PNG data URL by id; each drawn in a task of its own so the page stays responsive. */
export async function drawReportCharts(specs: ChartSpec[]): Promise<Record<string, string>> {
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText = `position:fixed;left:-10000px;top:0;width:${WIDTH}px;height:${HEIGHT}px;overflow:hidden`;
  document.body.append(host);
  const out: Record<string, string> = {};
  try {
    for (const spec of specs) {
      await nextTask();
      const canvas = document.createElement('canvas');
      canvas.width = WIDTH;
      canvas.height = HEIGHT;
      canvas.style.cssText = `width:${WIDTH}px;height:${HEIGHT}px`;
      host.append(canvas);
      // Larger type than on screen: the image is printed at a third of the page's width.
      const size = ChartJs.defaults.font.size;
      ChartJs.defaults.font.size = 17;
      let chart: ChartJs;
      try {
        chart = new ChartJs(canvas, reportChartConfig(spec));
      } finally {
        ChartJs.defaults.font.size = size;
      }
      try {
        out[spec.id] = chart.toBase64Image('image/png');
      } finally {
        chart.destroy();
        canvas.remove();
      }
    }
  } finally {
    host.remove();
  }
  return out;
}
