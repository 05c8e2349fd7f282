// What the marketing-mix panel and its form show, as plain functions: number formatting that never prints NaN or
// Infinity ("–"), the per-channel table rows, the verdict line, and the date / control column candidates.
import type { ColumnSummary } from '../../core/data/schema.ts';
import { ROLES, type RoleMap } from '../../core/data/table.ts';
import type { MmmResult } from '../../core/ads/mmm/types.ts';
import type { ResponseCurve } from '../../core/ads/types.ts';
import { m } from '../../paraglide/messages.js';
import { say } from '../say.ts';

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

type Period = 'week' | 'day' | 'month' | 'period';
// Core labels the period axis in English ('per week', 'per 14 days'); these word it in the reader's language.
const PER: Record<Period, () => string> = {
  week: m.ads_mmm_per_week,
  day: m.ads_mmm_per_day,
  month: m.ads_mmm_per_month,
  period: m.ads_mmm_per_period,
};
const NOUN: Record<Period, () => string> = {
  week: m.ads_mmm_noun_week,
  day: m.ads_mmm_noun_day,
  month: m.ads_mmm_noun_month,
  period: m.ads_mmm_noun_period,
};
const NOUNS: Record<Period, () => string> = {
  week: m.ads_mmm_nouns_week,
  day: m.ads_mmm_nouns_day,
  month: m.ads_mmm_nouns_month,
  period: m.ads_mmm_nouns_period,
};

/** The core's period label as a known period, a number of days, or null (an unknown label is shown as it is). */
function parsePeriod(periodLabel: string): Period | number | null {
  const s = periodLabel.replace(/^per /, '');
  const days = /^(\d+) days$/.exec(s);
  if (days) return Number(days[1]);
  return s in PER ? (s as Period) : null;
}

/** 'per week' in the reader's language ('每周'). */
export function perPeriod(periodLabel: string): string {
  const p = parsePeriod(periodLabel);
  if (p === null) return periodLabel;
  return typeof p === 'number' ? m.ads_mmm_per_days({ days: String(p) }) : PER[p]();
}

/** 'per week' → 'week'; 'per 14 days' → '14-day period'; 'per period' → 'period' (in the reader's language). */
export function periodNoun(periodLabel: string): string {
  const p = parsePeriod(periodLabel);
  if (p === null) return periodLabel.replace(/^per /, '');
  return typeof p === 'number' ? m.ads_mmm_noun_days({ days: String(p) }) : NOUN[p]();
}

/** The plural of periodNoun ('weeks', '14-day periods'). */
export function periodNouns(periodLabel: string): string {
  const p = parsePeriod(periodLabel);
  if (p === null) return `${periodLabel.replace(/^per /, '')}s`;
  return typeof p === 'number' ? m.ads_mmm_nouns_days({ days: String(p) }) : NOUNS[p]();
}

/** "41 % of a week's effect carries to the next". */
export function carryOverText(decay: number, periodLabel: string): string {
  if (!Number.isFinite(decay)) return DASH;
  return m.ads_mmm_carry({ pct: String(Math.round(decay * 100)), period: periodNoun(periodLabel) });
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
export function mmmRows(r: MmmResult): MmmRow[] {
  return r.channels.map((c, i) => {
    const curve = r.response.curves[i];
    const half = curve ? halfSaturation(curve) : { value: NaN, low: NaN, high: NaN };
    return {
      channel: c.channel,
      carryOver: carryOverText(c.decay, r.periodLabel),
      decayRange: range(c.decayLow, c.decayHigh, (v) => pct(v, 0)),
      halfSat: num(half.value),
      halfSatRange: range(Math.min(half.low, half.high), Math.max(half.low, half.high)),
      shape: r.saturationKind === 'hill' ? m.ads_mmm_shape_s({ n: num(c.hillN) }) : m.ads_mmm_shape_concave(),
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
export function trustedText(r: MmmResult): string {
  const k = r.checks;
  return m.ads_mmm_trusted_text({
    r2: num(k.r2),
    base: num(k.base),
    per: perPeriod(r.periodLabel),
    baseLow: num(k.baseLow),
    baseHigh: num(k.baseHigh),
    share: pct(k.shareSum),
    shareLow: pct(k.shareSumLow),
    shareHigh: pct(k.shareSumHigh),
  });
}

/** The fit R² and the bootstrap method, in one line. */
export function fitLine(r: MmmResult): string {
  const kind = r.saturationKind === 'hill' ? m.ads_mmm_kind_hill() : m.ads_mmm_kind_logistic();
  return m.ads_mmm_fit_line({
    r2: num(r.r2),
    count: String(r.periods),
    periods: periodNouns(r.periodLabel),
    kind,
    seconds: num(r.fitSeconds),
    method: say(r.method),
  });
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
