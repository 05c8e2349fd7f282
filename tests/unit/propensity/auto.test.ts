// Auto model choice: logistic, GBDT and the MLP compared on a validation split of the training rows only; the GBDT
// propensity model stores, reloads and re-scores identically; the real online-shoppers file picks the trees.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { rng } from '../../../src/core/random.ts';
import { runPropensity } from '../../../src/core/propensity/run.ts';
import {
  modelFromJson,
  modelMatrix,
  modelToJson,
  scoreMatrix,
  scoreTable,
} from '../../../src/core/propensity/scoring-model.ts';
import { contributionsOf, featureMeans } from '../../../src/core/propensity/explain.ts';
import { dataset } from '../../datasets.ts';
import { propensityScoresCsv } from '../../../src/core/propensity/job.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { sayEn } from '../../../src/cli/say.ts';

const SHOPPERS = dataset('online-shoppers-uci/');

/** y depends on an interaction (x1 > 0 XOR x2 > 0) and a category subset: a linear model cannot rank it. */
function planted(n: number, seed: number) {
  const r = rng(seed);
  const rows = Array.from({ length: n }, () => {
    const x1 = r() * 2 - 1;
    const x2 = r() * 2 - 1;
    const plan = ['a', 'b', 'c', 'd'][Math.floor(r() * 4)]!;
    const logit = (x1 > 0 !== x2 > 0 ? 2 : -2) + (plan === 'b' || plan === 'd' ? 1 : -1);
    const y = r() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no';
    return { id: '', x1, x2, noise: r(), plan, bought: y };
  });
  rows.forEach((row, i) => (row.id = `c${i}`));
  return tableFromRecords(rows, {
    id: 'id',
    x1: 'decimal',
    x2: 'decimal',
    noise: 'decimal',
    plan: 'categorical',
    bought: 'categorical',
  });
}

beforeAll(async () => {
  await initNodeBackend();
});

