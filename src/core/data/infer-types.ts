// Column type inference over the distinct raw values of a column (weighted by their row counts).
import type { ColumnType } from './table.ts';
import {
  compactDateMs,
  datePartsToMs,
  epochUnit,
  NUM_CURRENCY,
  NUM_DECIMAL_COMMA,
  NUM_FRACTION,
  NUM_PERCENT,
  NUM_THOUSANDS,
} from './values.ts';
import { isAnonymousName } from './value-roles.ts';
import { K_DATE, K_MISSING, K_NUMBER, type ColumnProfile } from './column-profile.ts';
import { isCategoryCodeName, isCountName, isIdName, isTimeName } from './column-names.ts';

export { K_BOOL, K_DATE, K_MISSING, K_NUMBER, K_TEXT, profileColumn, type ColumnProfile } from './column-profile.ts';
export { isCategoryCodeName, isCountName, isIdName, isTimeName } from './column-names.ts';

export interface TypeDecision {
  type: ColumnType;
  /** Dates: how to read slash dates; unix numbers: seconds or milliseconds. */
  dayFirst: boolean;
  unix?: 's' | 'ms';
  /** Dates written as yyyymmdd integers (19970101). */
  compact?: boolean;
  /** Rows whose value did not fit the type (treated as missing); their kind is not the column's. */
  offendingRows: number;
  /** Kind accepted as a value for numeric types. */
  formats: string[];
}

/** Decides the column type from its profile and name. */
export function decideType(p: ColumnProfile): TypeDecision {
  const nm = p.rows - p.missingRows;
  const base = { dayFirst: p.dayFirst, offendingRows: 0, formats: formatsOf(p.numFlags) };
  if (nm === 0) return { ...base, type: 'categorical' };
  const idName = isIdName(p.name);
  const nonNumeric = nm - p.numberRows;
  // Booleans: yes/no words, or numbers that are all 0/1 mixed with such words.
  const countName = p.boolRows === 0 && isCountName(p.name);
  if (
    p.boolRows + p.numberRows === nm &&
    p.textRows === 0 &&
    (p.boolRows > 0 || (p.zeroOne && p.distinct === 2)) &&
    (p.numberRows === 0 || p.zeroOne) &&
    !idName &&
    !countName
  ) {
    return { ...base, type: 'boolean' };
  }
  if (p.numberRows === nm) {
    if (idName && p.allIntegerValued) return { ...base, type: 'id' };
    // Leading zeros are significant (zip codes, account numbers): keep the text, as a code.
    if (p.allIntegerValued && p.leadingZero > 0 && p.leadingZero >= 0.1 * p.distinct) {
      return { ...base, type: p.distinct <= 50 || p.distinct <= 0.05 * nm ? 'categorical' : 'id' };
    }
    // A header-less file names nothing, so its integer times are read from the values alone (tighter bounds).
    const anonymous = isAnonymousName(p.name);
    if ((anonymous || isTimeName(p.name)) && p.allIntegerValued) {
      const unix = epochUnit(numRange(p), anonymous);
      if (unix) return { ...base, type: 'date', unix };
      if (allCompactDates(p)) return { ...base, type: 'date', compact: true };
    }
    if (p.allIntegerValued && isCategoryCodeName(p.name) && p.distinct <= 200) return { ...base, type: 'categorical' };
    const integer = p.allIntegerValued && !(p.numFlags & NUM_FRACTION);
    return { ...base, type: integer ? 'integer' : 'decimal' };
  }
  // Mostly impossible dates (`2023-13-45`, `31/02/2020`) stay text, so the values survive and the quality report
  // names them as invalid dates instead of turning the column into missing values.
  const validDates = p.validDateRows >= 0.5 * nm;
  if (p.dateRows === nm && validDates) return { ...base, type: 'date' };
  // Mostly numbers with a few stray words (`n/a`, `unknown`, `error`): numeric, the words become missing and are
  // reported.
  // Stray values that carry digits (`C536379` among invoice numbers) mean the column is really a code, not a number.
  if (!idName && p.numberRows >= 0.95 * nm && strayAreWords(p, K_NUMBER)) {
    const integer = p.allIntegerValued && !(p.numFlags & NUM_FRACTION);
    return { ...base, type: integer ? 'integer' : 'decimal', offendingRows: nonNumeric };
  }
  if (!idName && validDates && p.dateRows >= 0.95 * nm && strayAreWords(p, K_DATE))
    return { ...base, type: 'date', offendingRows: nm - p.dateRows };
  return { ...base, type: stringType(p, nm, idName) };
}

function strayAreWords(p: ColumnProfile, accepted: number): boolean {
  let distinctStray = 0;
  for (let i = 0; i < p.kind.length; i++) {
    const k = p.kind[i]!;
    if (k === K_MISSING || k === accepted) continue;
    distinctStray++;
    if (distinctStray > 5) return false;
  }
  return true;
}

function stringType(p: ColumnProfile, nm: number, idName: boolean): ColumnType {
  if (idName) return 'id';
  const d = p.distinct;
  if (d > 20 && (p.avgTextLen >= 25 || (p.spaceShare >= 0.5 && p.avgTextLen >= 12))) return 'text';
  if (d <= 50 || (d <= 0.05 * nm && d <= 2000)) return 'categorical';
  return 'id';
}

/** Every value an 8-digit yyyymmdd that is a real calendar day (19970101), not just any 8-digit number. */
function allCompactDates(p: ColumnProfile): boolean {
  for (let i = 0; i < p.kind.length; i++)
    if (p.kind[i] === K_NUMBER && Number.isNaN(compactDateMs(p.num[i]!))) return false;
  return p.numberRows > 0;
}

export function numRange(p: ColumnProfile): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < p.num.length; i++) {
    if (p.kind[i] !== K_NUMBER) continue;
    const v = p.num[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

function formatsOf(flags: number): string[] {
  const f: string[] = [];
  if (flags & NUM_THOUSANDS) f.push('thousands separators');
  if (flags & NUM_DECIMAL_COMMA) f.push('decimal comma');
  if (flags & NUM_CURRENCY) f.push('currency symbols');
  if (flags & NUM_PERCENT) f.push('percentages');
  return f;
}

/** Epoch ms for a dictionary entry of a date-typed column (NaN when it is not a date). */
export function dateValue(p: ColumnProfile, i: number, d: TypeDecision): number {
  const parts = p.dates[i];
  if (parts) return datePartsToMs(parts, d.dayFirst);
  if (d.compact && p.kind[i] === K_NUMBER) return compactDateMs(p.num[i]!);
  if (d.unix && p.kind[i] === K_NUMBER) return d.unix === 's' ? p.num[i]! * 1000 : p.num[i]!;
  return NaN;
}
