// The propensity "no usable signal" guard: a model that ranks the test rows little better than chance (AUC ≤ 0.55) is
// not a finding — its importances, drivers, rules and reasons are then shown only as "not meaningful".
import { msg, type Msg } from '../msg.ts';

/** At or below this test AUC a model has no usable signal (the CTR models use the same bar). */
export const MIN_USABLE_AUC = 0.55;

/**
 * Whether the model earned the right to be read; reason is one sentence (a message key with the figures) when it did
 * not; a plain string in results stored before messages moved out of core.
 */
export interface ModelTrust {
  usable: boolean;
  reason: Msg | string | null;
}

export function propensityTrust(testAuc: number, testRows: number, testPositives: number): ModelTrust {
  if (testPositives === 0 || testPositives === testRows)
    return {
      usable: false,
      reason: msg('prop_trust_one_outcome', { positives: testPositives, rows: testRows }),
    };
  if (!Number.isFinite(testAuc)) return { usable: false, reason: msg('prop_trust_no_auc') };
  if (testAuc <= MIN_USABLE_AUC)
    return {
      usable: false,
      reason: msg('prop_trust_chance', { auc: testAuc.toFixed(3), bar: String(MIN_USABLE_AUC) }),
    };
  return { usable: true, reason: null };
}

// The same reasons as notes, each prefixed "No usable signal:" (a message cannot hold another message).
const NOTE_OF: Record<string, string> = {
  prop_trust_one_outcome: 'prop_note_no_signal_one_outcome',
  prop_trust_no_auc: 'prop_note_no_signal_no_auc',
  prop_trust_chance: 'prop_note_no_signal_chance',
};

/** The result note for a model without usable signal; null when it has one. */
export function noSignalNote(trust: ModelTrust): Msg | null {
  const r = trust.reason;
  if (r === null || typeof r === 'string') return null;
  const key = NOTE_OF[r.key];
  return key ? msg(key, r.params) : null;
}
