// The propensity "no usable signal" guard: a model that ranks the test rows little better than chance (AUC ≤ 0.55) is
// not a finding — its importances, drivers, rules and reasons are then shown only as "not meaningful".
import { fmt } from '../format.ts';

/** At or below this test AUC a model has no usable signal (the CTR models use the same bar). */
export const MIN_USABLE_AUC = 0.55;

/** Whether the model earned the right to be read; reason is one sentence with the figure when it did not. */
export interface ModelTrust {
  usable: boolean;
  reason: string | null;
}

export function propensityTrust(testAuc: number, testRows: number, testPositives: number): ModelTrust {
  if (testPositives === 0 || testPositives === testRows)
    return {
      usable: false,
      reason: `The test rows hold only one outcome (${fmt(testPositives)} positives of ${fmt(testRows)}), so the model cannot be judged.`,
    };
  if (!Number.isFinite(testAuc))
    return { usable: false, reason: 'The test AUC could not be computed, so the model cannot be judged.' };
  if (testAuc <= MIN_USABLE_AUC)
    return {
      usable: false,
      reason: `The model ranks the test rows little better than chance (AUC ${fmt(testAuc, 3)} ≤ ${MIN_USABLE_AUC}): its drivers, rules and reasons are not findings.`,
    };
  return { usable: true, reason: null };
}
