// Words what the segmentation's core says (Msg names, card texts, rules, notes) in the reader's language, as text or
// as parts that mark data (column names, levels, the user's names) so the page can put translate="no" on them.
import * as paraglide from '../../paraglide/messages.js';
import { m } from '../../paraglide/messages.js';
import { fmt } from '../../core/format.ts';
import { isMsg, type Msg, type MsgParam } from '../../core/msg.ts';
import type { CardFeature, SegmentCard } from '../../core/segments/cards.ts';
import type { SegmentRule } from '../../core/rules/tree.ts';
import { say } from '../say.ts';

type MessageFn = (params?: Record<string, string>) => string;
const messages = paraglide as unknown as Record<string, MessageFn | undefined>;

/** A piece of worded text: `data` pieces come from the file or the user and are not ours to translate. */
export interface Part {
  text: string;
  data: boolean;
}

const SLOT = /^\uE000(\d+)\uE001$/;

/** A Msg worded as parts: string parameters (data) and nested messages' data stay separate pieces. */
export function sayParts(x: Msg | MsgParam | null | undefined): Part[] {
  if (x === null || x === undefined) return [];
  if (typeof x === 'number') return [{ text: fmt(x), data: false }];
  if (!isMsg(x)) return [{ text: String(x), data: true }];
  const f = messages[x.key];
  if (!f) return [{ text: x.key, data: false }];
  const slots: Part[][] = [];
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(x.params ?? {})) {
    if (typeof v === 'number') params[k] = fmt(v);
    else {
      params[k] = `\uE000${slots.length}\uE001`;
      slots.push(sayParts(v));
    }
  }
  const out: Part[] = [];
  for (const piece of f(params).split(/(\uE000\d+\uE001)/)) {
    const slot = SLOT.exec(piece);
    if (slot) out.push(...(slots[Number(slot[1])] ?? []));
    else if (piece) out.push({ text: piece, data: false });
  }
  return out;
}

/** "high recency, low orders" → "High recency, low orders" (Chinese has no case: unchanged). */
function capitalise(parts: Part[]): Part[] {
  const [first, ...rest] = parts;
  if (!first || first.data) return parts;
  return [{ text: first.text.charAt(0).toUpperCase() + first.text.slice(1), data: false }, ...rest];
}

/** A segment's name as parts: the automatic name in the reader's language, or the user's own (data). */
export function segmentNameParts(card: Pick<SegmentCard, 'name' | 'nameMsg'> | undefined, index = 0): Part[] {
  if (!card) return [{ text: m.seg_numbered({ n: String(index + 1) }), data: false }];
  return card.nameMsg ? capitalise(sayParts(card.nameMsg)) : [{ text: card.name, data: true }];
}

export const text = (parts: Part[]): string => parts.map((p) => p.text).join('');

/** A segment's name as text (inputs, chart legends, file names). */
export const segmentName = (card: Pick<SegmentCard, 'name' | 'nameMsg'> | undefined, index = 0): string =>
  text(segmentNameParts(card, index));

/** A profile line: "recency 12 days (all: 40 days)". */
export const featureParts = (f: CardFeature): Part[] =>
  f.textMsg ? sayParts(f.textMsg) : [{ text: f.text, data: true }];

/** The feature's name alone ("recency", or the column name). */
export const featureLabel = (f: CardFeature): Part[] =>
  f.term !== undefined ? sayParts(f.term) : [{ text: f.label, data: true }];

/** A rule with the segment's current name: "recency ≤ 30 days → Recent high spenders, 95 % pure". */
export function ruleParts(r: SegmentRule, cards: readonly SegmentCard[]): Part[] {
  if (!r.when) return [{ text: r.text, data: true }];
  const purity = `${Math.round(r.purity * 100)} %`;
  const sentence = m.seg_rule({ conditions: '\uE0000\uE001', segment: '\uE0001\uE001', purity });
  const slots = [sayParts(r.when), segmentNameParts(cards[r.segment], r.segment)];
  return sentence.split(/(\uE000\d\uE001)/).flatMap((piece) => {
    const slot = SLOT.exec(piece);
    return slot ? (slots[Number(slot[1])] ?? []) : piece ? [{ text: piece, data: false }] : [];
  });
}

/** A note (Msg, or a plain string stored by an older version). */
export const noteParts = (n: Msg | string): Part[] => (isMsg(n) ? sayParts(n) : [{ text: say(n), data: false }]);
