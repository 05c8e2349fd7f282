// The quality report's sentences as messages (key + parameters) beside the English `message` the CLI prints: row
// lists and the kinds of value a column expects, worded by the UI in the reader's language.
import { msg, type Msg } from '../msg.ts';

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** English row list for the CLI's `message`. */
export function rowList(rows: number[], total: number): string {
  const shown = rows.map((r) => fmtInt(r));
  const body = shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return `${rows.length === 1 ? 'row' : 'rows'} ${body}${total > rows.length ? ' …' : ''}`;
}

/** English note on missing-value tokens for the CLI's `message`. */
export function tokenNote(tokens: Map<string, number> | undefined): string {
  if (!tokens || tokens.size === 0) return '';
  let total = 0;
  for (const c of tokens.values()) total += c;
  const list = [...tokens]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([t, c]) => `\`${t}\` ×${fmtInt(c)}`)
    .join(', ');
  return `; ${fmtInt(total)} of them written as ${list}${tokens.size > 4 ? ', …' : ''}`;
}

/** The missing-values sentence, with the tokens that stood for missing values (data) where some did. */
export function missingMsg(
  column: string,
  count: number,
  share: string,
  tokens: Map<string, number> | undefined,
  rows: Msg,
): Msg {
  if (!tokens || tokens.size === 0) return msg('quality_missing', { column, count, pct: share, rows });
  let total = 0;
  for (const c of tokens.values()) total += c;
  const list = [...tokens].sort((a, b) => b[1] - a[1]).slice(0, 4);
  const shown = list.map(([t, c]) => `${t} ×${fmtInt(c)}`).join(', ') + (tokens.size > 4 ? ', …' : '');
  return msg('quality_missing_tokens', { column, count, pct: share, tokenCount: total, tokens: shown, rows });
}

/** "row 7", "rows 3, 5 and 9 …" (1-based rows; the ellipsis when more rows than listed are affected). */
export function rowsMsg(rows: number[], total: number): Msg {
  const more = total > rows.length;
  const last = rows[rows.length - 1] ?? 0;
  if (rows.length <= 1) return msg(more ? 'quality_row_more' : 'quality_row', { row: last });
  const list = rows.slice(0, -1).map(fmtInt).join(', ');
  return msg(more ? 'quality_rows_more' : 'quality_rows', { list, last });
}

/** What a column's values should have been, in the singular or plural. */
export function typeMsg(type: string, one: boolean): Msg {
  const kind = type === 'date' ? 'date' : type === 'boolean' ? 'yes_no' : 'number';
  const KEYS = {
    date: ['quality_type_date', 'quality_type_dates'],
    yes_no: ['quality_type_yes_no', 'quality_type_yes_nos'],
    number: ['quality_type_number', 'quality_type_numbers'],
  } as const;
  return msg(KEYS[kind][one ? 0 : 1]);
}

/** Data parameters of the quality messages (column names, values, tokens): rendered as data, never translated. */
export const QUALITY_DATA = ['column', 'value', 'tokens', 'examples'] as const;
