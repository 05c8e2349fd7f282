// What the impression-level CTR panel shows, as plain functions: the models table against the click-rate baseline,
// why the best model is best, the per-level CTR chart with Wilson intervals, FM interactions in words, the
// impression-log guess for the outcome picker — and number formatting that never prints NaN or Infinity.
import type { ColumnSummary } from '../../core/data/schema.ts';
import type { CtrFactorEffect, CtrKind, CtrResult } from '../../core/ads/ctr/types.ts';
import { DASH, num, pct } from './mmm-view.ts';
import { m } from '../../paraglide/messages.js';
import { msg, type Msg } from '../../core/msg.ts';

/** The parameters of an interaction sentence that are the data's own words (factor names and levels). */
export const INTERACTION_DATA = ['a', 'av', 'b', 'bv'];

/** Model names as message functions (worded when shown, in the reader's language). */
export const MODEL_NAMES: Record<CtrKind, () => string> = {
  logistic: m.ads_ctr_model_logistic,
  fm: m.ads_ctr_model_fm,
  gbdt: m.ads_ctr_model_gbdt,
};

/** A probability to 4 decimals, "–" when not finite. */
export function p4(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : v.toFixed(4);
}

/** A CTR: 2 decimals of a percent ("3.41 %"). */
export function ctrPct(v: number | null | undefined): string {
  return pct(v, 2);
}

export interface ModelRow {
  kind: CtrKind | 'baseline';
  name: string;
  auc: string;
  logLoss: string;
  /** Test log loss relative to the baseline's ("−4.1 %"). */
  vsBaseline: string;
  valLogLoss: string;
  epochs: string;
  seconds: string;
  best: boolean;
}

export function modelRows(ctr: CtrResult): ModelRow[] {
  const base = ctr.baseline.logLoss;
  const rel = (l: number) => {
    const r = l / base - 1;
    return Number.isFinite(r) ? `${r <= 0 ? '−' : '+'}${Math.abs(r * 100).toFixed(1)} %` : DASH;
  };
  const rows: ModelRow[] = ctr.models.map((x) => ({
    kind: x.kind,
    name: MODEL_NAMES[x.kind](),
    auc: p4(x.auc),
    logLoss: p4(x.logLoss),
    vsBaseline: rel(x.logLoss),
    valLogLoss: p4(x.valLogLoss),
    epochs:
      x.kind === 'gbdt'
        ? m.ads_ctr_trees({ count: String(x.epochs) })
        : m.ads_ctr_epoch_of({ best: String(x.bestEpoch), total: String(x.epochs) }),
    seconds: num(x.seconds),
    best: x.kind === ctr.best,
  }));
  rows.push({
    kind: 'baseline',
    name: m.ads_ctr_baseline_name({ rate: ctrPct(ctr.clickRate) }),
    auc: p4(ctr.baseline.auc),
    logLoss: p4(base),
    vsBaseline: '0.0 %',
    valLogLoss: DASH,
    epochs: DASH,
    seconds: DASH,
    best: false,
  });
  return rows;
}

/** "Best: factorisation machine — lowest validation log loss (0.3012; logistic 0.3050, trees 0.3040)…". */
export function bestWhy(ctr: CtrResult): string {
  const best = ctr.models.find((x) => x.kind === ctr.best);
  if (!best) return '';
  const others = ctr.models
    .filter((x) => x !== best)
    .map((x) => `${MODEL_NAMES[x.kind]()} ${p4(x.valLogLoss)}`)
    .join(', ');
  return m.ads_ctr_best_why({ model: MODEL_NAMES[best.kind](), loss: p4(best.valLogLoss), others });
}

/** Per-level CTR as bars with a thin floating bar for the 95 % Wilson interval (all in %, inside 0–100). */
export function effectChart(e: CtrFactorEffect, clickRate: number) {
  const clamp = (v: number) => (Number.isFinite(v) ? Math.min(100, Math.max(0, v * 100)) : 0);
  return {
    type: 'bar' as const,
    data: {
      labels: e.levels.map((l) => l.level),
      datasets: [
        {
          label: m.ads_ctr_chart_ctr(),
          data: e.levels.map((l) => clamp(l.ctr)),
          backgroundColor: e.levels.map((l) => (l.ctr >= clickRate ? '#1d8a4e' : '#c0392b')),
          grouped: false,
          barPercentage: 0.7,
        },
        {
          label: m.ads_ctr_chart_interval(),
          data: e.levels.map((l) => [clamp(l.low), clamp(l.high)] as [number, number]),
          backgroundColor: '#1b2430',
          grouped: false,
          barPercentage: 0.1,
        },
      ],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: { y: { min: 0, title: { display: true, text: m.ads_ctr_chart_ctr() } } },
    },
  };
}

/**
 * The FM's strongest interaction cells in words, strongest pairs first: "format = video × time_slot = evening:
 * 2.5× the odds of a click that format and time_slot predict on their own".
 */
export function interactionSentences(ctr: CtrResult, pairs = 3, perPair = 2): Msg[] {
  const out: Msg[] = [];
  for (const it of (ctr.interactions ?? []).slice(0, pairs)) {
    for (const c of it.cells.slice(0, perPair)) {
      const ratio = Math.exp(c.effect);
      if (!Number.isFinite(ratio)) continue;
      // a, av, b, bv are the data's factor names and levels: INTERACTION_DATA marks them translate="no".
      out.push(msg('ads_ctr_interaction', { a: it.a, av: c.a, b: it.b, bv: c.b, ratio, strength: it.strength }));
    }
  }
  return out;
}

/** In the order the ads job proposes outcomes. */
const OUTCOME_ROLES = ['conversions', 'clicks', 'target'];

/** A column that reads as one 0/1 (or two-label) outcome per row: two distinct values (0 and 1 when numeric). */
export function isBinaryColumn(c: ColumnSummary): boolean {
  if (c.distinct !== 2) return false;
  const numeric = c.type === 'integer' || c.type === 'decimal' || c.type === 'boolean';
  return !numeric || (c.min === 0 && c.max === 1);
}

/**
 * The impression-log outcome the page proposes (as proposeOutcome would): the first conversions / clicks / target
 * column when it is 0/1 and no impressions column counts several impressions a row.
 */
export function impressionColumn(columns: ColumnSummary[]): string | null {
  if (columns.some((c) => c.role === 'impressions' && (c.max ?? 1) > 1)) return null;
  for (const role of OUTCOME_ROLES) {
    const c = columns.find((x) => x.role === role);
    if (c) return isBinaryColumn(c) ? c.name : null;
  }
  return null;
}
