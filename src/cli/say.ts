// The CLI words what core says (Msg: key + params) in English from messages/en.json directly, so the CLI bundle needs
// no generated paraglide output (it builds with `npm ci --omit=dev` too). Plain strings pass through.
import en from '../../messages/en.json' with { type: 'json' };
import { fmt } from '../core/format.ts';
import { isMsg, type Msg } from '../core/msg.ts';

const messages = en as Record<string, string>;

export function sayEn(x: Msg | string | null | undefined): string {
  if (x === null || x === undefined) return '';
  if (!isMsg(x)) return String(x);
  const text = messages[x.key];
  if (text === undefined) return x.key;
  return text.replace(/\{(\w+)\}/g, (all, name: string) => {
    const v = x.params?.[name];
    return v === undefined ? all : typeof v === 'number' ? fmt(v) : typeof v === 'string' ? v : sayEn(v);
  });
}

/** Deep copy of a result with every Msg worded: the CLI's JSON carries sentences, as before messages moved out. */
export function wordAll<T>(value: T): T {
  if (isMsg(value)) return sayEn(value) as T;
  if (Array.isArray(value)) return value.map((v) => wordAll(v)) as T;
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = wordAll(v);
    return out as T;
  }
  return value;
}
