// Segments report: sizes, named cards and rules of the segments with at least k customers; the top segment's action.
import { FEATURE_META, type SegmentCard } from '../segments/cards.ts';
import type { SegmentJobResult } from '../segments/job.ts';
import { analysed, finish, text } from './common.ts';
import { int, num, pct } from './format.ts';
import { Suppression, type ReportModel, type ReportSource } from './model.ts';
import { words } from './words.ts';

const w = words.seg;

/** Source columns behind the model's features ("Contract=Monthly" → "Contract"), in order, once each. */
export function sourceColumns(features: readonly string[]): string[] {
  return [...new Set(features.map((f) => f.split('=')[0]!))];
}

/** Standardised recency and value (frequency/spend) of a card, when the features carry those meanings. */
function rfmZ(card: SegmentCard): { recency?: number; value?: number } {
  const z: Record<string, number> = {};
  for (const f of card.profile) {
    const kind = FEATURE_META[f.feature]?.kind;
    if (kind) z[kind] = f.z;
  }
  const vals = [z.frequency, z.monetary].filter((v): v is number => v !== undefined);
  return {
    ...(z.recency !== undefined ? { recency: z.recency } : {}),
    ...(vals.length ? { value: vals.reduce((a, b) => a + b, 0) / vals.length } : {}),
  };
}

/** The action for a segment from its profile (not its name, which the user may have changed). */
export function segmentAction(card: SegmentCard): string {
  const { recency, value } = rfmZ(card);
  if (recency !== undefined && value !== undefined) {
    if (recency > 0.4) return value > 0 ? w.action.winback(card.name) : w.action.reactivate(card.name);
    if (value > 0.3) return w.action.reward(card.name);
    if (recency < -0.4) return w.action.nurture(card.name);
  }
  const traits = card.distinguishing.map((f) => f.text).join('; ');
  return w.action.generic(card.name, traits || words.none);
}

/** The segment to act on first: the highest value (RFM), else the largest. */
function topSegment(cards: SegmentCard[]): SegmentCard | undefined {
  const valued = cards.filter((c) => rfmZ(c).value !== undefined);
  if (valued.length) return valued.slice().sort((a, b) => rfmZ(b).value! - rfmZ(a).value!)[0];
  return cards.slice().sort((a, b) => b.size - a.size)[0];
}

export function segmentsReport(src: ReportSource<SegmentJobResult>): ReportModel {
  const r = src.result;
  const sup = new Suppression(src.k);
  const cards = sup.keep(
    words.group.segment,
    r.cards,
    (c) => c.size,
    (c) => c.name,
  );
  const keptIds = new Set(cards.map((c) => c.id));
  const rules = sup.keep(
    words.group.rule,
    r.rules.filter((x) => keptIds.has(x.segment)),
    (x) => x.support,
  );
  const total = r.cards.reduce((s, c) => s + c.size, 0);
  const main: ReportModel['main'] = [
    {
      kind: 'facts',
      items: [
        [w.customers, int(total)],
        [w.segments, int(r.k)],
        [w.ruleAccuracy, pct(r.ruleAccuracy)],
        ...(r.kChoice ? ([[w.kReason, text(r.kChoice.reason)]] as [string, string][]) : []),
      ],
    },
    {
      kind: 'table',
      caption: w.cards,
      head: w.head,
      rows: cards.map((c) => [c.name, int(c.size), pct(c.share), c.distinguishing.map((f) => f.text).join('; ')]),
      numeric: [false, true, true, false],
    },
  ];
  if (rules.length)
    main.push({
      kind: 'table',
      caption: w.rules,
      head: w.rulesHead,
      rows: rules.map((x) => [x.text, int(x.support), pct(x.purity, 0)]),
      numeric: [false, true, true],
    });
  const top = topSegment(cards);
  const biggest = cards.slice().sort((a, b) => b.size - a.size)[0];
  const next = [
    ...(top ? [segmentAction(top)] : []),
    ...(biggest && biggest !== top ? [w.biggest(biggest.name, pct(biggest.share))] : []),
    ...(cards.length ? [w.audience] : []),
  ];
  const caveats = r.notes.map(text).filter((n) => n !== text(r.kChoice?.reason));
  if (r.ruleAccuracy < 0.7) caveats.push(w.loosRules(pct(r.ruleAccuracy)));
  return finish(
    {
      feature: 'segments',
      analysed: analysed(src, sourceColumns(r.featureNames), w.model(num(r.k)), [
        [words.analysed.input, r.mode === 'transactions' ? w.modeTransactions : w.modeCustomers],
      ]),
      main,
      charts: cards.length
        ? [
            {
              id: 'segment-sizes',
              title: w.sizesChart,
              type: 'bar',
              horizontal: true,
              labels: cards.map((c) => c.name),
              series: [{ label: w.customersAxis, data: cards.map((c) => c.size) }],
              xTitle: w.customersAxis,
            },
          ]
        : [],
      next,
      caveats,
    },
    sup,
  );
}
