// Ads report on an impression log: the click models against the constant click rate, importance with intervals, click
// rate per level with Wilson intervals (levels under k impressions left out) and the "no usable signal" guard.
import { bestModel, noSignalReason, type AdsCtrJobResult } from '../ads/ctr-job.ts';
import { analysed, finish, text } from './common.ts';
import { chartValue, int, num, pct } from './format.ts';
import type { CtrResult } from '../ads/ctr/types.ts';
import { Suppression, type Block, type ChartSpec, type ReportModel, type ReportSource } from './model.ts';
import { words } from './words.ts';

const w = words.ads;

type Level = { factor: string; level: string; impressions: number; ctr: number; low: number; high: number };

/** The levels with at least k impressions, each with its factor. */
function keptLevels(c: CtrResult, sup: Suppression): Level[] {
  const levels: Level[] = [];
  for (const e of c.effects) {
    const kept = sup.keep(
      words.group.level,
      e.levels,
      (l) => l.impressions,
      (l) => l.level,
    );
    for (const l of kept) levels.push({ factor: e.factor, ...l });
  }
  return levels;
}

/** Per factor (most important first), its highest and lowest click-rate level among the kept ones. */
function extremes(c: CtrResult, levels: Level[]): string[][] {
  const cell = (l: Level) =>
    `${l.level}: ${pct(l.ctr, 2)} [${pct(l.low, 2)} – ${pct(l.high, 2)}], ${int(l.impressions)}`;
  const order = [...c.importance.map((i) => i.factor), ...c.effects.map((e) => e.factor)];
  return [...new Set(order)].flatMap((factor) => {
    const own = levels.filter((l) => l.factor === factor);
    if (own.length < 2) return [];
    const hi = own.reduce((a, b) => (b.ctr > a.ctr ? b : a));
    const lo = own.reduce((a, b) => (b.ctr < a.ctr ? b : a));
    return [[factor, cell(hi), cell(lo)]];
  });
}

function mainBlocks(c: CtrResult, levels: Level[], weak: boolean): Block[] {
  const main: Block[] = [
    {
      kind: 'facts',
      items: [
        [w.impressions, int(c.rows)],
        [w.clickRate, pct(c.clickRate, 2)],
      ],
    },
    {
      kind: 'table',
      caption: w.models,
      head: w.modelsHead,
      rows: [
        [w.baseline, num(c.baseline.auc, 3), num(c.baseline.logLoss, 4)],
        ...c.models.map((m) => [m.kind === c.best ? words.rec.best(m.kind) : m.kind, num(m.auc, 3), num(m.logLoss, 4)]),
      ],
      numeric: [false, true, true],
    },
  ];
  if (!weak)
    main.push({
      kind: 'table',
      caption: w.importance,
      head: w.importanceHead,
      rows: c.importance.map((i) => [i.factor, num(i.drop, 4), `${num(i.low, 4)} – ${num(i.high, 4)}`]),
      numeric: [false, true, true],
      transpose: c.importance.length <= 8,
    });
  const rows = extremes(c, levels);
  if (rows.length)
    main.push({ kind: 'table', caption: w.levels, head: w.levelsHead, rows, numeric: [false, true, true] });
  return main;
}

function nextSteps(c: CtrResult, levels: Level[]): string[] {
  const next: string[] = [];
  const top = c.importance[0];
  if (top) next.push(w.next.top(top.factor));
  // The best level of the two most important factors whose interval lies above the overall click rate.
  for (const imp of c.importance.slice(0, 2)) {
    const lv = levels.filter((l) => l.factor === imp.factor && l.low > c.clickRate).sort((a, b) => b.ctr - a.ctr)[0];
    if (lv) next.push(w.next.ctrLevel(lv.factor, lv.level, pct(lv.ctr, 2)));
  }
  return next;
}

export function ctrReport(src: ReportSource<unknown>, res: AdsCtrJobResult): ReportModel {
  const c = res.ctr;
  const sup = new Suppression(src.k);
  const weak = noSignalReason(c);
  const levels = keptLevels(c, sup);
  const chart: ChartSpec = {
    id: 'ads-ctr-importance',
    title: w.importanceChart,
    type: 'bar',
    horizontal: true,
    labels: c.importance.map((i) => i.factor),
    series: [{ label: w.importanceHead[1]!, data: c.importance.map((i) => chartValue(i.drop)) }],
  };
  const columns = c.encoding.fields.map((f) => f.name);
  return finish(
    {
      feature: 'ads',
      analysed: analysed(src, columns, w.ctrModel(bestModel(c).kind), [[words.analysed.target, c.outcome]]),
      main: mainBlocks(c, levels, weak !== null),
      charts: weak ? [] : [chart],
      next: weak ? [] : nextSteps(c, levels),
      caveats: [...(weak ? [text(weak)] : []), ...c.notes.map(text)],
    },
    sup,
  );
}
