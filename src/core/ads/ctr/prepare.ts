// The rows of one CTR fit: outcome vector, train / validation / test split, encoding fitted on the training rows.
import { JobError } from '../../jobs.ts';
import type { RoleMap, Table } from '../../data/table.ts';
import { findTargetColumn, labelledRows, targetVector } from '../../propensity/target.ts';
import { stratifiedSplit } from '../../propensity/stratified-split.ts';
import { bucketRows, encodeRows, fitEncoding } from './encode.ts';
import { selectFeatures } from './select.ts';
import type { CtrEncoding, CtrOptions } from './types.ts';

/** Share of the training rows held out for early stopping. */
export const VALIDATION_SHARE = 0.15;

/** One part of the rows: level codes [n × fields], bucket rows [n × (fields + 1)] and 0/1 labels. */
export interface Part {
  codes: Int32Array;
  idx: Int32Array;
  y: Float32Array;
}

export interface Prepared {
  positive: string;
  encoding: CtrEncoding;
  fit: Part;
  val: Part;
  test: Part;
}

function part(enc: CtrEncoding, table: Table, rows: Int32Array, y: Float32Array): Part {
  const codes = encodeRows(enc, table, rows);
  return { codes, idx: bucketRows(enc, codes), y: Float32Array.from(rows, (r) => y[r]!) };
}

const pick = (rows: Int32Array, at: Int32Array) => Int32Array.from(at, (i) => rows[i]!);

function checkClasses(y: Float32Array, rows: Int32Array, what: string, outcome: string): void {
  let pos = 0;
  for (const r of rows) pos += y[r]! > 0.5 ? 1 : 0;
  if (pos === 0 || pos === rows.length)
    throw new JobError(
      'one-class',
      `The ${what} rows of \`${outcome}\` are all ${pos === 0 ? 'non-clicks' : 'clicks'} (${rows.length} rows): a model needs both.`,
      { outcome, rows: rows.length },
    );
}

/**
 * Train / test: the `testTable` when given, else a stratified `testShare` of the labelled rows (seeded). Validation:
 * a stratified VALIDATION_SHARE of the training rows. Features and encoding see the training rows only.
 */
export function prepare(table: Table, roles: RoleMap, opts: CtrOptions, seed: number): Prepared {
  const col = findTargetColumn(table, roles, opts.outcome);
  const { y, positive } = targetVector(col);
  const labelled = labelledRows(y);
  let trainRows: Int32Array, testRows: Int32Array;
  let yTest = y,
    testSource = table;
  if (opts.testTable) {
    trainRows = labelled;
    yTest = targetVector(findTargetColumn(opts.testTable, {}, opts.outcome), positive).y;
    testRows = labelledRows(yTest);
    testSource = opts.testTable;
  } else {
    const split = stratifiedSplit(
      Float32Array.from(labelled, (r) => y[r]!),
      opts.testShare ?? 0.2,
      seed,
    );
    trainRows = pick(labelled, split.train);
    testRows = pick(labelled, split.test);
  }
  checkClasses(y, trainRows, 'training', opts.outcome);
  checkClasses(yTest, testRows, 'test', opts.outcome);
  const { features, dropped } = selectFeatures(table, roles, opts.outcome, trainRows, opts.features);
  const encoding = fitEncoding(table, features, trainRows, seed, dropped);
  const v = stratifiedSplit(
    Float32Array.from(trainRows, (r) => y[r]!),
    VALIDATION_SHARE,
    seed + 7,
  );
  return {
    positive,
    encoding,
    fit: part(encoding, table, pick(trainRows, v.train), y),
    val: part(encoding, table, pick(trainRows, v.test), y),
    test: part(encoding, testSource, testRows, yTest),
  };
}
