// Words what core says (a Msg: key + params) in the reader's language; numbers in params through the locale-aware
// formatter. Plain strings pass through (results stored before messages moved out of core).
import * as m from '../paraglide/messages.js';
import { fmt } from '../core/format.ts';
import { isMsg, type Msg } from '../core/msg.ts';

type MessageFn = (params?: Record<string, string>) => string;
const messages = m as unknown as Record<string, MessageFn | undefined>;

export function say(x: Msg | string | null | undefined): string {
  if (x === null || x === undefined) return '';
  if (!isMsg(x)) return String(x);
  const f = messages[x.key];
  if (!f) return x.key; // tests/unit/i18n/messages.test.ts keeps every key core uses in messages/
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(x.params ?? {}))
    params[k] = typeof v === 'number' ? fmt(v) : typeof v === 'string' ? v : say(v);
  return f(params);
}

/**
 * A job error in the reader's language: the message keyed `err_<code>` (snake_case of the code) worded with the
 * error's details; the error's own English message where no such key exists yet.
 */
export function sayError(e: { code: string; message: string; details?: Record<string, unknown> } | null): string {
  if (!e) return '';
  const f = messages[`err_${e.code.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`];
  if (!f) return e.message;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.details ?? {}))
    params[k] = typeof v === 'number' ? fmt(v) : isMsg(v) ? say(v) : Array.isArray(v) ? v.join(', ') : String(v);
  return f(params);
}

/** Deep copy of a stored result with every Msg worded in the reader's language (for core code that takes text). */
export function sayAll<T>(value: T): T {
  if (isMsg(value)) return say(value) as T;
  if (Array.isArray(value)) return value.map((v) => sayAll(v)) as T;
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sayAll(v);
    return out as T;
  }
  return value;
}
