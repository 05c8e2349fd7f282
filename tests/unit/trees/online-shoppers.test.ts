// GBDT on the real online-shoppers split: test AUC within 0.01 of sklearn HistGradientBoosting (ANCHORS.md).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { auc } from '../../../src/core/metrics/classification.ts';
import { fitGbdt } from '../../../src/core/trees/boost.ts';
import { predictProba, predictRaw } from '../../../src/core/trees/predict.ts';
import { treeShap } from '../../../src/core/trees/shap.ts';
import { dataset } from '../../datasets.ts';
import { encode, fitSpec } from './table-matrix.ts';

const TRAIN = dataset('online-shoppers-uci/online_shoppers-train.csv');
const TEST = dataset('online-shoppers-uci/online_shoppers-test.csv');
// ANCHORS.md "Propensity on three more files": HistGradientBoostingClassifier(random_state=42) 0.9278, LogReg 0.8875.
const HGB_AUC = 0.9278;
const LOGREG_AUC = 0.8875;

describe.skipIf(!existsSync(TRAIN) || !existsSync(TEST))('GBDT on online-shoppers-uci', () => {
  it('default parameters reach the HistGradientBoosting anchor AUC − 0.01 on the fixed test split', async () => {
    const [tr, te] = [await loadCsvFile(TRAIN), await loadCsvFile(TEST)];
    const spec = fitSpec(tr.table, tr.roles, 'Revenue');
    const a = encode(tr.table, spec);
    const b = encode(te.table, spec);
    expect([a.n, a.d, b.n]).toEqual([9864, 17, 2466]);
    const fit = await fitGbdt({ ...a, categorical: spec.categorical, featureNames: spec.names });
    const p = predictProba(fit.model, b.X, b.n, b.d);
    const score = auc(b.y, p);
    console.log(`online-shoppers: GBDT test AUC ${score.toFixed(4)} (HGB anchor ${HGB_AUC}, LogReg ${LOGREG_AUC})`);
    expect(fit.nIter).toBe(100);
    expect(score).toBeGreaterThanOrEqual(HGB_AUC - 0.01);
    expect(score).toBeGreaterThan(LOGREG_AUC + 0.02);
    // SHAP on a slice of the test rows: additive, and PageValues (the anchor's known non-linear driver) leads.
    const k = 200;
    const X = b.X.slice(0, k * b.d);
    const raw = predictRaw(fit.model, X, k, b.d);
    const s = treeShap(fit.model, X, k, b.d);
    const drivers = new Float64Array(b.d);
    for (let i = 0; i < k; i++) {
      let t = s.expectedValue;
      for (let j = 0; j < b.d; j++) {
        t += s.values[i * b.d + j]!;
        drivers[j]! += Math.abs(s.values[i * b.d + j]!);
      }
      expect(Math.abs(t - raw[i]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(raw[i]!)));
    }
    expect(spec.names[drivers.indexOf(Math.max(...drivers))]).toBe('PageValues');
  });
});
