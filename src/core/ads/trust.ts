// The aggregate ads model's "no usable signal" guard (the CTR and MMM guards' sibling): an outcome model that does
// not beat the mean on the test rows (R² ≤ 0 or deviance explained ≤ 0) is not a finding — its importance, effects
// and mix what-if are then shown only as "not meaningful"; response curves that do not beat the mean (and no trusted
// marketing-mix model) take their allocation and spend what-if down with them.
import { fmt } from '../format.ts';
import { msg, type Msg } from '../msg.ts';
import type { ModelQuality, ResponseModel } from './types.ts';

export interface AdsTrust {
  /** The outcome model: importance, effects and the mix what-if. */
  usable: boolean;
  /** A Msg worded by the UI (plain strings in results stored before messages moved out of core). */
  reason: Msg | string | null;
  /** The spend curves behind the spend what-if and the budget plan (null: no curves were fitted). */
  curves: { usable: boolean; reason: Msg | string | null } | null;
}

export function modelTrust(q: Pick<ModelQuality, 'r2' | 'd2' | 'testRows'>): {
  usable: boolean;
  reason: Msg | null;
} {
  // Figures go in pre-formatted to 3 decimals: the reason quotes the value the bar was judged on.
  if (!(q.testRows > 0)) return { usable: false, reason: msg('ads_trust_no_test_rows') };
  if (!(q.r2 > 0))
    return {
      usable: false,
      reason: msg('ads_trust_r2', { r2: fmt(q.r2, 3) }),
    };
  if (!(q.d2 > 0))
    return {
      usable: false,
      reason: msg('ads_trust_d2', { d2: fmt(q.d2, 3) }),
    };
  return { usable: true, reason: null };
}

/** Trust of the outcome model and of the curves that drive what-ifs and allocation (a trusted MMM's win). */
export function adsTrust(
  quality: Pick<ModelQuality, 'r2' | 'd2' | 'testRows'>,
  response: Pick<ResponseModel, 'r2'> | null,
  mmmTrusted: boolean,
): AdsTrust {
  const model = modelTrust(quality);
  let curves: AdsTrust['curves'] = null;
  if (mmmTrusted) curves = { usable: true, reason: null };
  else if (response)
    curves =
      response.r2 > 0
        ? { usable: true, reason: null }
        : {
            usable: false,
            reason: msg('ads_trust_curves', { r2: fmt(response.r2, 3) }),
          };
  return { ...model, curves };
}
