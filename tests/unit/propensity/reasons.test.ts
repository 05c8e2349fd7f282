// Per-customer reasons: logistic contributions sum to logit − mean logit, group by source column, format stably.
import { describe, expect, it } from 'vitest';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { applyPipeline, fitPipeline } from '../../../src/core/features/design.ts';
import { rng } from '../../../src/core/random.ts';
import {
  columnContributions,
  explainRows,
  formatReasons,
  globalDrivers,
  groupFeatures,
  logisticContributions,
  tableValueText,
} from '../../../src/core/propensity/reasons.ts';
import { fromText } from '../data/helpers.ts';

function customers(n: number) {
  const rand = rng(11);
  const contracts = ['Month-to-month', 'One year', 'Two year'];
  const records = Array.from({ length: n }, () => ({
    Contract: contracts[Math.floor(rand() * 3)]!,
    tenure: Math.floor(rand() * 72),
    charges: 20 + rand() * 100,
  }));
  return tableFromRecords(records, { Contract: 'categorical', tenure: 'integer', charges: 'decimal' });
}

describe('logisticContributions', () => {
  it('sum to logit − mean logit per row; one-hot levels and bins group into their column', () => {
    const table = customers(400);
    const pipeline = fitPipeline(table, ['Contract', 'tenure', 'charges'], { expand: 'bins', bins: 4, log: 'none' });
    const fm = applyPipeline(pipeline, table);
    const grouping = groupFeatures(pipeline.features.filter((f) => f.enabled).map((f) => f.column));
    expect(grouping.columnNames).toEqual(['Contract', 'tenure', 'charges']);
    expect(fm.cols).toBeGreaterThan(5); // three Contract levels and the bin indicators
    const d = fm.cols;
    const w = Float32Array.from({ length: d }, (_, j) => Math.sin(j + 1));
    const bias = -0.7;
    const c = logisticContributions(fm.data, fm.rows, d, w, bias);
    const logits = Array.from({ length: fm.rows }, (_, i) => {
      let z = bias;
      for (let j = 0; j < d; j++) z += w[j]! * fm.data[i * d + j]!;
      return z;
    });
    const meanLogit = logits.reduce((s, z) => s + z, 0) / fm.rows;
    expect(c.expectedValue).toBeCloseTo(meanLogit, 6);
    const byColumn = columnContributions(c.values, c.n, d, grouping.featureToColumn, 3);
    for (let i = 0; i < fm.rows; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += c.values[i * d + j]!;
      expect(s).toBeCloseTo(logits[i]! - meanLogit, 6);
      expect(byColumn[i * 3]! + byColumn[i * 3 + 1]! + byColumn[i * 3 + 2]!).toBeCloseTo(s, 9);
      // Contract's column share is the sum over its one-hot levels.
      let contract = 0;
      pipeline.features
        .filter((f) => f.enabled)
        .forEach((f, j) => {
          if (f.column === 'Contract') contract += c.values[i * d + j]!;
        });
      expect(byColumn[i * 3]!).toBeCloseTo(contract, 12);
    }
  });

  it('explains new rows against given (training) means', () => {
    const c = logisticContributions(Float32Array.from([1, 2, 3, 4]), 2, 2, [0.5, -1], 0.1, [0, 0]);
    expect(Array.from(c.values)).toEqual([0.5, -2, 1.5, -4]);
    expect(c.expectedValue).toBe(0.1);
  });
});

describe('formatReasons and globalDrivers', () => {
  // 2 rows × 4 features; features 0 and 1 are levels of column A, 2 is B, 3 is C.
  const contrib = Float64Array.from([0.3, 0.25, 0.51, -0.2, -0.1, 0.0, 0.2, 0.2]);
  const f2c = [0, 0, 1, 2];
  const names = ['A', 'B', 'C'];

  it('top-k positive columns, largest first, ties in column order, levels summed', () => {
    expect(formatReasons(contrib, 2, 4, f2c, names)).toEqual(['A (+0.55), B (+0.51)', 'B (+0.20), C (+0.20)']);
    expect(formatReasons(contrib, 2, 4, f2c, names, 1)).toEqual(['A (+0.55)', 'B (+0.20)']);
    const none = formatReasons(Float64Array.from([-1, 0.001]), 1, 2, [0, 1], ['x', 'y']);
    expect(none).toEqual(['']);
  });

  it('drivers by mean |column contribution|', () => {
    const drivers = globalDrivers(contrib, 2, 4, f2c, names);
    expect(drivers.map((x) => x.column)).toEqual(['B', 'A', 'C']);
    expect(drivers[0]!.meanAbs).toBeCloseTo((0.51 + 0.2) / 2, 12);
    expect(drivers[1]!.meanAbs).toBeCloseTo((0.55 + 0.1) / 2, 12);
  });

  it('shows category and yes/no values from the table, names alone for numbers; deterministic', async () => {
    const { table } = await fromText('Contract,Partner,tenure\nMonth-to-month,Yes,3\nTwo year,No,60\n');
    const valueText = tableValueText(table, ['Contract', 'Partner', 'tenure']);
    const c = { values: Float64Array.from([0.84, 0.2, 0.51, 0.1, -0.3, 0.05]), n: 2, d: 3, expectedValue: -1 };
    const res = explainRows(
      c,
      { featureToColumn: [0, 1, 2], columnNames: ['Contract', 'Partner', 'tenure'] },
      { valueText },
    );
    expect(res.reasons).toEqual([
      'Contract=Month-to-month (+0.84), tenure (+0.51), Partner=Yes (+0.20)',
      'Contract=Two year (+0.10), tenure (+0.05)',
    ]);
    expect(explainRows(c, groupFeatures(['Contract', 'Partner', 'tenure']), { valueText })).toEqual(res);
  });
});
