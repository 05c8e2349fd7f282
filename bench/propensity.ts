// `npm run bench -- propensity`: test AUC, log loss and seconds per model (auto, logistic, gbdt, mlp) on every shared
// propensity split, beside scikit-learn's figures from ANCHORS.md (named by section), and the default job on a
// 33k-row table made by stacking online-shoppers train rows.
import { existsSync } from 'node:fs';
import { initNodeBackend } from '../src/cli/tf-node.ts';
import { loadCsvFile } from '../src/cli/load-file.ts';
import { runPropensity } from '../src/core/propensity/run.ts';
import type { PropensityOptions } from '../src/core/propensity/types.ts';
import type { Table } from '../src/core/data/table.ts';
import { subsetTable } from '../src/core/propensity/train-test.ts';
import { dataset } from '../tests/datasets.ts';
import { benchArgs } from './args.ts';

interface Split {
  name: string;
  train: string;
  test: string;
  target: string;
  /** scikit-learn 1.2.1 test AUC (fit s) from ANCHORS.md. */
  reference: { section: string; logistic: string; hgb: string; mlp: string };
}

const PROPENSITY_3 = 'ANCHORS.md § Propensity on three more files';
const SPLITS: Split[] = [
  {
    name: 'telco',
    train: 'telco-customer-churn/telco-train.csv',
    test: 'telco-customer-churn/telco-test.csv',
    target: 'Churn',
    reference: {
      section: 'ANCHORS.md § 3',
      logistic: '0.8420 (0.03 s)',
      hgb: '0.8338 (0.91 s)',
      mlp: '0.8423 (0.29 s)',
    },
  },
  {
    name: 'online-shoppers',
    train: 'online-shoppers-uci/online_shoppers-train.csv',
    test: 'online-shoppers-uci/online_shoppers-test.csv',
    target: 'Revenue',
    reference: { section: PROPENSITY_3, logistic: '0.8875 (0.07 s)', hgb: '0.9278 (0.8 s)', mlp: '0.9108 (1.4 s)' },
  },
  {
    name: 'customer-personality',
    train: 'customer-personality-kag/marketing_campaign-train.csv',
    test: 'customer-personality-kag/marketing_campaign-test.csv',
    target: 'Response',
    reference: { section: PROPENSITY_3, logistic: '0.8917 (0.02 s)', hgb: '0.8861 (0.5 s)', mlp: '0.8671 (0.15 s)' },
  },
  {
    name: 'advertising-click',
    train: 'advertising-click-kag/advertising_click-train.csv',
    test: 'advertising-click-kag/advertising_click-test.csv',
    target: 'Clicked on Ad',
    reference: { section: PROPENSITY_3, logistic: '0.9903 (0.01 s)', hgb: '0.9935 (1.2 s)', mlp: '0.9891 (0.14 s)' },
  },
];

const MODELS: NonNullable<PropensityOptions['model']>[] = ['auto', 'logistic', 'gbdt', 'mlp'];

async function timed(table: Table, roles: Parameters<typeof runPropensity>[1], options: PropensityOptions) {
  const t0 = performance.now();
  const res = await runPropensity(table, roles, options);
  return { res, seconds: (performance.now() - t0) / 1000 };
}

async function benchSplit(s: Split): Promise<void> {
  const train = await loadCsvFile(dataset(s.train));
  const test = await loadCsvFile(dataset(s.test));
  console.log(`\n${s.name} (${train.table.rowCount} / ${test.table.rowCount} rows), target ${s.target}`);
  console.log('  model      test AUC  log loss  whole job s   chosen');
  for (const model of MODELS) {
    const { res, seconds } = await timed(train.table, train.roles, { target: s.target, testTable: test.table, model });
    const chosen = res.choice ? `${res.choice.chosen} (+${res.choice.margin.toFixed(3)} on validation)` : '';
    const row = `${res.test.auc.toFixed(4).padStart(8)}  ${res.test.logLoss.toFixed(4).padStart(8)}`;
    console.log(`  ${model.padEnd(9)} ${row}  ${seconds.toFixed(2).padStart(11)}   ${chosen}`);
  }
  const r = s.reference;
  console.log(`  reference (scikit-learn 1.2.1, ${r.section}; fit s excludes preprocessing):`);
  console.log(`    LogisticRegression ${r.logistic} · HistGradientBoosting ${r.hgb} · MLPClassifier ${r.mlp}`);
}

/** The 33k × 17 case of issue 10: online-shoppers train rows stacked until ≥ 33,000 rows (exact copies). */
async function benchStacked(): Promise<void> {
  const split = SPLITS[1]!;
  const train = await loadCsvFile(dataset(split.train));
  const copies = Math.ceil(33_000 / train.table.rowCount);
  const rows = Array.from({ length: copies * train.table.rowCount }, (_, i) => i % train.table.rowCount);
  const big = subsetTable(train.table, rows);
  console.log(`\nstacked online-shoppers: ${copies} copies of the train rows = ${big.rowCount} rows, default job`);
  for (const model of MODELS) {
    const { res, seconds } = await timed(big, train.roles, { target: split.target, model });
    console.log(
      `  ${model.padEnd(9)} whole job ${seconds.toFixed(2)} s (test AUC ${res.test.auc.toFixed(4)}: optimistic, copies sit in both parts)`,
    );
  }
  console.log('  no same-work scikit-learn timing for this table in ANCHORS.md');
}

export async function main(args: string[]): Promise<void> {
  benchArgs(args);
  const missing = SPLITS.filter((s) => !existsSync(dataset(s.train)));
  if (missing.length) console.log(`missing shared files, skipped: ${missing.map((s) => s.name).join(', ')}`);
  const info = await initNodeBackend();
  console.log(`backend ${info.name}; seconds are the whole runPropensity job (features, selection, fit, evaluation)`);
  for (const s of SPLITS) if (!missing.includes(s)) await benchSplit(s);
  if (!missing.includes(SPLITS[1]!)) await benchStacked();
}
