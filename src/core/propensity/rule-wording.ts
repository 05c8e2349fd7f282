// Plain-language wording for propensity rules as messages (messages/*.json words them): numbers in the file's units,
// booleans as phrases, category lists. Column names, levels and the words of a column name are data parameters.
import { msg, type Msg, type MsgParam } from '../msg.ts';

/** The level that stands for empty cells of a categorical column in the rules. */
export const MISSING_LEVEL = 'missing';

/** A level as a parameter: the file's own text, or the words for "missing" in the reader's language. */
const levelParam = (level: string): MsgParam => (level === MISSING_LEVEL ? msg('prop_rule_missing') : level);

const CURRENCY = /^[£$€¥₹]$/;

/** `12345.678` → `12,300`, `0.04567` → `0.0457`: three significant digits, thousands separated, never 21 digits. */
export function formatValue(v: number, integer = false): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e15 || (a > 0 && a < 1e-4)) return v.toPrecision(3);
  // Integers up to a million stay exact: "≥ 1,235 orders" must not round to a value the rule does not mean.
  const r = integer && a < 1e6 ? Math.round(v) : Number(v.toPrecision(3));
  const [whole, frac] = String(Math.abs(r)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${r < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

export function withUnit(text: string, unit?: string): string {
  if (!unit) return text;
  return CURRENCY.test(unit) ? `${unit}${text}` : `${text} ${unit}`;
}

/** `HasCrCard` → has, cr, card; `is_VIP` → is, VIP: lower-cased words, acronyms kept. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => (/^[A-Z]?[a-z]+$/.test(w) ? w.toLowerCase() : w));
}

/** Yes / no message keys of a name led by a verb; has/had before a participle ("has churned") read differently. */
const VERB_KEYS: Record<string, [string, string]> = {
  is: ['prop_rule_flag_is', 'prop_rule_flag_is_not'],
  are: ['prop_rule_flag_are', 'prop_rule_flag_are_not'],
  was: ['prop_rule_flag_was', 'prop_rule_flag_was_not'],
  has: ['prop_rule_flag_has', 'prop_rule_flag_has_no'],
  had: ['prop_rule_flag_had', 'prop_rule_flag_had_no'],
  can: ['prop_rule_flag_can', 'prop_rule_flag_cannot'],
  did: ['prop_rule_flag_did', 'prop_rule_flag_did_not'],
  does: ['prop_rule_flag_does', 'prop_rule_flag_does_not'],
  will: ['prop_rule_flag_will', 'prop_rule_flag_will_not'],
};
const PARTICIPLE_KEYS: Record<string, [string, string]> = {
  has: ['prop_rule_flag_has_done', 'prop_rule_flag_has_not_done'],
  had: ['prop_rule_flag_had_done', 'prop_rule_flag_had_not_done'],
};

/**
 * How a yes/no column reads when true and when false. General rule, in order:
 *  - the name starts with a verb (`is_student`, `HasCrCard`, `did_churn`): "is student" / "is not student",
 *    "has cr card" / "has no cr card" ("has not paid" when a participle follows);
 *  - a single participle word (`Married`, `Churned`, `Retired`): "married" / "not married";
 *  - anything else (`Student`, `SeniorCitizen`, `Partner`): "Student: yes" / "Student: no", because English cannot
 *    tell from a bare name whether "is a partner" or "has a partner" is meant.
 * The rest of the name after the verb (`rest`) is data: it is shown as written in every language.
 */
export function booleanWording(name: string): { yes: Msg; no: Msg } {
  const words = nameWords(name);
  const verb = words[0]?.toLowerCase() ?? '';
  const keys = VERB_KEYS[verb];
  if (words.length >= 2 && keys) {
    const rest = words.slice(1).join(' ');
    const participle = words.length === 2 && /ed$/.test(rest) ? PARTICIPLE_KEYS[verb] : undefined;
    const [yes, no] = participle ?? keys;
    return { yes: msg(yes, { rest }), no: msg(no, { rest }) };
  }
  if (words.length === 1 && /^[A-Za-z]{3,}ed$/.test(name))
    return {
      yes: msg('prop_rule_flag_word', { word: words[0]! }),
      no: msg('prop_rule_flag_not_word', { word: words[0]! }),
    };
  return { yes: msg('prop_rule_flag_yes', { column: name }), no: msg('prop_rule_flag_no', { column: name }) };
}

/** Numeric bounds lo < x ≤ hi (±Infinity when open) as "age ≤ 29", "tenure ≥ 7 months", "income 20,000–45,000". */
export function numberCondition(name: string, lo: number, hi: number, integer: boolean, unit?: string): Msg {
  const fmt = (v: number) => withUnit(formatValue(v, integer), unit);
  // A split at 29.5 on whole numbers reads "≤ 29" / "≥ 30".
  const low = integer ? Math.floor(lo) + 1 : lo;
  const high = integer ? Math.floor(hi) : hi;
  const column = name;
  if (lo > -Infinity && hi < Infinity) {
    if (integer && low === high) return msg('prop_rule_eq', { column, value: fmt(low) });
    // "$20–$45" but "20–45 months": a currency sign belongs to each number, a unit word to the range.
    const from = unit && CURRENCY.test(unit) ? fmt(low) : formatValue(low, integer);
    return msg('prop_rule_between', { column, from, to: fmt(high) });
  }
  if (lo > -Infinity) return msg(integer ? 'prop_rule_ge' : 'prop_rule_gt', { column, value: fmt(low) });
  return msg('prop_rule_le', { column, value: fmt(high) });
}

/**
 * A categorical column on a path: "Contract is Month-to-month"; with only exclusions, the shorter of
 * "Contract is not A" / "is neither A nor B" / "is not A, B or C" and "Contract is one of C, D" (the levels left).
 */
export function levelCondition(name: string, is: string | undefined, not: string[], all: string[]): Msg {
  const column = name;
  if (is !== undefined) return msg('prop_rule_is', { column, level: levelParam(is) });
  const excluded = new Set(not);
  const left = all.filter((l) => !excluded.has(l));
  if (left.length >= 1 && left.length <= 3 && left.length <= not.length) {
    return left.length === 1
      ? msg('prop_rule_is', { column, level: levelParam(left[0]!) })
      : msg('prop_rule_one_of', { column, levels: left.join(', ') });
  }
  if (not.length === 2)
    return msg('prop_rule_neither', { column, level: levelParam(not[0]!), other: levelParam(not[1]!) });
  if (not.length === 1) return msg('prop_rule_is_not', { column, level: levelParam(not[0]!) });
  return msg('prop_rule_none_of', { column, levels: not.slice(0, -1).join(', '), last: not[not.length - 1]! });
}
