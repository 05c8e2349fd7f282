// One way to word a core message (Msg) as parts: its data (column names, levels, item and file names, the user's own
// names) apart from the app's words, so views can mark it translate="no"; nested messages are worded in turn.
import * as paraglide from '../../paraglide/messages.js';
import { fmt } from '../../core/format.ts';
import { isMsg, type Msg, type MsgParam } from '../../core/msg.ts';
import { say } from '../say.ts';

/** A piece of worded text: `data` pieces come from the file or the user and are not ours to translate. */
export interface Part {
  text: string;
  data: boolean;
}

/** Parameters that carry the data's own text: propensity, recommender and dataset-picker messages together. */
export const DATA_PARAMS: readonly string[] = [
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
  'items',
  'first',
  'second',
  'item',
  'user',
  'source',
];

export interface SayOptions {
  /** Names of the parameters (at any depth) whose strings are data; 'all': every string parameter is data. */
  data?: readonly string[] | 'all';
  /** Split nested messages into parts too (default); false words them as one piece of the app's text. */
  nested?: boolean;
  /** A number in a data parameter: its plain digits as data (default), or false: locale-formatted app text. */
  rawNumbers?: boolean;
  /** A bare string (not a Msg) given at the top: the app's text (default) or data. */
  bareData?: boolean;
}

type MessageFn = (params?: Record<string, string>) => string;
const messages = paraglide as unknown as Record<string, MessageFn | undefined>;
// Private-use characters cannot occur in a message: they mark where a parameter's parts go.
const SLOT = /^\uE000(\d+)\uE001$/;

function paramParts(v: MsgParam, isData: boolean, o: Required<SayOptions>): Part[] {
  if (typeof v === 'number')
    return isData && o.rawNumbers ? [{ text: String(v), data: true }] : [{ text: fmt(v), data: false }];
  if (!isMsg(v)) return v === '' ? [] : [{ text: v, data: isData }];
  if (!o.nested) return [{ text: say(v), data: false }];
  return msgParts(v, o);
}

function msgParts(x: Msg, o: Required<SayOptions>): Part[] {
  const f = messages[x.key];
  if (!f) return [{ text: x.key, data: false }];
  const slots: Part[][] = [];
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(x.params ?? {})) {
    const isData = o.data === 'all' ? typeof v === 'string' : o.data.includes(k);
    params[k] = `\uE000${slots.length}\uE001`;
    slots.push(paramParts(v, isData, o));
  }
  const out: Part[] = [];
  for (const piece of f(params).split(/(\uE000\d+\uE001)/)) {
    const slot = SLOT.exec(piece);
    if (slot) out.push(...(slots[Number(slot[1])] ?? []));
    else if (piece) out.push({ text: piece, data: false });
  }
  return out;
}

/** A Msg (or a bare string or number) worded in the reader's language as parts. */
export function sayParts(x: Msg | MsgParam | null | undefined, opts: SayOptions = {}): Part[] {
  const o: Required<SayOptions> = {
    data: opts.data ?? DATA_PARAMS,
    nested: opts.nested ?? true,
    rawNumbers: opts.rawNumbers ?? true,
    bareData: opts.bareData ?? false,
  };
  if (x === null || x === undefined) return [];
  if (typeof x === 'number') return [{ text: fmt(x), data: false }];
  if (!isMsg(x)) return x === '' ? [] : [{ text: x, data: o.bareData }];
  return msgParts(x, o);
}

/** Parts back to plain text (inputs, chart legends, file names). */
export const text = (parts: Part[]): string => parts.map((p) => p.text).join('');
