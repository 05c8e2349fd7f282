// What the marketing-mix panel and its form show, as plain functions: number formatting that never prints NaN or
// Infinity ("–"), the per-channel table rows, the verdict line, and the date / control column candidates.
import type { ColumnSummary } from '../../core/data/schema.ts';
import { ROLES, type RoleMap } from '../../core/data/table.ts';
import type { MmmResult } from '../../core/ads/mmm/types.ts';
import type { ResponseCurve } from '../../core/ads/types.ts';

export const DASH = '–';

/** 3 significant figures (thousands grouped), "–" when not finite. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-GB');
  return Number(v.toPrecision(3)).toLocaleString('en-GB', { maximumSignificantDigits: 3 });
}

/** A share (0.412) as "41.2 %", "–" when not finite. */
export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : `${(v * 100).toFixed(digits)} %`;
}

/** "[low, high]" with each end formatted by `f`. */
export function range(low: number, high: number, f: (v: number) => string = num): string {
  return `[${f(low)}, ${f(high)}]`;
}

/** 'per week' → 'week'; 'per 14 days' → '14-day period'; 'per period' → 'period'. */
export function periodNoun(periodLabel: string): string {
  const s = periodLabel.replace(/^per /, '');
  const m = /^(\d+) days$/.exec(s);
  return m ? `${m[1]}-day period` : s;
}

/** "41 % of a week's effect carries to the next". */
export function carryOverText(decay: number, periodLabel: string): string {
  if (!Number.isFinite(decay)) return DASH;
  return `${Math.round(decay * 100)} % of a ${periodNoun(periodLabel)}'s effect carries to the next`;
}

/** Spend per period at which the steady-state curve reaches half its ceiling (logistic: k·ln 3; Hill: K). */
export function halfSaturation(c: ResponseCurve): { value: number; low: number; high: number } {
  const f = c.params.kind === 'logistic' ? Math.log(3) : 1;
  return { value: c.params.k * f, low: c.paramLow.k * f, high: c.paramHigh.k * f };
}

export interface MmmRow {
  channel: string;
  carryOver: string;
  decayRange: string;
  halfSat: string;
  halfSatRange: string;
  shape: string;
  share: string;
  shareRange: string;
  roas: string;
  roasRange: string;
  spend: string;
  contribution: string;
}

/** One formatted table row per channel (the curve is the channel's steady-state response curve). */
export function mmmRows(m: MmmResult): MmmRow[] {
  return m.channels.map((c, i) => {
    const curve = m.response.curves[i];
    const half = curve ? halfSaturation(curve) : { value: NaN, low: NaN, high: NaN };
    return {
      channel: c.channel,
      carryOver: carryOverText(c.decay, m.periodLabel),
      decayRange: range(c.decayLow, c.decayHigh, (v) => pct(v, 0)),
      halfSat: num(half.value),
      halfSatRange: range(Math.min(half.low, half.high), Math.max(half.low, half.high)),
      shape: m.saturationKind === 'hill' ? `S-shaped, n ${num(c.hillN)}` : 'concave',
      share: pct(c.share),
      shareRange: range(c.shareLow, c.shareHigh, (v) => pct(v)),
      roas: num(c.roas),
      roasRange: range(c.roasLow, c.roasHigh),
      spend: num(c.spend),
      contribution: num(c.contribution),
    };
  });
}

/** The trusted verdict's figures in one line (untrusted fits show their reason instead). */
export function trustedText(m: MmmResult): string {
  const k = m.checks;
  return (
    `R² ${num(k.r2)}; baseline ${num(k.base)} ${m.periodLabel} (95 % interval ${num(k.baseLow)} to ` +
    `${num(k.baseHigh)}, not clearly below zero); channel shares sum to ${pct(k.shareSum)} (95 % interval ` +
    `${pct(k.shareSumLow)} to ${pct(k.shareSumHigh)})`
  );
}

/** The fit R² and the bootstrap method, in one line. */
export function fitLine(m: MmmResult): string {
  const kind = m.saturationKind === 'hill' ? 'Hill (S-shaped)' : 'logistic (concave)';
  return `Fit R² ${num(m.r2)} on ${m.periods} ${periodNoun(m.periodLabel)}s, ${kind} saturation, in ${num(m.fitSeconds)} s: ${m.method}.`;
}

/** Date columns for the MMM's period axis, the timestamp role first. */
export function dateColumns(columns: ColumnSummary[], roles: RoleMap): string[] {
  const dates = columns.filter((c) => c.type === 'date' || roles[c.name] === 'timestamp').map((c) => c.name);
  return dates.sort((a, b) => Number(roles[b] === 'timestamp') - Number(roles[a] === 'timestamp'));
}

/** Roles that are a campaign metric or an identifier, never an event/control column: all but the plain ones. */
const NOT_CONTROL: ReadonlySet<string> = new Set(ROLES.filter((r) => r !== 'categorical' && r !== 'numeric'));

/** Numeric columns that can be events or controls (flags first), and which of them to tick by default. */
export function controlColumns(columns: ColumnSummary[], roles: RoleMap): { name: string; flag: boolean }[] {
  return columns
    .filter((c) => ['boolean', 'integer', 'decimal'].includes(c.type) && !NOT_CONTROL.has(roles[c.name] ?? ''))
    .map((c) => ({ name: c.name, flag: c.type === 'boolean' || (c.distinct > 0 && c.distinct <= 2) }))
    .sort((a, b) => Number(b.flag) - Number(a.flag));
}

/** Flags whose names say event, holiday, promotion, sale or launch are ticked by default. */
export function defaultControls(cands: { name: string; flag: boolean }[]): string[] {
  return cands.filter((c) => c.flag && /event|holiday|promo|sale|launch/i.test(c.name)).map((c) => c.name);
}
