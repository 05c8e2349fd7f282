// The recommender trust guard: the best real recommender against its baseline (most-popular by NDCG@k for
// interactions, biases-only by RMSE for ratings), paired over the same test customers / ratings. A recommender that
// is not clearly better has "no usable signal": the baseline serves and its reasons are not shown as findings.
import type { MappedPairs } from './interactions.ts';
import type { FeedbackMode } from './interaction-events.ts';
import type { ModelScore } from './run-types.ts';
import { msg, type Msg } from '../msg.ts';

export interface SignalCheck {
  usable: boolean;
  /** The best recommender (not a trivial baseline) and the baseline it must beat. */
  model: string;
  modelLabel: Msg | string;
  baseline: 'popular' | 'biases';
  baselineLabel: Msg | string;
  metric: string;
  value: number;
  baselineValue: number;
  /** Mean paired gain over the test units (NDCG points, or squared error saved per rating) and its standard error. */
  gain: number;
  se: number;
  units: number;
  /** The verdict for people (results stored before i18n hold an English string). */
  reason: Msg | string;
}

/** Trivial baselines: only the best of the others is a recommender worth judging. */
const TRIVIAL = new Set(['popular', 'biases', 'global-mean']);

/** Mean and standard error of the per-unit gains. */
function pairedGain(gains: Float64Array): { gain: number; se: number } {
  const n = gains.length;
  if (n === 0) return { gain: 0, se: 0 };
  let s = 0;
  for (const g of gains) s += g;
  const mean = s / n;
  let ss = 0;
  for (const g of gains) ss += (g - mean) ** 2;
  return { gain: mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : Infinity };
}

/** Per-unit gains of `cand` over `base`: NDCG difference, or squared error the candidate saves on each rating. */
function gainsOf(mode: FeedbackMode, cand: Float64Array, base: Float64Array, test: MappedPairs): Float64Array {
  if (mode === 'implicit') return Float64Array.from(cand, (c, t) => c - base[t]!);
  return Float64Array.from(cand, (c, t) => (base[t]! - test.value[t]!) ** 2 - (c - test.value[t]!) ** 2);
}

const fmt = (v: number) => v.toFixed(4);

/**
 * Usable only when the best recommender beats its baseline on the headline metric and the paired gain is more than
 * two standard errors above zero: on data with no structure a model can edge past the baseline by luck alone, and
 * "no better" must then still read as no better.
 */
export function judgeSignal(
  mode: FeedbackMode,
  models: ModelScore[],
  units: Map<string, Float64Array>,
  test: MappedPairs,
  k: number,
): SignalCheck | null {
  const baseName = mode === 'implicit' ? 'popular' : 'biases';
  const base = models.find((m) => m.name === baseName);
  const metric = mode === 'implicit' ? `NDCG@${k}` : 'RMSE';
  const val = (m: ModelScore) => (mode === 'implicit' ? m.ndcgAtK! : m.rmse!);
  const better = (a: number, b: number) => (mode === 'implicit' ? a > b : a < b);
  const cands = models.filter((m) => !TRIVIAL.has(m.name));
  if (!base || cands.length === 0) return null;
  const best = cands.reduce((a, b) => (better(val(b), val(a)) ? b : a));
  const cu = units.get(best.name);
  const bu = units.get(baseName);
  const { gain, se } = cu && bu ? pairedGain(gainsOf(mode, cu, bu, test)) : { gain: 0, se: Infinity };
  const usable = better(val(best), val(base)) && gain > 2 * se;
  const said = { model: best.label, baseline: base.label, metric, value: fmt(val(best)), base: fmt(val(base)) };
  const reason = usable
    ? msg('rec_trust_usable', said)
    : !better(val(best), val(base))
      ? msg('rec_trust_none', said)
      : Number.isFinite(se)
        ? msg('rec_trust_chance', {
            ...said,
            gain: gain.toExponential(2),
            se: se.toExponential(2),
            unit: msg(mode === 'implicit' ? 'rec_unit_customer' : 'rec_unit_rating'),
          })
        : msg('rec_trust_chance_few', said);
  return {
    usable,
    model: best.name,
    modelLabel: best.label,
    baseline: baseName,
    baselineLabel: base.label,
    metric,
    value: val(best),
    baselineValue: val(base),
    gain,
    se: Number.isFinite(se) ? se : 0,
    units: cu?.length ?? 0,
    reason,
  };
}
