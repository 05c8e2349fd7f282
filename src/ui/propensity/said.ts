// A core message (Msg) worded in the reader's language as parts, its data parameters (column names, levels, the words
// of a column name) apart so the view can mark them translate="no": they are the file's words, not the app's.
import { isMsg, type Msg, type MsgParam } from '../../core/msg.ts';
import { say } from '../say.ts';

/** Parameters that carry the data's own text in propensity messages. */
export const DATA_PARAMS = [
  'column',
  'columns',
  'target',
  'level',
  'levels',
  'other',
  'last',
  'rest',
  'word',
  'positive',
  'outcome',
];

export interface Part {
  text: string;
  data: boolean;
}

// Private-use characters cannot occur in a message: they mark where a data parameter goes.
const OPEN = '\uE000';
const CLOSE = '\uE001';

export function sayParts(x: Msg | string | null | undefined, data: readonly string[] = DATA_PARAMS): Part[] {
  if (!isMsg(x)) return x ? [{ text: String(x), data: false }] : [];
  const values: string[] = [];
  const params: Record<string, MsgParam> = {};
  for (const [k, v] of Object.entries(x.params ?? {})) {
    if (data.includes(k) && typeof v !== 'object') {
      params[k] = `${OPEN}${values.length}${CLOSE}`;
      values.push(String(v));
    } else params[k] = v;
  }
  const worded = say({ key: x.key, params });
  const parts: Part[] = [];
  for (const [i, piece] of worded.split(new RegExp(`${OPEN}(\\d+)${CLOSE}`)).entries()) {
    if (i % 2 === 1) parts.push({ text: values[Number(piece)] ?? '', data: true });
    else if (piece) parts.push({ text: piece, data: false });
  }
  return parts;
}
