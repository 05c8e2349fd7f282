// Whether a dataset can feed a page, per page: ok, the reason a person reads (why not, or how it will be used), and
// the fixes offered in place (a column select that maps a role). Every page lists every dataset through these.
import type { DatasetRecord } from '../../core/data/dataset-record.ts';
import type { ColumnSummary } from '../../core/data/schema.ts';
import type { Role } from '../../core/data/table.ts';
import { impressionColumn } from '../ads/ctr-view.ts';
import { msg, type Msg } from '../../core/msg.ts';

/** "Pick a column" for a role: choosing one maps it (data.setRole) and the page judges the dataset again. */
export interface RoleFix {
  role: Role;
  label: Msg;
  columns: string[];
}

export interface Suitability {
  ok: boolean;
  /** Why it cannot be used, or (when ok) how it will be used if that is not the obvious way; null = nothing to say. */
  reason: Msg | null;
  fixes: RoleFix[];
}

export type SuitabilityFn = (d: DatasetRecord) => Suitability;

const OK: Suitability = { ok: true, reason: null, fixes: [] };

/** Columns with the dataset's current roles (the record's role map is the truth after a role change). */
export function columnsWithRoles(d: DatasetRecord): ColumnSummary[] {
  return d.columns.map((c) => ({ ...c, role: d.roles[c.name] ?? c.role }));
}

const hasRole = (d: DatasetRecord, role: Role) => Object.values(d.roles).includes(role);
const FEATURE_SKIP = new Set<string>(['ignore', 'text', 'customer_id', 'item_id', 'timestamp']);
const featureColumns = (d: DatasetRecord) =>
  d.columns.filter((c) => !FEATURE_SKIP.has(d.roles[c.name] ?? c.role) && !['id', 'text', 'date'].includes(c.type));
/** Columns that could hold an id: not dates or decimals, and not already an id, the outcome or the date. */
const ID_TAKEN = new Set<string>(['customer_id', 'item_id', 'target', 'timestamp']);
const idCandidates = (d: DatasetRecord) =>
  d.columns
    .filter((c) => c.type !== 'date' && c.type !== 'decimal' && !ID_TAKEN.has(d.roles[c.name] ?? c.role))
    .map((c) => c.name);

/** Segments: a customer id (transactions or one row per customer); without one a customer table segments by row. */
export function segmentsSuitability(d: DatasetRecord): Suitability {
  if (hasRole(d, 'customer_id')) return OK;
  if (featureColumns(d).length === 0) return { ok: false, reason: msg('cmp_fit_no_features'), fixes: [] };
  return {
    ok: true,
    reason: msg('cmp_fit_segment_by_row'),
    fixes: [{ role: 'customer_id', label: msg('cmp_role_customer_id'), columns: idCandidates(d) }],
  };
}

/** Columns with exactly two values (not ignored) or mapped as the outcome: what Propensity can predict. */
export function binaryColumns(d: DatasetRecord): string[] {
  return d.columns
    .filter((c) => d.roles[c.name] === 'target' || (c.distinct === 2 && d.roles[c.name] !== 'ignore'))
    .map((c) => c.name);
}

/** Propensity: a yes/no outcome to predict. */
export function propensitySuitability(d: DatasetRecord): Suitability {
  if (binaryColumns(d).length) return OK;
  const ignored = d.columns.filter((c) => c.distinct === 2).map((c) => c.name);
  return {
    ok: false,
    reason: msg(ignored.length ? 'cmp_fit_outcome_ignored' : 'cmp_fit_no_outcome'),
    fixes: ignored.length ? [{ role: 'target', label: msg('cmp_role_outcome'), columns: ignored }] : [],
  };
}

/** Recommendations: one row per interaction, with a customer id and an item id. */
export function recommendSuitability(d: DatasetRecord): Suitability {
  const missing = (['customer_id', 'item_id'] as const).filter((r) => !hasRole(d, r));
  if (!missing.length) return OK;
  const reason =
    missing.length > 1
      ? 'cmp_fit_needs_both_ids'
      : missing[0] === 'customer_id'
        ? 'cmp_fit_needs_customer_id'
        : 'cmp_fit_needs_item_id';
  return {
    ok: false,
    reason: msg(reason),
    fixes: missing.map((r) => ({
      role: r,
      label: msg(r === 'customer_id' ? 'cmp_role_customer_id' : 'cmp_role_item_id'),
      columns: idCandidates(d),
    })),
  };
}

const AD_ROLES: Role[] = ['spend', 'conversions', 'clicks', 'impressions', 'channel'];

/** Ads: a campaign log (spend, clicks, conversions, impressions or channel) or an impression log (0/1 per row). */
export function adsSuitability(d: DatasetRecord): Suitability {
  if (AD_ROLES.some((r) => hasRole(d, r))) return OK;
  const cols = columnsWithRoles(d);
  const outcome = impressionColumn(cols);
  const repeats = cols.some((c) => (c.role === 'customer_id' || c.role === 'item_id') && c.distinct < 0.9 * d.rows);
  if (outcome && repeats) return OK;
  if (outcome)
    return {
      ok: false,
      reason: msg('cmp_fit_outcome_not_impressions', { column: outcome }),
      fixes: [{ role: 'clicks', label: msg('cmp_role_clicks_per_impression'), columns: [outcome] }],
    };
  const numeric = d.columns.filter((c) => c.type === 'integer' || c.type === 'decimal').map((c) => c.name);
  const cats = d.columns.filter((c) => c.type === 'categorical').map((c) => c.name);
  return {
    ok: false,
    reason: msg('cmp_fit_needs_ad_data'),
    fixes: [
      ...(numeric.length ? [{ role: 'spend' as const, label: msg('cmp_role_spend'), columns: numeric }] : []),
      ...(cats.length ? [{ role: 'channel' as const, label: msg('cmp_role_channel'), columns: cats }] : []),
    ],
  };
}

/** The dataset a page opens on: the one it showed before, else the selected one when ok, else the first ok one. */
export function pickDefault(
  datasets: DatasetRecord[],
  current: string | null,
  selected: string | null,
  fits: SuitabilityFn,
  prefer: (d: DatasetRecord) => boolean = () => true,
): string | null {
  if (current && datasets.some((d) => d.id === current)) return current;
  const ok = datasets.filter((d) => fits(d).ok);
  const sel = ok.find((d) => d.id === selected && prefer(d)) ?? ok.find(prefer) ?? ok[0] ?? datasets[0];
  return sel?.id ?? null;
}
