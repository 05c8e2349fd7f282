// What every feature's report shares: the "what was analysed" facts and the last step that withholds any text naming
// a group left out for privacy.
import { dateTime, int } from './format.ts';
import type { Block, ReportFeature, ReportModel, ReportSource, Suppression } from './model.ts';
import { words } from './words.ts';

/** Dataset, rows, columns used, date, model (plus feature-specific facts). */
export function analysed(
  src: ReportSource<unknown>,
  columns: readonly string[],
  model: string,
  extra: [string, string][] = [],
): [string, string][] {
  const a = words.analysed;
  return [
    [a.dataset, src.dataset.name],
    [a.rows, int(src.dataset.rows)],
    [a.columns, columns.length ? columns.join(', ') : words.none],
    [a.date, dateTime(src.createdAt)],
    [a.model, model],
    ...extra,
  ];
}

interface Parts {
  feature: ReportFeature;
  analysed: [string, string][];
  main: Block[];
  charts: ReportModel['charts'];
  next: string[];
  caveats: string[];
}

/** The model, with next steps and caveats that name a suppressed group withheld (and counted). */
export function finish(p: Parts, sup: Suppression): ReportModel {
  const next = p.next.filter((t) => sup.clean(t));
  const caveats = p.caveats.filter((t) => sup.clean(t));
  const withheld = p.next.length - next.length + (p.caveats.length - caveats.length);
  if (withheld) caveats.push(words.withheld(withheld));
  return {
    feature: p.feature,
    title: words.title[p.feature],
    lang: words.lang,
    analysed: p.analysed,
    main: p.main,
    charts: p.charts,
    next,
    caveats,
    suppression: sup.summary(),
  };
}
