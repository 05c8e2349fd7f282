// A core message worded in the reader's language as parts, the data in it (column names, values, file names) apart so
// it can be rendered with translate="no"; nested messages (a row list, a repair inside "Undone: …") are worded in turn.
import * as m from '../../paraglide/messages.js';
import { fmt } from '../../core/format.ts';
import { isMsg, type Msg, type MsgParam } from '../../core/msg.ts';

export interface Part {
  text: string;
  data: boolean;
}

type MessageFn = (params?: Record<string, string>) => string;
const messages = m as unknown as Record<string, MessageFn | undefined>;
const SLOT = /^\uE000(\d+)\uE001$/;

/** `data` names the parameters (at any depth) whose string values are data; other strings are said as they are. */
export function dataParts(x: Msg | MsgParam, data: readonly string[], isData = false): Part[] {
  if (typeof x === 'number') return [{ text: fmt(x), data: false }];
  if (!isMsg(x)) return x === '' ? [] : [{ text: x, data: isData }];
  const f = messages[x.key];
  if (!f) return [{ text: x.key, data: false }];
  const slots: Part[][] = [];
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(x.params ?? {})) {
    params[k] = `\uE000${slots.length}\uE001`;
    slots.push(dataParts(v, data, data.includes(k)));
  }
  const out: Part[] = [];
  for (const piece of f(params).split(/(\uE000\d+\uE001)/)) {
    const slot = SLOT.exec(piece);
    if (slot) out.push(...(slots[Number(slot[1])] ?? []));
    else if (piece) out.push({ text: piece, data: false });
  }
  return out;
}
