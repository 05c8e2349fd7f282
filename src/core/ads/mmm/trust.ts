// The MMM trust guard: a fit is trusted only if it explains the data (R² > 0), its baseline (intercept, trend,
// seasonality, weekdays — not channels, not controls) is not below zero, the channel shares do not sum past 100 %,
// and every share interval is finite. The baseline and share-sum checks use their bootstrap 95 % intervals: a planted
// zero baseline is estimated below zero half the time, so only a baseline *clearly* below zero (the whole interval)
// fails. An untrusted fit's curves are not used for allocation or what-if.
import { quantile } from '../importance.ts';
import type { ResponseModel } from '../types.ts';
import type { MmmChannel, MmmChecks, MmmResult } from './types.ts';

export interface TrustInput {
  r2: number;
  /** Mean baseline per period in outcome units, and one value per bootstrap draw. */
  base: number;
  baseDraws: number[];
  /** Σ channel shares, and one value per bootstrap draw. */
  shareSum: number;
  shareSumDraws: number[];
  channels: Pick<MmmChannel, 'channel' | 'share' | 'shareLow' | 'shareHigh'>[];
}

function interval(point: number, draws: number[]): [number, number] {
  if (!draws.length) return [point, point];
  const s = draws.slice().sort((a, b) => a - b);
  return [quantile(s, 0.025), quantile(s, 0.975)];
}

export function trustChecks(inp: TrustInput): MmmChecks {
  const [baseLow, baseHigh] = interval(inp.base, inp.baseDraws);
  const [shareSumLow, shareSumHigh] = interval(inp.shareSum, inp.shareSumDraws);
  const bad = inp.channels
    .filter((c) => ![c.share, c.shareLow, c.shareHigh].every(Number.isFinite))
    .map((c) => c.channel);
  return {
    r2: inp.r2,
    base: inp.base,
    baseLow,
    baseHigh,
    shareSum: inp.shareSum,
    shareSumLow,
    shareSumHigh,
    nonFinite: bad,
  };
}

// Figures in the reason are shown as they are: never NaN or Infinity on screen.
const num = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toLocaleString('en-GB') : 'not defined');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : 'not defined');

/** Every failed check as a plain sentence with its figure; empty when the fit is trustworthy. */
export function failedChecks(k: MmmChecks, periodLabel: string): string[] {
  const out: string[] = [];
  if (!(k.r2 > 0)) out.push(`the model explains none of the outcome's variation (R² ${num(k.r2)}, needs > 0)`);
  if (!(k.baseHigh >= 0))
    out.push(
      `the baseline (outcome without any spend or events) is ${num(k.base)} ${periodLabel} on average ` +
        `(95 % interval ${num(k.baseLow)} to ${num(k.baseHigh)}), below zero`,
    );
  if (!(k.shareSumLow <= 1))
    out.push(
      `the channel shares add up to ${pct(k.shareSum)} of the outcome (95 % interval ${pct(k.shareSumLow)} to ` +
        `${pct(k.shareSumHigh)}), more than 100 %`,
    );
  if (k.nonFinite.length)
    out.push(`the contribution-share interval of ${k.nonFinite.map((c) => `\`${c}\``).join(', ')} is not finite`);
  return out;
}

/** trusted + reason: the reason is one sentence naming every failed check (null when all pass). */
export function trustVerdict(k: MmmChecks, periodLabel: string): { trusted: boolean; reason: string | null } {
  const failed = failedChecks(k, periodLabel);
  if (!failed.length) return { trusted: true, reason: null };
  const text = failed.join('; ');
  return { trusted: false, reason: `${text[0]!.toUpperCase()}${text.slice(1)}.` };
}

/** The MMM's curves when its fit is trusted, else null (callers fall back to the response curves). */
export function trustedCurves(mmm: MmmResult | null | undefined): ResponseModel | null {
  return mmm?.trusted === true ? mmm.response : null;
}
