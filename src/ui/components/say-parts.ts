// A message worded in the reader's language, split into its own words and the data it quotes (a column name), so the
// data can be rendered in an element of its own with translate="no".
import type { Msg } from '../../core/msg.ts';
import { say } from '../say.ts';

export interface Part {
  text: string;
  data: boolean;
}

/** `data` names the params that hold data; their values come back as parts of their own. */
export function sayParts(x: Msg, data: readonly string[]): Part[] {
  const params = { ...(x.params ?? {}) };
  const values: string[] = [];
  for (const k of data) {
    const v = params[k];
    if (v === undefined) continue;
    params[k] = `\uE000${values.length}\uE001`;
    values.push(String(v));
  }
  const out: Part[] = [];
  for (const piece of say({ key: x.key, params }).split(/(\uE000\d+\uE001)/)) {
    const slot = /^\uE000(\d+)\uE001$/.exec(piece);
    if (slot) out.push({ text: values[Number(slot[1])] ?? '', data: true });
    else if (piece) out.push({ text: piece, data: false });
  }
  return out;
}
