// An audience as the target of a what-if: its size and its mean propensity relative to the scored population's
// (lift), and a scenario's predicted outcome if the same spend reached that audience instead. Pure: the worker
// finds the segment and propensity results.
import { scoreProfile, segmentMembers, type ScoreSource, type SegmentSource } from './profile.ts';

export interface AudienceTarget {
  kind: 'segment' | 'top-deciles';
  /** The audience in words ("segment “Loyal” of customers", "top 3 deciles of propensity on leads"). */
  label: string;
  /** Customers in the audience. */
  size: number;
  /** The propensity result that covers the audience, or null when none does (then only the size is known). */
  propensity: {
    name: string;
    /** Audience members with a score. */
    covered: number;
    /** Mean propensity of the covered members, and over every scored customer. */
    mean: number;
    overall: number;
    /** mean / overall. */
    lift: number;
  } | null;
}

/** How a targeted outcome is bounded: by the audience's size (a count of customers), by 1 (a rate), or not. */
export type TargetCap = 'customers' | 'rate' | null;

export interface TargetedOutcome {
  /** The scenario's predicted outcome (untargeted). */
  predicted: number;
  /** predicted × lift, capped; null when no propensity covers the audience. */
  targeted: number | null;
  /** The cap bound the targeted outcome. */
  capped: boolean;
}

/** A stored segment's members as an audience, with the propensity source's lift over its scored population. */
export function segmentTarget(
  label: string,
  segments: SegmentSource,
  segment: number,
  scores: ScoreSource | null,
): AudienceTarget {
  const members = segmentMembers(segments, segment);
  const p = scoreProfile(scores, members);
  return {
    kind: 'segment',
    label,
    size: members.length,
    propensity:
      p && p.overall > 0
        ? { name: p.name, covered: p.covered, mean: p.mean, overall: p.overall, lift: p.mean / p.overall }
        : null,
  };
}

/** The customers in the top `deciles` tenths of a propensity model's scores (ranked by score, ties by order). */
export function topDecilesTarget(label: string, scores: ScoreSource, deciles: number): AudienceTarget {
  const d = Math.min(10, Math.max(1, Math.round(deciles)));
  const idx: number[] = [];
  const seen = new Set<string>();
  scores.ids.forEach((id, i) => {
    if (Number.isFinite(scores.values[i]!) && !seen.has(id)) {
      seen.add(id);
      idx.push(i);
    }
  });
  idx.sort((a, b) => scores.values[b]! - scores.values[a]! || a - b);
  const size = Math.round((idx.length * d) / 10);
  let all = 0;
  for (const i of idx) all += scores.values[i]!;
  let top = 0;
  for (let k = 0; k < size; k++) top += scores.values[idx[k]!]!;
  const overall = all / Math.max(1, idx.length);
  const mean = top / Math.max(1, size);
  return {
    kind: 'top-deciles',
    label,
    size,
    propensity:
      size > 0 && overall > 0 ? { name: scores.name, covered: size, mean, overall, lift: mean / overall } : null,
  };
}

/**
 * The outcome if the same spend reached the audience: conversions scale with the audience's relative propensity at
 * the same reach (predicted × lift), at most the audience's size when the outcome counts customers, at most 1 for a
 * rate.
 */
export function targetedOutcome(predicted: number, target: AudienceTarget, cap: TargetCap): TargetedOutcome {
  if (!target.propensity || !Number.isFinite(predicted)) return { predicted, targeted: null, capped: false };
  const raw = predicted * target.propensity.lift;
  const bound = cap === 'customers' ? target.size : cap === 'rate' ? 1 : Infinity;
  return { predicted, targeted: Math.min(raw, bound), capped: raw > bound };
}

/** The assumption and the audience in plain words, for the what-if's notes. */
export function targetingNotes(target: AudienceTarget, cap: TargetCap): string[] {
  const p = target.propensity;
  if (!p)
    return [
      `No stored propensity result covers ${target.label}: only its size (${target.size.toLocaleString('en-GB')} customers) is known, so no targeted outcome is predicted.`,
    ];
  const notes = [
    `Assumption: conversions scale with the audience's relative propensity at the same reach — ${target.label} has a mean propensity of ${p.mean.toPrecision(3)} against ${p.overall.toPrecision(3)} over everyone scored by “${p.name}” (lift ×${p.lift.toPrecision(3)}, ${p.covered.toLocaleString('en-GB')} of ${target.size.toLocaleString('en-GB')} members scored).`,
  ];
  if (cap === 'customers')
    notes.push(`The outcome counts customers, so the targeted outcome is at most the audience's size.`);
  if (cap === 'rate') notes.push('The outcome is a rate, so the targeted outcome is at most 100 %.');
  return notes;
}
