// The one number formatter for text people read (UI views and the notes core writes): never NaN or Infinity ("–"),
// never a 21-digit number (absurd magnitudes in powers of ten), never a long tail of decimals.
/** Locale of the grouping and decimal marks: the reader's (src/state/i18n.svelte.ts); en-GB in the worker and CLI. */
let locale = 'en-GB';

export function setFormatLocale(tag: string): void {
  locale = tag === 'en' ? 'en-GB' : tag;
}

/** The en dash every view already used for a missing figure (mmm-view, clv derive). */
export const DASH = '–';

/** Beyond this magnitude a figure is not a plausible marketing quantity: it is shown in powers of ten. */
export const ABSURD = 1e12;

/** Why a value renders as "–" (for a tooltip or a note); null for a plain finite number. */
export function whyDash(v: unknown): string | null {
  if (v === null || v === undefined) return 'no value';
  if (typeof v !== 'number') return 'not a number';
  if (Number.isNaN(v)) return 'not a number (the computation had nothing to work on)';
  if (!Number.isFinite(v)) return 'infinite (a division by zero or an overflow)';
  return null;
}

/**
 * A number for text: "–" when missing or not finite; powers of ten beyond ±1e12; thousands grouped; `digits` decimals
 * at most (default: whole numbers from 100, 2 decimals from 1, 3 significant figures below 1).
 */
export function fmt(v: number | null | undefined, digits?: number): string {
  if (v === null || v === undefined || typeof v !== 'number' || !Number.isFinite(v)) return DASH;
  const a = Math.abs(v);
  if (a >= ABSURD) return v.toExponential(2).replace('e+', 'e');
  if (digits !== undefined) {
    const s = v.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  }
  if (a === 0) return '0';
  if (a >= 100) return Math.round(v).toLocaleString(locale);
  if (a >= 1) return v.toLocaleString(locale, { maximumFractionDigits: 2 });
  if (a < 1e-6) return v.toExponential(1);
  return v.toLocaleString(locale, { maximumSignificantDigits: 3 });
}

/** A share (0.412) as "41.2 %"; "–" when not finite. */
export function fmtPct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (Math.abs(v) * 100 >= ABSURD) return `${fmt(v * 100)} %`;
  return `${(v * 100).toFixed(digits)} %`;
}

/** An integer count with thousands grouped ("12,345"); "–" when not finite. */
export function fmtInt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return Math.abs(v) >= ABSURD ? fmt(v) : Math.round(v).toLocaleString(locale);
}
