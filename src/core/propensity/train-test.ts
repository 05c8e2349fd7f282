// Labelled rows → train and test tables with their targets (held-out split or a test file), both classes checked.
import { JobError } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import { stratifiedSplit, take } from './stratified-split.ts';
import { labelledRows, targetVector } from './target.ts';
import type { PropensityOptions } from './types.ts';

export interface TrainTest {
  /** Rows of the main table with a target value. */
  labelled: Int32Array;
  /** The held-out rows of the main table; null when a separate test table is used. */
  testRows: Int32Array | null;
  trainTable: Table;
  yTrain: Float32Array;
  testTable: Table;
  testY: Float32Array;
  trainPos: number;
  testPos: number;
}

/** The rows `rows` of a table, every column sliced. */
export function subsetTable(table: Table, rows: ArrayLike<number>): Table {
  const pick = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T) => {
    const o = make(rows.length);
    for (let i = 0; i < rows.length; i++) o[i] = a[rows[i]!]!;
    return o;
  };
  return {
    rowCount: rows.length,
    columns: table.columns.map((c) =>
      c.kind === 'numeric'
        ? { ...c, values: pick(c.values, (n) => new Float64Array(n)) }
        : { ...c, codes: pick(c.codes, (n) => new Int32Array(n)) },
    ),
  };
}

/**
 * Train on the labelled rows of `table` and test on `options.testTable` when given (its labelled rows, the positive
 * class fixed by the main table), else on a stratified `testFraction` of the labelled rows.
 */
export function splitTrainTest(
  table: Table,
  y: Float32Array,
  target: { name: string; positive: string },
  options: Pick<PropensityOptions, 'testTable' | 'testFraction'>,
  seed: number,
): TrainTest {
  const labelled = labelledRows(y);
  let trainRows: Int32Array,
    testRows: Int32Array | null = null;
  let testY: Float32Array;
  let testTable: Table;
  if (options.testTable) {
    const tc = options.testTable.columns.find((c) => c.name === target.name);
    if (!tc)
      throw new JobError('test-missing-target', `The test file has no target column \`${target.name}\`.`, {
        column: target.name,
      });
    const ty = targetVector(tc, target.positive).y;
    const tl = labelledRows(ty);
    trainRows = labelled;
    testTable = subsetTable(options.testTable, tl);
    testY = take(ty, tl);
  } else {
    const split = stratifiedSplit(take(y, labelled), options.testFraction ?? 0.2, seed);
    trainRows = Int32Array.from(split.train, (i) => labelled[i]!);
    testRows = Int32Array.from(split.test, (i) => labelled[i]!);
    testTable = subsetTable(table, testRows);
    testY = take(y, testRows);
  }
  const yTrain = take(y, trainRows);
  const data: TrainTest = {
    labelled,
    testRows,
    trainTable: subsetTable(table, trainRows),
    yTrain,
    testTable,
    testY,
    trainPos: yTrain.reduce((a, b) => a + b, 0),
    testPos: testY.reduce((a, b) => a + b, 0),
  };
  requireBothClasses(data, target.positive);
  return data;
}

function requireBothClasses({ yTrain, testY, trainPos, testPos }: TrainTest, positive: string): void {
  if (trainPos < 2 || trainPos > yTrain.length - 2)
    throw new JobError(
      'train-one-class',
      `The training rows have ${trainPos} positives ("${positive}") out of ${yTrain.length}: both outcomes are needed to learn anything.`,
      { positives: trainPos, positive, rows: yTrain.length },
    );
  if (testPos < 1 || testPos > testY.length - 1)
    throw new JobError(
      'test-one-class',
      `The test rows have ${testPos} positives out of ${testY.length}: AUC needs both outcomes in the test split.`,
      { positives: testPos, rows: testY.length },
    );
}
