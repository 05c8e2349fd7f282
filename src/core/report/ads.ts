// Ads report on a campaign log: importance with intervals, best/worst levels (levels under k rows left out), the
// marketing mix's shares and returns with its trust guard, and the budget plan; an impression log goes to ads-ctr.ts.
import { isCtrJobResult, type AdsAggregateJobResult, type AdsAllocationRecord, type AdsJobResult } from '../ads/job.ts';
import type { AllocationResult } from '../ads/types.ts';
import { analysed, finish, text } from './common.ts';
import { ctrReport } from './ads-ctr.ts';
import { chartValue, num, pct, range } from './format.ts';
import { Suppression, type Block, type ChartSpec, type ReportModel, type ReportSource } from './model.ts';
import { words } from './words.ts';

const w = words.ads;

/** The stored analysis and, when there is one, the stored budget plan. */
export interface AdsReportInput {
  analysis: AdsJobResult;
  plan: AdsAllocationRecord | null;
}

/** The plan to show: the stored one when made on this analysis, else the analysis's own allocation. */
function allocationOf(r: AdsAggregateJobResult, plan: AdsAllocationRecord | null, at: number): AllocationResult | null {
  if (plan && plan.analysisAt >= at) return plan.allocation;
  return r.allocation;
}

function effectsBlock(r: AdsAggregateJobResult, sup: Suppression, rate: boolean) {
  const f = (v: number) => (rate ? pct(v, 2) : num(v));
  const rows: string[][] = [];
  const best: { factor: string; best: string; worst: string }[] = [];
  for (const e of r.effects) {
    const levels = sup.keep(
      words.group.level,
      e.levels,
      (l) => l.rows,
      (l) => l.level,
    );
    if (levels.length < 2) continue;
    const hi = levels.reduce((a, b) => (b.value > a.value ? b : a));
    const lo = levels.reduce((a, b) => (b.value < a.value ? b : a));
    rows.push([e.factor, hi.level, range(hi.value, hi.low, hi.high, f), lo.level, range(lo.value, lo.low, lo.high, f)]);
    best.push({ factor: e.factor, best: hi.level, worst: lo.level });
  }
  const block: Block = {
    kind: 'table',
    caption: w.effects,
    head: w.effectsHead,
    rows,
    numeric: [false, false, true, false, true],
  };
  return { block, best };
}

function planBlocks(a: AllocationResult): Block[] {
  return [
    {
      kind: 'table',
      caption: w.plan,
      head: w.planHead,
      rows: a.channels.map((c, i) => {
        const cur = a.current[i] ?? NaN,
          pro = a.proposed[i] ?? NaN;
        return [c, num(cur), num(pro), `${pro - cur >= 0 ? '+' : ''}${num(pro - cur)}`];
      }),
      numeric: [false, true, true, true],
    },
    { kind: 'facts', items: [[w.planLift, range(a.lift, a.liftLow, a.liftHigh)]] },
  ];
}

function charts(r: AdsAggregateJobResult, alloc: AllocationResult | null, weak: boolean): ChartSpec[] {
  const out: ChartSpec[] = [];
  if (r.importance.length && !weak)
    out.push({
      id: 'ads-importance',
      title: w.importanceChart,
      type: 'bar',
      horizontal: true,
      labels: r.importance.map((i) => i.factor),
      series: [{ label: w.importanceHead[1]!, data: r.importance.map((i) => chartValue(i.mean)) }],
    });
  if (r.mmm?.channels.length)
    out.push({
      id: 'ads-mmm-share',
      title: w.shareChart,
      type: 'bar',
      share: true,
      labels: r.mmm.channels.map((c) => c.channel),
      series: [{ label: w.mmmHead[1]!, data: r.mmm.channels.map((c) => chartValue(c.share)) }],
    });
  if (alloc)
    out.push({
      id: 'ads-plan',
      title: w.planChart,
      type: 'bar',
      labels: alloc.channels,
      series: [
        { label: w.current, data: alloc.current.map(chartValue) },
        { label: w.proposed, data: alloc.proposed.map(chartValue) },
      ],
    });
  return out;
}

