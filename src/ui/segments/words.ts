// Words what the segmentation's core says (Msg names, card texts, rules, notes) in the reader's language, as text or
// as parts that mark data (column names, levels, the user's names) so the page can put translate="no" on them.
import { m } from '../../paraglide/messages.js';
import { isMsg, type Msg } from '../../core/msg.ts';
import type { CardFeature, SegmentCard } from '../../core/segments/cards.ts';
import type { SegmentRule } from '../../core/rules/tree.ts';
import { say } from '../say.ts';
import { sayParts as sayAny, text, type Part, type SayOptions } from '../components/said.ts';

export { text, type Part };

/** How segmentation words its messages: every string parameter (and a bare string) is data; numbers are ours. */
export const SEGMENT_WORDS: SayOptions = { data: 'all', bareData: true };

const sayParts = (x: Parameters<typeof sayAny>[0]): Part[] => sayAny(x, SEGMENT_WORDS);
const SLOT = /^\uE000(\d+)\uE001$/;

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
