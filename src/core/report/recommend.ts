// Recommendations report: the models against the popularity (or mean-rating) baseline on held-out interactions, the
// most popular items bought by at least k customers, and whether personal recommendations earn their place.
import type { RecommendSummary } from '../recommend/job.ts';
import type { ModelScore } from '../recommend/run-types.ts';
import { analysed, finish, text } from './common.ts';
import { chartValue, int, num, pct } from './format.ts';
import { Suppression, type ReportModel, type ReportSource } from './model.ts';
import { words } from './words.ts';

const w = words.rec;

/** The baseline the best model is judged against: most popular (implicit) or the plainest rating baseline. */
function baselineOf(models: ModelScore[], explicit: boolean): ModelScore | undefined {
  const bases = models.filter((m) => m.baseline);
  return (explicit ? bases.find((m) => m.name === 'global-mean') : bases.find((m) => m.name === 'popular')) ?? bases[0];
}

/** How much better the best model is: NDCG ratio (implicit) or RMSE reduction (explicit); NaN when unknown. */
export function gainOverBaseline(best: ModelScore, base: ModelScore, explicit: boolean): number {
  if (explicit) return best.rmse !== undefined && base.rmse ? 1 - best.rmse / base.rmse : NaN;
  return best.ndcgAtK !== undefined && base.ndcgAtK ? best.ndcgAtK / base.ndcgAtK - 1 : NaN;
}

function modelRow(m: ModelScore, explicit: boolean): string[] {
  const label = m.best ? w.best(text(m.label)) : text(m.label);
  const base = m.baseline ? w.yes : '';
  if (explicit) return [label, num(m.rmse, 4), num(m.mae, 4), base];
  return [label, num(m.precisionAtK, 4), num(m.recallAtK, 4), num(m.ndcgAtK, 4), pct(m.coverage), base];
}

export function recommendReport(src: ReportSource<RecommendSummary>): ReportModel {
  const r = src.result;
  const explicit = r.mode === 'explicit';
  const sup = new Suppression(src.k);
  const items = sup
    .keep(
      words.group.item,
      r.items,
      (i) => i.count,
      (i) => i.name || i.id,
    )
    .slice(0, 10);
  const best = r.models.find((m) => m.best) ?? r.models[0];
  const base = baselineOf(r.models, explicit);
  const gain = best && base && best !== base ? gainOverBaseline(best, base, explicit) : NaN;
  const metric = explicit ? 'RMSE' : `NDCG@${r.k}`;
  const head = w.head(r.k, explicit);
  const s = r.split;
  const facts: [string, string][] = [
    [w.feedback, explicit ? w.explicit : w.implicit],
    [w.users, int(s.users)],
    [w.items, int(s.items)],
    [w.train, int(s.trainInteractions)],
    [w.test, int(s.testInteractions)],
    [w.evaluated, int(s.evaluated)],
  ];
  const rel = explicit ? w.lowerError(pct(gain)) : w.higher(pct(gain));
  const value = (m: ModelScore) => num(explicit ? m.rmse : m.ndcgAtK, 4);
  if (best && base && best !== base)
    facts.push([w.vsBaseline, w.gain(metric, value(best), text(base.label), value(base), rel)]);
  // The result's own guard (paired standard errors) decides; results stored before it: a 2 % margin.
  const signal = r.signal ?? null;
  const beats = signal ? signal.usable : Number.isFinite(gain) && gain > 0.02 && !best?.baseline;
  const next =
    beats && best ? [w.next.use(text(best.label), metric, rel, text(base?.label)), w.next.export] : [w.next.popular];
  const notes = [...(signal && !signal.usable ? [signal.reason] : []), ...r.warnings, ...(r.notes ?? [])];
  const caveats = notes.map(text);
  if (s.coldUserTests || s.coldItemTests) caveats.push(w.cold(int(s.coldUserTests), int(s.coldItemTests)));
  const main: ReportModel['main'] = [
    { kind: 'facts', items: facts },
    {
      kind: 'table',
      caption: w.modelsTable,
      head,
      rows: r.models.map((m) => modelRow(m, explicit)),
      numeric: head.map((_, i) => i > 0 && i < head.length - 1),
    },
  ];
  if (items.length)
    main.push({ kind: 'para', text: w.topItems(items.map((i) => `${i.name || i.id} ${int(i.count)}`).join(' · ')) });
  const columns = Object.values(r.columns ?? {}).filter((c): c is string => typeof c === 'string' && c !== '');
  return finish(
    {
      feature: 'recommendations',
      analysed: analysed(src, columns, best ? w.model(text(best.label)) : words.none),
      main,
      charts: [
        {
          id: 'recommend-models',
          title: w.chart(metric),
          type: 'bar',
          horizontal: true,
          labels: r.models.map((m) => text(m.label)),
          series: [{ label: metric, data: r.models.map((m) => chartValue(explicit ? m.rmse : m.ndcgAtK)) }],
        },
      ],
      next,
      caveats,
    },
    sup,
  );
}
