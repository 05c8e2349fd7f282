// How many levels of a factor a chart or table shows: a factor with thousands of levels (an id read as a category)
// shows the ones with the most rows (best and worst kept), in their own order, and says how many it left out.
import { fmtInt } from '../../core/format.ts';
import { m } from '../../paraglide/messages.js';

export const MAX_LEVELS = 40;

export function topLevels<T>(
  levels: readonly T[],
  weight: (l: T) => number,
  keep: (l: T) => boolean = () => false,
  max = MAX_LEVELS,
): T[] {
  if (levels.length <= max) return [...levels];
  const w = (l: T) => (Number.isFinite(weight(l)) ? weight(l) : -1);
  const order = levels.map((l, i) => i).sort((a, b) => w(levels[b]!) - w(levels[a]!) || a - b);
  const chosen = new Set(order.slice(0, max));
  levels.forEach((l, i) => {
    if (keep(l)) chosen.add(i);
  });
  return levels.filter((_, i) => chosen.has(i));
}

/** "Showing the 40 levels with the most rows of 10,000." — or null when every level is shown. */
export function levelsNote(shown: number, total: number, factor: string): string | null {
  return shown < total ? m.ads_levels_note({ factor, shown: fmtInt(shown), total: fmtInt(total) }) : null;
}
