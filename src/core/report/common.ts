// What every feature's report shares: the "what was analysed" facts and the last step that withholds any text naming
// a group left out for privacy.
import { dateTime, int } from './format.ts';
import { isMsg, type Msg } from '../msg.ts';
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

/**
 * A note as text. The app words every message before building a report (ReportButton: sayAll), so notes arrive as
 * strings; a message that was not worded (CLI, tests) reads as its key and figures, never "[object Object]".
 */
export function text(x: Msg | string | null | undefined): string {
  if (x === null || x === undefined) return '';
  if (typeof x === 'string') return x;
  // A message computed inside a builder (the CTR no-signal reason) is worded in the report's language.
  if (words.t(x.key) !== x.key) {
    const worded: Record<string, string> = {};
    for (const [k, v] of Object.entries(x.params ?? {})) worded[k] = isMsg(v) ? text(v) : String(v);
    return words.t(x.key, worded);
  }
  const params = Object.entries(x.params ?? {}).map(
    ([k, v]: [string, unknown]) => `${k} ${isMsg(v) ? v.key : String(v)}`,
  );
  return params.length ? `${x.key} (${params.join(', ')})` : x.key;
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
    words, // buildReport puts the caller's words here (this object is refilled by the next build)
    analysed: p.analysed,
    main: p.main,
    charts: p.charts,
    next,
    caveats,
    suppression: sup.summary(),
  };
}