describe('auto model choice', () => {
  it('picks the trees on planted interactions, reports every candidate on train-only validation rows', async () => {
    const table = planted(3000, 5);
    const roles = { id: 'customer_id' as const, bought: 'target' as const };
    const before = tf.memory().numTensors;
    const auto = await runPropensity(table, roles, { target: 'bought', seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const c = auto.choice!;
    expect(c.candidates.map((m) => m.kind)).toEqual(['logistic', 'gbdt', 'mlp', 'blend']);
    // 20 % of the 2,400 training rows; the 600 test rows are never part of the choice.
    expect(c.validationRows).toBe(480);
    expect(auto.counts.test).toBe(600);
    expect(c.chosen).toBe('gbdt');
    expect(auto.model.kind).toBe('gbdt');
    const logistic = c.candidates.find((m) => m.kind === 'logistic')!.validationAuc;
    expect(c.candidates.find((m) => m.kind === 'gbdt')!.validationAuc).toBeGreaterThan(logistic + 0.1);
    expect(auto.notes.map((n) => sayEn(n)).join(' ')).toMatch(
      /Auto compared validation AUC .* gradient-boosted trees won by/,
    );
    const plain = await runPropensity(table, roles, { target: 'bought', seed: 1, model: 'logistic' });
    expect(auto.test.auc).toBeGreaterThan(plain.test.auc + 0.1);
  });

  it('a stored GBDT model (JSON round trip) re-scores every row identically', async () => {
    const table = planted(1500, 9);
    const res = await runPropensity(table, { bought: 'target' }, { target: 'bought', model: 'gbdt', seed: 3 });
    expect(res.model.kind).toBe('gbdt');
    expect(res.coefficients).toBeNull();
    expect(res.importance.slice(0, 3).map((i) => i.column)).toEqual(expect.arrayContaining(['x1', 'x2']));
    const reloaded = scoreTable(modelFromJson(JSON.parse(JSON.stringify(modelToJson(res.model)))), table);
    expect(Array.from(reloaded)).toEqual(Array.from(res.scores.probability));
  });

  it('drivers (TreeSHAP), rules and a scores export with each customer’s reasons', async () => {
    const table = planted(1500, 11);
    const res = await runPropensity(table, { bought: 'target' }, { target: 'bought', model: 'gbdt', seed: 3 });
    // x1, x2 (the interaction) and plan carry the signal; noise must not lead.
    expect(res.drivers.slice(0, 3).map((d) => d.column)).toEqual(expect.arrayContaining(['x1', 'x2', 'plan']));
    expect(res.drivers[res.drivers.length - 1]!.column).toBe('noise');
    expect(res.rules!.rules.length).toBeGreaterThan(0);
    expect(res.rules!.rules[0]!.precision).toBeGreaterThan(res.rules!.baseRate);
    const out = await propensityScoresCsv(res.scores, res.model, table, undefined, silentContext());
    const lines = out.csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,probability,decile,split,reasons');
    expect(lines).toHaveLength(1501);
    const top = lines.slice(1).find((l) => l.split(',')[2] === '1')!;
    expect(top).toMatch(/(x1|x2|plan=\w) \(\+\d\.\d\d\)/);
  });
});

describe('the blend of logistic regression and trees', () => {
  it('averages the two logits, stores and re-scores identically, and its contributions sum to its logit', async () => {
    const table = planted(1500, 17);
    const res = await runPropensity(table, { bought: 'target' }, { target: 'bought', model: 'blend', seed: 4 });
    const model = res.model;
    if (model.kind !== 'blend') throw new Error(`expected a blend, got ${model.kind}`);
    expect(res.cv?.length).toBeGreaterThan(0); // the logistic part's C and terms are cross-validated
    const x = { ...modelMatrix(model, table), cols: model.featureNames.length };
    expect(x.cols).toBe(model.logistic.featureNames.length + model.trees.featureNames.length);
    const logit = (p: number) => Math.log(p / (1 - p));
    const pl = scoreTable(model.logistic, table);
    const pt = scoreTable(model.trees, table);
    const pb = scoreMatrix(model, x.data, x.rows);
    for (const i of [0, 7, 300, 1499]) {
      expect(logit(pb[i]!)).toBeCloseTo(0.5 * logit(pl[i]!) + 0.5 * logit(pt[i]!), 3);
    }
    const reloaded = scoreTable(modelFromJson(JSON.parse(JSON.stringify(modelToJson(model)))), table);
    expect(Array.from(reloaded)).toEqual(Array.from(res.scores.probability));
    const means = featureMeans(x.data, x.cols, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const c = contributionsOf(model, x.data.subarray(0, 20 * x.cols), 20, means);
    for (let i = 0; i < 20; i++) {
      let sum = c.expectedValue;
      for (let j = 0; j < c.d; j++) sum += c.values[i * c.d + j]!;
      expect(sum).toBeCloseTo(logit(pb[i]!), 3);
    }
    expect(res.drivers.slice(0, 3).map((d) => d.column)).toEqual(expect.arrayContaining(['x1', 'x2', 'plan']));
  });
});

describe('auto on a large table', () => {
  it('keeps the winner as fitted on 80 % of ≥ 20,000 training rows; scores and importance stay consistent', async () => {
    const table = planted(25_000, 13);
    const res = await runPropensity(table, { bought: 'target' }, { target: 'bought', seed: 2 });
    expect(res.counts.train).toBe(20_000);
    expect(res.choice!.validationRows).toBe(4000);
    expect(res.choice!.chosen).toBe('gbdt');
    const text = res.notes.map((n) => sayEn(n)).join(' ');
    expect(text).toMatch(/Auto kept the winning model as fitted on 16,000 of the 20,000 training rows/);
    expect(text).toMatch(/Permutation importance was measured on 2,000 of the 5,000 test rows/);
    expect(text).toMatch(/Gradient-boosted trees: \d+ trees/); // the winner's own fit note is kept
    // The logistic search ran on a sample (3 folds); the final fit on all rows.
    expect(text).toMatch(/× 3 folds on a stratified sample of 12,000 training rows/);
    expect(res.test.auc).toBeGreaterThan(0.8);
    // The kept model is what is stored: re-scoring it from JSON gives the reported scores.
    const reloaded = scoreTable(modelFromJson(JSON.parse(JSON.stringify(modelToJson(res.model)))), table);
    expect(Array.from(reloaded)).toEqual(Array.from(res.scores.probability.subarray(0, table.rowCount)));
    expect(res.importance.slice(0, 3).map((i) => i.column)).toEqual(expect.arrayContaining(['x1', 'x2']));
  });
});

describe('online-shoppers (ANCHORS.md: HistGradientBoosting 0.9278, logistic 0.8875)', () => {
  it('Auto chooses gradient-boosted trees and reaches test AUC ≥ 0.92 on the fixed split', async () => {
    const train = await loadCsvFile(SHOPPERS + 'online_shoppers-train.csv');
    const test = await loadCsvFile(SHOPPERS + 'online_shoppers-test.csv');
    const res = await runPropensity(train.table, train.roles, { target: 'Revenue', testTable: test.table });
    expect(res.choice!.chosen).toBe('gbdt');
    expect(res.test.auc).toBeGreaterThanOrEqual(0.92);
  });
});
