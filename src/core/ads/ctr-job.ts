// The impression-level branch of the ads job: which outcome makes a table an impression log (one row per impression,
// a 0/1 outcome), the spec → CTR options, the stored result with its History metrics, and the CLI's JSON summary.
import { fmt } from '../format.ts';
import { JobError } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';
import type { RoleMap, Table } from '../data/table.ts';
import { proposeOutcome } from './campaign.ts';
import { isImpressionLog } from './ctr/detect.ts';
import type { CtrOptions, CtrResult } from './ctr/types.ts';

/** An impression log's analysis as stored: the CTR models' result (plain data: typed arrays and the trees). */
export interface AdsCtrJobResult {
  analysis: 'impressions';
  ctr: CtrResult;
  metrics: Record<string, number | string>;
}

/** Below this test AUC the best model is not reported as having found anything. */
export const MIN_USABLE_AUC = 0.55;

/** The column the outcome names, or the proposed one; null for rates (`a/b`, `CTR`) or when nothing is proposed. */
function outcomeColumn(outcome: string | undefined, table: Table, roles: RoleMap): string | null {
  if (outcome) return outcome.includes('/') || outcome.toUpperCase() === 'CTR' ? null : outcome;
  try {
    const o = proposeOutcome(table, roles);
    return o.kind === 'rate' ? null : o.column;
  } catch (e) {
    if (e instanceof JobError) return null;
    throw e;
  }
}

/** The 0/1 (or two-label) outcome column to model impression by impression, or null for the aggregate analysis. */
export function impressionOutcome(outcome: string | undefined, table: Table, roles: RoleMap): string | null {
  const name = outcomeColumn(outcome, table, roles);
  return name && isImpressionLog(table, roles, name) ? name : null;
}

/** Spec fields → options of fitCtrModels. */
export function ctrOptions(outcome: string, spec: { inputs?: string[]; seed?: number }, testTable?: Table): CtrOptions {
  return {
    outcome,
    ...(spec.inputs?.length ? { features: spec.inputs } : {}),
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    ...(testTable ? { testTable } : {}),
  };
}

/** The best model's summary (by validation log loss). */
export function bestModel(ctr: CtrResult) {
  return ctr.models.find((m) => m.kind === ctr.best) ?? ctr.models[0]!;
}

/** Why the best model's findings should not be read as findings, or null when it has a usable signal. */
export function noSignalReason(ctr: CtrResult): Msg | null {
  const m = bestModel(ctr);
  // The model's name is a message of its own (an explicit map: every key stays visible to the key test).
  const model = msg(MODEL_KEYS[m.kind]);
  // Figures pre-formatted: the reason quotes them at the precision the bar was judged on.
  if (!(m.auc > MIN_USABLE_AUC))
    return msg('ads_ctr_reason_chance', { model, auc: fmt(m.auc, 3), bar: String(MIN_USABLE_AUC) });
  if (!(m.logLoss < ctr.baseline.logLoss))
    return msg('ads_ctr_reason_loss', { model, loss: fmt(m.logLoss, 4), base: fmt(ctr.baseline.logLoss, 4) });
  return null;
}

const MODEL_KEYS: Record<CtrResult['best'], string> = {
  logistic: 'ads_ctr_model_logistic',
  fm: 'ads_ctr_model_fm',
  gbdt: 'ads_ctr_model_gbdt',
};

export function ctrJobResult(ctr: CtrResult): AdsCtrJobResult {
  const m = bestModel(ctr);
  const top = ctr.importance[0];
  return {
    analysis: 'impressions',
    ctr,
    metrics: {
      outcome: ctr.outcome,
      model: `ctr/${m.kind}`,
      'test AUC': Number(m.auc.toFixed(4)),
      'log loss vs baseline': `${fmt(m.logLoss, 4)} / ${fmt(ctr.baseline.logLoss, 4)}`,
      ...(top && !noSignalReason(ctr) ? { 'top factor': top.factor } : {}),
    },
  };
}

/** The CLI's JSON for an impression log: summaries only (no weights, no trees, no encoding buckets). */
export function ctrSummary(ctr: CtrResult): Record<string, unknown> {
  return {
    analysis: 'impressions',
    ctr: {
      outcome: ctr.outcome,
      positive: ctr.positive,
      rows: ctr.rows,
      trainRows: ctr.trainRows,
      testRows: ctr.testRows,
      clickRate: ctr.clickRate,
      baseline: ctr.baseline,
      models: ctr.models.map((m) => ({
        kind: m.kind,
        auc: m.auc,
        logLoss: m.logLoss,
        valLogLoss: m.valLogLoss,
        epochs: m.epochs,
        bestEpoch: m.bestEpoch,
        seconds: m.seconds,
      })),
      best: ctr.best,
      usable: noSignalReason(ctr) === null,
      effects: ctr.effects,
      importance: ctr.importance,
      interactions: ctr.interactions ?? [],
      notes: [...(noSignalReason(ctr) ? [noSignalReason(ctr)!] : []), ...ctr.notes],
    },
  };
}
