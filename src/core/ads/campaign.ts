// Campaign model: reads dimensions, metrics and the outcome out of a Table + RoleMap, and proposes an outcome.
import { JobError } from '../jobs.ts';
import type { Column, RoleMap, Table } from '../data/table.ts';
import { getColumn } from '../data/table.ts';
import { isImpressionLog } from './ctr/detect.ts';
import type { OutcomeSpec } from './types.ts';

export interface Campaign {
  /** Categorical dimensions (channel first when present). */
  dimensions: string[];
  channel: string | null;
  spend: string[];
  impressions: string | null;
  clicks: string | null;
  conversions: string[];
  amount: string[];
  /** Other numeric inputs (role `numeric`). */
  numeric: string[];
  timestamp: string | null;
}

/** Classify the table's columns by role. Ids, text and ignored columns never become inputs. */
export function campaignFromRoles(table: Table, roles: RoleMap): Campaign {
  const byRole = (role: string) => table.columns.filter((c) => roles[c.name] === role).map((c) => c.name);
  const channel = byRole('channel')[0] ?? null;
  const cats = table.columns
    .filter((c) => c.kind === 'categorical' && (roles[c.name] === 'categorical' || roles[c.name] === 'channel'))
    .map((c) => c.name);
  const dimensions = channel ? [channel, ...cats.filter((n) => n !== channel)] : cats;
  return {
    dimensions,
    channel,
    spend: byRole('spend'),
    impressions: byRole('impressions')[0] ?? null,
    clicks: byRole('clicks')[0] ?? null,
    conversions: byRole('conversions'),
    amount: byRole('amount'),
    numeric: table.columns.filter((c) => c.kind === 'numeric' && roles[c.name] === 'numeric').map((c) => c.name),
    timestamp: byRole('timestamp')[0] ?? null,
  };
}

/**
 * The outcome LocalLift proposes: conversions if present, else CTR (or clicks), else a target that is 0/1 per row
 * (an impression log: the ads job models it impression by impression), else amount, else target.
 */
export function proposeOutcome(table: Table, roles: RoleMap): OutcomeSpec {
  const c = campaignFromRoles(table, roles);
  const conv = c.conversions[0];
  if (conv) return { kind: 'count', column: conv, label: conv };
  if (c.clicks && c.impressions) return { kind: 'rate', numerator: c.clicks, denominator: c.impressions, label: 'CTR' };
  if (c.clicks) return { kind: 'count', column: c.clicks, label: c.clicks };
  const target = table.columns.find((col) => roles[col.name] === 'target');
  if (target && isImpressionLog(table, roles, target.name))
    return { kind: 'continuous', column: target.name, label: target.name };
  const amount = c.amount[0];
  if (amount) return { kind: 'continuous', column: amount, label: amount };
  if (target) return { kind: 'continuous', column: target.name, label: target.name };
  throw new JobError(
    'ads-no-outcome',
    'No outcome column found: mark a column as conversions, clicks, amount/revenue or target, or pass --outcome <column>.',
  );
}

/** Outcome spec for a column chosen by the user, by its role. `a/b` names a rate. */
export function outcomeFromColumn(table: Table, roles: RoleMap, name: string): OutcomeSpec {
  const slash = name.indexOf('/');
  if (slash > 0) {
    const numerator = name.slice(0, slash);
    const denominator = name.slice(slash + 1);
    requireNumeric(table, numerator);
    requireNumeric(table, denominator);
    return { kind: 'rate', numerator, denominator, label: `${numerator}/${denominator}` };
  }
  if (name.toUpperCase() === 'CTR') {
    const c = campaignFromRoles(table, roles);
    if (!c.clicks || !c.impressions)
      throw new JobError('ads-outcome', 'CTR needs a clicks column and an impressions column (set their roles).');
    return { kind: 'rate', numerator: c.clicks, denominator: c.impressions, label: 'CTR' };
  }
  const col = requireNumeric(table, name);
  const role = roles[name];
  const isCount =
    role === 'conversions' ||
    role === 'clicks' ||
    role === 'impressions' ||
    role === 'quantity' ||
    isIntegerValued(col.values);
  return isCount ? { kind: 'count', column: name, label: name } : { kind: 'continuous', column: name, label: name };
}

function requireNumeric(table: Table, name: string): { values: Float64Array } {
  let col: Column;
  try {
    col = getColumn(table, name);
  } catch {
    throw new JobError(
      'ads-outcome',
      `Outcome column \`${name}\` is not in the file (have: ${table.columns.map((c) => c.name).join(', ')}).`,
    );
  }
  if (col.kind !== 'numeric')
    throw new JobError(
      'ads-outcome',
      `Outcome column \`${name}\` is ${col.type}, not numeric: pick a numeric column (conversions, clicks, revenue, sales …).`,
    );
  return col;
}

function isIntegerValued(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isNaN(x) && (x < 0 || Math.floor(x) !== x)) return false;
  }
  return true;
}

/** Columns the outcome is made of, plus its downstream metrics: never inputs (they would leak the answer). */
export function outcomeColumns(o: OutcomeSpec): string[] {
  return o.kind === 'rate'
    ? [o.numerator, o.denominator]
    : o.kind === 'count' && o.offset
      ? [o.column, o.offset]
      : [o.column];
}

/**
 * Default inputs: every categorical dimension, plus spend and impressions (the exposure we buy) and numeric columns.
 * Clicks are an input only for outcomes that are not themselves downstream of clicks (they mediate conversions);
 * other conversion/revenue columns are always excluded because they are results, not causes.
 */
export function defaultInputs(table: Table, roles: RoleMap, outcome: OutcomeSpec): string[] {
  const c = campaignFromRoles(table, roles);
  const used = new Set(outcomeColumns(outcome));
  const out: string[] = [];
  for (const d of c.dimensions) {
    const col = getColumn(table, d);
    // A dimension with a level per row (ids disguised as categories) cannot generalise.
    if (col.kind === 'categorical' && col.dictionary.length > Math.max(50, table.rowCount / 5)) continue;
    out.push(d);
  }
  for (const s of c.spend) if (!used.has(s)) out.push(s);
  if (c.impressions && !used.has(c.impressions) && outcome.kind !== 'rate') out.push(c.impressions);
  for (const n of c.numeric) if (!used.has(n)) out.push(n);
  return out;
}
