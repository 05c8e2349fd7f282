// Quality check for a column meant to hold dates whose values are mostly impossible (`2023-13-45`, `31/02/2020`,
// `not a date`): the reader keeps it as text, and this names the invalid dates with their rows.
import { msg } from '../msg.ts';
import { rowsMsg } from './quality-msg.ts';
import type { Column } from './table.ts';
import type { QualityFinding } from './schema.ts';
import { isTimeName } from './column-names.ts';
import { datePartsToMs, parseDateParts } from './values.ts';

const NOT_DATE = 0;
const IMPOSSIBLE = 1;
const VALID = 2;

function dateState(s: string): number {
  const p = parseDateParts(s);
  if (!p) return NOT_DATE;
  // Slash dates are ambiguous (M/D or D/M): a value valid in either reading is a date.
  return Number.isNaN(datePartsToMs(p, false)) && Number.isNaN(datePartsToMs(p, true)) ? IMPOSSIBLE : VALID;
}

/**
 * A text column is a date column gone wrong when its name says time and at least half of its values are written as
 * dates, or when 80 % are written as dates whatever its name; every value that is not a real date is reported.
 */
export function invalidDateFinding(col: Column, n: number, name: string): QualityFinding | null {
  if (col.kind !== 'categorical' || col.dictionary.length > 100_000) return null;
  const dict = col.dictionary;
  const timeName = isTimeName(col.name);
  if (!timeName && !dict.slice(0, 200).some((s) => parseDateParts(s) !== null)) return null;
  const state = Uint8Array.from(dict, dateState);
  let present = 0;
  let shaped = 0;
  let invalid = 0;
  for (let r = 0; r < n; r++) {
    const c = col.codes[r]!;
    if (c < 0) continue;
    present++;
    if (state[c] !== NOT_DATE) shaped++;
    if (state[c] !== VALID) invalid++;
  }
  if (invalid === 0 || shaped < (timeName ? 0.5 : 0.8) * present) return null;
  const rows: number[] = [];
  const examples: string[] = [];
  for (let r = 0; r < n && rows.length < 5; r++) {
    const c = col.codes[r]!;
    if (c < 0 || state[c] === VALID) continue;
    rows.push(r + 1);
    if (!examples.includes(dict[c]!) && examples.length < 3) examples.push(dict[c]!);
  }
  const list = rows.map((r) => r.toLocaleString('en-US')).join(', ');
  return {
    code: 'invalid-dates',
    column: col.name,
    count: invalid,
    rows,
    severity: 'warning',
    text: msg('quality_text_dates', {
      ...{ column: col.name, count: invalid, present, rows: rowsMsg(rows, invalid) },
      examples: examples.join(', '),
    }),
    message: `${name}: ${invalid.toLocaleString('en-US')} of ${present.toLocaleString('en-US')} values are not valid dates (${examples.map((e) => `\`${e}\``).join(', ')}), rows ${list}${invalid > rows.length ? ' …' : ''}. The column was kept as text so nothing is lost: correct the dates in the source file and import again.`,
  };
}
