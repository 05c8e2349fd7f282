// A sentence for a person as a message key and its parameters: core never words what it says, the UI does
// (messages/en.json, messages/zh-CN.json through src/ui/say.ts), so one stored result reads in either language.
/** A string is said as it is (data: a column name, a level), a number in the reader's locale, a Msg worded in turn. */
export type MsgParam = string | number | Msg;

export interface Msg {
  /** A key of messages/en.json (snake_case, feature prefix: `prop_note_leak`). */
  key: string;
  params?: Record<string, MsgParam>;
}

/** Builds a Msg; numbers in params are formatted by the UI in the reader's locale. */
export function msg(key: string, params?: Record<string, MsgParam>): Msg {
  return params ? { key, params } : { key };
}

/** True for a Msg (stored results written before messages moved out of core hold plain strings). */
export function isMsg(x: unknown): x is Msg {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || typeof (x as Msg).key !== 'string') return false;
  // Exactly {key, params?}: other records with a `key` field (a level, a column) are not messages.
  return Object.keys(x).every((k) => k === 'key' || k === 'params');
}
