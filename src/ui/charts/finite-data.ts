// Chart data without NaN or ±Infinity: Chart.js builds its axes from the data, and an infinite value leaves an axis
// without a usable range. A value that is not finite is drawn as a gap (null) instead.
import type { ChartConfiguration } from 'chart.js';

const clean = (v: unknown): unknown => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(clean); // floating bars [low, high]
  if (v && typeof v === 'object') {
    const p = v as Record<string, unknown>;
    if ('x' in p || 'y' in p)
      return { ...p, ...('x' in p ? { x: clean(p.x) } : {}), ...('y' in p ? { y: clean(p.y) } : {}) };
  }
  return v;
};

/** Replaces every non-finite number in the datasets' data by null, in place (on a snapshot the caller owns). */
export function finiteData(cfg: ChartConfiguration): ChartConfiguration {
  for (const ds of cfg.data?.datasets ?? []) {
    const d = ds as { data?: unknown[] };
    if (Array.isArray(d.data)) d.data = d.data.map(clean);
  }
  return cfg;
}
