// Plain-language wording for propensity rules: numbers in the file's units, booleans as phrases, category lists.

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

const NEGATED: Record<string, string> = {
  is: 'is not',
  are: 'are not',
  was: 'was not',
  has: 'has no',
  had: 'had no',
  can: 'cannot',
  did: 'did not',
  does: 'does not',
  will: 'will not',
};

/**
 * How a yes/no column reads when true and when false. General rule, in order:
 *  - the name starts with a verb (`is_student`, `HasCrCard`, `did_churn`): "is student" / "is not student",
 *    "has cr card" / "has no cr card" ("has not paid" when a participle follows);
 *  - a single participle word (`Married`, `Churned`, `Retired`): "married" / "not married";
 *  - anything else (`Student`, `SeniorCitizen`, `Partner`): "Student: yes" / "Student: no", because English cannot
 *    tell from a bare name whether "is a partner" or "has a partner" is meant.
 */
export function booleanWording(name: string): { yes: string; no: string } {
  const words = nameWords(name);
  const verb = words[0]?.toLowerCase() ?? '';
  const negated = NEGATED[verb];
  if (words.length >= 2 && negated) {
    const rest = words.slice(1).join(' ');
    const participle = words.length === 2 && /ed$/.test(rest) && (verb === 'has' || verb === 'had');
    return { yes: `${verb} ${rest}`, no: participle ? `${verb} not ${rest}` : `${negated} ${rest}` };
  }
  if (words.length === 1 && /^[A-Za-z]{3,}ed$/.test(name)) return { yes: words[0]!, no: `not ${words[0]!}` };
  return { yes: `${name}: yes`, no: `${name}: no` };
}

/** Numeric bounds lo < x ≤ hi (±Infinity when open) as "age ≤ 29", "tenure ≥ 7 months", "income 20,000–45,000". */
export function numberCondition(name: string, lo: number, hi: number, integer: boolean, unit?: string): string {
  const fmt = (v: number) => withUnit(formatValue(v, integer), unit);
  // A split at 29.5 on whole numbers reads "≤ 29" / "≥ 30".
  const low = integer ? Math.floor(lo) + 1 : lo;
  const high = integer ? Math.floor(hi) : hi;
  if (lo > -Infinity && hi < Infinity) {
    if (integer && low === high) return `${name} = ${fmt(low)}`;
    // "$20–$45" but "20–45 months": a currency sign belongs to each number, a unit word to the range.
    const from = unit && CURRENCY.test(unit) ? fmt(low) : formatValue(low, integer);
    return `${name} ${from}–${fmt(high)}`;
  }
  if (lo > -Infinity) return `${name} ${integer ? '≥' : '>'} ${fmt(low)}`;
  return `${name} ≤ ${fmt(high)}`;
}

function listOf(levels: string[], last: string): string {
  return levels.length === 1 ? levels[0]! : `${levels.slice(0, -1).join(', ')} ${last} ${levels[levels.length - 1]!}`;
}

/**
 * A categorical column on a path: "Contract is Month-to-month"; with only exclusions, the shorter of
 * "Contract is not A" / "is neither A nor B" / "is not A, B or C" and "Contract is one of C, D" (the levels left).
 */
export function levelCondition(name: string, is: string | undefined, not: string[], all: string[]): string {
  if (is !== undefined) return `${name} is ${is}`;
  const excluded = new Set(not);
  const left = all.filter((l) => !excluded.has(l));
  if (left.length >= 1 && left.length <= 3 && left.length <= not.length) {
    return left.length === 1 ? `${name} is ${left[0]!}` : `${name} is one of ${left.join(', ')}`;
  }
  if (not.length === 2) return `${name} is neither ${not[0]!} nor ${not[1]!}`;
  return `${name} is not ${listOf(not, 'or')}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}
