// Figures in reports: numbers, shares and dates through Intl in the report's locale; never NaN or Infinity ("–").

export const DASH = '–';

let locale = 'en-GB';

/** The locale every figure of the next report is written in (the i18n work sets it from the chosen language). */
export function setReportLocale(tag: string): void {
  locale = tag;
}

const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A number: `digits` decimals when given, else whole from 100, 2 decimals from 1, 3 significant figures below. */
export function num(v: number | null | undefined, digits?: number): string {
  if (!ok(v)) return DASH;
  const a = Math.abs(v);
  if (a >= 1e12) return v.toExponential(2).replace('e+', 'e');
  if (digits !== undefined) {
    const s = v.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    // A tiny negative rounds to "-0.000": no sign on a zero.
    return /^-0([.,]0*)?$/.test(s) ? s.slice(1) : s;
  }
  if (a === 0) return '0';
  if (a >= 100) return Math.round(v).toLocaleString(locale);
  if (a >= 1) return v.toLocaleString(locale, { maximumFractionDigits: 2 });
  return v.toLocaleString(locale, { maximumSignificantDigits: 3 });
}

export function int(v: number | null | undefined): string {
  return ok(v) ? Math.round(v).toLocaleString(locale) : DASH;
}

/** A share 0.412 as "41.2 %". */
export function pct(v: number | null | undefined, digits = 1): string {
  return ok(v)
    ? `${(v * 100).toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`
    : DASH;
}

/** "0.12 [0.05 – 0.20]" */
export function range(v: number, low: number, high: number, f: (x: number) => string = (x) => num(x)): string {
  return ok(low) && ok(high) ? `${f(v)} [${f(low)} – ${f(high)}]` : f(v);
}

/** A calendar date and time in the report's locale. */
export function dateTime(ms: number): string {
  if (!ok(ms) || ms <= 0) return DASH;
  return new Date(ms).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** YYYYMMDD (local time), for file names. */
export function ymd(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

/** A chart value: finite or null (a gap), never NaN. */
export function chartValue(v: number | null | undefined): number | null {
  return ok(v) ? v : null;
}