function aggregateReport(src: ReportSource<AdsReportInput>, r: AdsAggregateJobResult): ReportModel {
  const sup = new Suppression(src.k);
  const rate = r.outcome.kind === 'rate';
  const q = r.quality;
  // The result's own guard; results stored before it: the same bar on the stored test figures.
  const trust = r.trust ?? { usable: q.r2 > 0 && q.d2 > 0, reason: null, curves: null };
  const weak = !trust.usable;
  const main: Block[] = [
    {
      kind: 'facts',
      items: [[w.r2, num(q.r2, 3)]],
    },
  ];
  if (!weak)
    main.push({
      kind: 'table',
      caption: w.importance,
      head: w.importanceHead,
      rows: r.importance.map((i) => [i.factor, num(i.mean, 3), `${num(i.low, 3)} – ${num(i.high, 3)}`]),
      numeric: [false, true, true],
      // A handful of inputs read better across the page than down it.
      transpose: r.importance.length <= 8,
    });
  const eff = effectsBlock(r, sup, rate);
  if (eff.block.kind === 'table' && eff.block.rows.length && !weak) main.push(eff.block);
  const mmm = r.mmm ?? null;
  if (mmm) {
    main.push({
      kind: 'table',
      caption: w.mmm(mmm.trusted),
      head: w.mmmHead,
      rows: mmm.channels.map((c) => [
        c.channel,
        range(c.share, c.shareLow, c.shareHigh, (v) => pct(v)),
        range(c.roas, c.roasLow, c.roasHigh),
        pct(c.decay, 0),
      ]),
      numeric: [false, true, true, true],
    });
    main.push({ kind: 'facts', items: [[w.mmmR2, num(mmm.r2, 3)]] });
  }
  const curvesOk = trust.curves?.usable !== false;
  const alloc = curvesOk ? allocationOf(r, src.result.plan, src.createdAt) : null;
  if (alloc) main.push(...planBlocks(alloc));
  const next: string[] = [];
  if (!weak) {
    const top = r.importance[0];
    if (top) next.push(w.next.top(top.factor));
    for (const b of eff.best.slice(0, 2)) next.push(w.next.level(b.factor, b.best, b.worst));
  }
  if (alloc) {
    for (const m of alloc.moves.slice(0, 3)) next.push(w.next.move(text(m.text)));
    next.push(w.next.plan(range(alloc.lift, alloc.liftLow, alloc.liftHigh)));
  } else if (curvesOk) next.push(w.next.noPlan);
  const caveats = [
    ...(weak ? [trust.reason ? text(trust.reason) : w.noSignal] : []),
    ...(trust.curves && !trust.curves.usable && trust.curves.reason ? [text(trust.curves.reason)] : []),
    ...(mmm && !mmm.trusted ? [w.mmmUntrusted(text(mmm.reason))] : []),
    ...(weak ? [] : r.importance.filter((i) => i.low <= 0 && i.mean > 0).map((i) => w.rangeZero(i.factor))),
    ...r.collinearity.map((c) => text(c.message)),
    ...[...r.notes, ...(mmm?.notes ?? []), ...(alloc?.notes ?? [])].map(text),
  ];
  const columns = [...r.model.design.inputs.map((i) => i.name), ...(mmm?.channels.map((c) => c.channel) ?? [])];
  return finish(
    {
      feature: 'ads',
      analysed: analysed(src, [...new Set(columns)], w.model(q.model, q.family), [
        [words.analysed.target, r.outcome.label],
      ]),
      main,
      charts: charts(r, alloc, weak),
      next,
      caveats,
    },
    sup,
  );
}

export function adsReport(src: ReportSource<AdsReportInput>): ReportModel {
  const a = src.result.analysis;
  return isCtrJobResult(a) ? ctrReport(src, a) : aggregateReport(src, a);
}
