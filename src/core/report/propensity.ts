// Propensity report: test AUC and log loss against their baselines, lift at the top decile, calibration, top drivers,
// "who is likely" rules and the score by segment (groups under k left out), the audience to target and the guards.
import { MIN_USABLE_AUC, type ModelTrust } from '../propensity/trust.ts';
import type { PropensityJobResult } from '../propensity/job.ts';
import { analysed, finish, text } from './common.ts';
import { chartValue, int, num, pct } from './format.ts';
import { Suppression, type Block, type ChartSpec, type ReportModel, type ReportSource } from './model.ts';
import { sourceColumns } from './segments.ts';
import { words } from './words.ts';

const w = words.prop;

/** Log loss of predicting the test rows' own positive rate for everyone (the constant baseline). */
export function constantLogLoss(positives: number, n: number): number {
  const p = n ? positives / n : NaN;
  if (!(p > 0 && p < 1)) return 0;
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

/** Mean |predicted − observed| over the calibration bins, weighted by their customers. */
export function calibrationError(bins: PropensityJobResult['test']['calibration']): number {
  const n = bins.reduce((s, b) => s + b.count, 0);
  return n ? bins.reduce((s, b) => s + b.count * Math.abs(b.meanPredicted - b.observedRate), 0) / n : NaN;
}

/**
 * Why the model's findings are not findings, or null when it earned a reading: the result's own trust guard, or (on
 * results stored before it) the same bar on the stored test AUC, and a log loss no better than the constant rate.
 */
function weakness(r: PropensityJobResult, baseLoss: number): string | null {
  const t = r.test;
  const trust = r.trust as ModelTrust | undefined;
  if (trust && !trust.usable)
    return trust.reason ? text(trust.reason) : w.noSignal(num(t.auc, 3), String(MIN_USABLE_AUC));
  if (!trust && !(t.auc > MIN_USABLE_AUC)) return w.noSignal(num(t.auc, 3), String(MIN_USABLE_AUC));
  if (!(t.logLoss < baseLoss)) return w.worseThanBase;
  return null;
}

function tables(r: PropensityJobResult, sup: Suppression, weak: boolean) {
  const t = r.test;
  const gain = sup.keep(words.group.decile, t.gain, (g) => g.count);
  const cal = sup.keep(words.group.calibration, t.calibration, (b) => b.count);
  const rules = weak ? [] : sup.keep(words.group.rule, r.rules?.rules ?? [], (x) => x.support);
  const bySeg = sup.keep(
    words.group.segmentScore,
    r.bySegment ?? [],
    (s) => s.customers,
    (s) => s.name,
  );
  const blocks: Block[] = [
    {
      kind: 'table',
      caption: w.gainTable,
      head: w.gainHead,
      rows: gain.map((g) => [`${g.bin}`, int(g.count), pct(g.rate), pct(g.cumulativeGain), num(g.cumulativeLift, 2)]),
      numeric: [true, true, true, true, true],
      transpose: true,
    },
    {
      kind: 'table',
      caption: w.calTable,
      head: w.calHead,
      rows: cal.map((b) => [
        w.binRange(num(b.lower * 100, 0), num(b.upper * 100, 0)),
        int(b.count),
        pct(b.meanPredicted),
        pct(b.observedRate),
      ]),
      numeric: [false, true, true, true],
      transpose: true,
    },
  ];
  const drivers = weak ? [] : r.drivers.slice(0, 8);
  if (drivers.length)
    blocks.push({
      kind: 'para',
      text: w.driversLine(drivers.map((d) => `${d.column} ${num(d.meanAbs, 3)}`).join(' · ')),
    });
  if (rules.length)
    blocks.push({
      kind: 'table',
      caption: w.rules,
      head: w.rulesHead,
      rows: rules
        .slice(0, 6)
        .map((x) => [x.conditions.join(' AND '), int(x.support), pct(x.precision, 0), num(x.lift, 2)]),
      numeric: [false, true, true, true],
    });
  if (bySeg.length)
    blocks.push({
      kind: 'table',
      caption: w.bySegment,
      head: w.bySegmentHead,
      rows: bySeg.map((s) => [s.name, int(s.customers), pct(s.meanProbability), pct(s.topDecileShare)]),
      numeric: [false, true, true, true],
    });
  return { blocks, gain, cal, rules, bySeg, drivers };
}

function charts(
  gain: PropensityJobResult['test']['gain'],
  cal: PropensityJobResult['test']['calibration'],
  drivers: PropensityJobResult['drivers'],
): ChartSpec[] {
  const out: ChartSpec[] = [];
  if (gain.length)
    out.push({
      id: 'propensity-gain',
      title: w.gainChart,
      type: 'line',
      share: true,
      labels: gain.map((g) => `${g.bin * 10} %`),
      series: [
        { label: w.gainSeries, data: gain.map((g) => chartValue(g.cumulativeGain)) },
        { label: w.random, data: gain.map((g) => g.bin / 10), dashed: true },
      ],
      xTitle: w.gainAxis,
    });
  if (cal.length)
    out.push({
      id: 'propensity-calibration',
      title: w.calChart,
      type: 'line',
      share: true,
      labels: cal.map((b) => pct(b.meanPredicted, 0)),
      series: [
        { label: w.observed, data: cal.map((b) => chartValue(b.observedRate)) },
        { label: w.predicted, data: cal.map((b) => chartValue(b.meanPredicted)), dashed: true },
      ],
      xTitle: w.predicted,
    });
  if (drivers.length)
    out.push({
      id: 'propensity-drivers',
      title: w.driversChart,
      type: 'bar',
      horizontal: true,
      labels: drivers.map((d) => d.column),
      series: [{ label: w.driversHead[1]!, data: drivers.map((d) => chartValue(d.meanAbs)) }],
    });
  return out;
}

export function propensityReport(src: ReportSource<PropensityJobResult>): ReportModel {
  const r = src.result;
  const t = r.test;
  const sup = new Suppression(src.k);
  const baseLoss = constantLogLoss(t.positives, t.n);
  const weak = weakness(r, baseLoss);
  const tb = tables(r, sup, weak !== null);
  const top = tb.gain.find((g) => g.bin === 1);
  const top3 = tb.gain.find((g) => g.bin === 3);
  const facts: [string, string][] = [
    [w.auc, w.aucVs(num(t.auc, 3))],
    [w.logLoss, w.logLossVs(num(t.logLoss, 4), num(baseLoss, 4))],
    [w.lift, top ? w.liftVs(num(top.cumulativeLift, 2), pct(top.cumulativeGain)) : '–'],
    [w.calibration, pct(calibrationError(t.calibration))],
    [w.rate, pct(t.n ? t.positives / t.n : NaN)],
    [w.testRows, int(t.n)],
  ];
  const leaks = r.leaks ?? [];
  const leakCols = leaks.map((l) => `${l.column} (AUC ${num(l.auc, 3)})`).join(', ');
  const next: string[] = [];
  if (leaks.length) next.push(w.next.leak(leaks.map((l) => l.column).join(', ')));
  if (weak) next.push(w.next.weak);
  else {
    if (top) next.push(w.next.target(pct(top.cumulativeGain), num(top.cumulativeLift, 2)));
    if (top3) next.push(w.next.top30(pct(top3.cumulativeGain)));
    const rule = tb.rules[0];
    if (rule) next.push(w.next.rule(rule.conditions.join(' AND ')));
    const seg = tb.bySeg.slice().sort((a, b) => b.meanProbability - a.meanProbability)[0];
    if (seg) next.push(w.next.segment(seg.name, pct(seg.meanProbability)));
  }
  const caveats = [
    ...(weak ? [weak] : []),
    ...(leaks.length ? [w.leak(leakCols, leaks.length)] : []),
    ...(r.trustNote ? [text(r.trustNote)] : []),
    ...r.notes.map(text),
  ];
  const columns = r.drivers.length ? r.drivers.map((d) => d.column) : sourceColumns(r.featureNames);
  return finish(
    {
      feature: 'propensity',
      analysed: analysed(src, columns, w.model(w.kinds[r.modelKind] ?? r.modelKind), [
        [words.analysed.target, w.target(r.target, r.positive)],
      ]),
      main: [{ kind: 'facts', items: facts }, ...tb.blocks],
      charts: charts(tb.gain, tb.cal, tb.drivers),
      next,
      caveats,
    },
    sup,
  );
}
