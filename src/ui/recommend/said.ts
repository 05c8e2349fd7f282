// A recommender message worded in the reader's language as parts, the item names it quotes (data) apart so the view
// can mark them translate="no"; nested messages ("“A” and “B”") are split the same way.
import { isMsg, type Msg, type MsgParam } from '../../core/msg.ts';
import { say } from '../say.ts';

/** Parameters of rec_* messages that carry the data's own text (item titles, ids). */
const DATA_PARAMS = new Set(['items', 'first', 'second', 'item', 'user', 'source']);

export interface Part {
  text: string;
  data: boolean;
}

// Private-use characters cannot occur in a message: they mark where a data parameter goes.
const OPEN = '\uE000';
const CLOSE = '\uE001';

function mark(x: Msg, values: string[]): Msg {
  const params: Record<string, MsgParam> = {};
  for (const [k, v] of Object.entries(x.params ?? {})) {
    if (isMsg(v)) params[k] = mark(v, values);
    else if (DATA_PARAMS.has(k)) {
      params[k] = `${OPEN}${values.length}${CLOSE}`;
      values.push(String(v));
    } else params[k] = v;
  }
  return { key: x.key, params };
}

export function sayParts(x: Msg | string | null | undefined): Part[] {
  if (!isMsg(x)) return x ? [{ text: String(x), data: false }] : [];
  const values: string[] = [];
  const worded = say(mark(x, values));
  const parts: Part[] = [];
  for (const [i, piece] of worded.split(new RegExp(`${OPEN}(\\d+)${CLOSE}`)).entries()) {
    if (i % 2 === 1) parts.push({ text: values[Number(piece)] ?? '', data: true });
    else if (piece) parts.push({ text: piece, data: false });
  }
  return parts;
}
