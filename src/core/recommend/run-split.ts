// A recommend run's train / test interactions: the table split by `opts.split`, or a user test table read alongside.
import { JobError } from '../jobs.ts';
import type { Table } from '../data/table.ts';
import {
  aggregate,
  mapPairs,
  readEvents,
  toMatrix,
  type EventColumns,
  type Events,
  type FeedbackMode,
  type MappedPairs,
  type Matrix,
  type Strength,
} from './interactions.ts';
import type { RecommendOptions } from './run-types.ts';
import { allRows } from './run-context.ts';
import { splitEvents } from './split.ts';
import { mergeDuplicates, type MergeNote } from './merge.ts';

export interface TrainTest {
  /** Every event of the training table. */
  ev: Events;
  train: Matrix;
  test: MappedPairs;
  coldUserTests: number;
  coldItemTests: number;
  /** Duplicate (customer, item) rows merged before the split (null: none). */
  merged: MergeNote | null;
}

/** The test table's events, read with the training columns (its time column only when it has one). */
function readTestTable(testTable: Table, cols: EventColumns, mode: FeedbackMode): Events {
  const have = new Set(testTable.columns.map((c) => c.name));
  const missing = [cols.user, cols.item, cols.rating, cols.quantity].filter(
    (c): c is string => c !== undefined && !have.has(c),
  );
  if (missing.length)
    throw new JobError(
      'test-columns',
      `The test data lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `\`${c}\``).join(', ')} of the training data: test and training files need the same column names.`,
      { columns: missing },
    );
  return readEvents(
    testTable,
    {
      user: cols.user,
      item: cols.item,
      rating: cols.rating,
      quantity: cols.quantity,
      time: have.has(cols.time ?? '') ? cols.time : undefined,
    },
    mode,
  );
}

/** Which rows train and which test: all of both tables, or the split of the one table. */
function chooseRows(ev: Events, cols: EventColumns, mode: FeedbackMode, opts: RecommendOptions) {
  if (opts.testTable) {
    const testEv = readTestTable(opts.testTable, cols, mode);
    return { testEv, trainRows: allRows(ev), testRows: allRows(testEv) };
  }
  const { train, test } = splitEvents(ev, opts.split ?? { kind: 'random', testFraction: 0.2, seed: 42 });
  return { testEv: ev, trainRows: train, testRows: test };
}

/** Test pairs whose user (else item) is not in train. */
function countCold(test: MappedPairs): { coldUserTests: number; coldItemTests: number } {
  let coldUser = 0;
  let coldItem = 0;
  for (let t = 0; t < test.user.length; t++) {
    if (test.user[t]! < 0) coldUser++;
    else if (test.item[t]! < 0) coldItem++;
  }
  return { coldUserTests: coldUser, coldItemTests: coldItem };
}

export function splitInteractions(
  table: Table,
  cols: EventColumns,
  mode: FeedbackMode,
  strength: Strength,
  opts: RecommendOptions,
): TrainTest {
  const { ev, merged } = mergeDuplicates(readEvents(table, cols, mode), mode);
  const { testEv, trainRows, testRows } = chooseRows(ev, cols, mode, opts);
  const train = toMatrix(ev, aggregate(ev, trainRows, mode, strength));
  const test = mapPairs(testEv, aggregate(testEv, testRows, mode, strength), train);
  if (test.user.length === 0)
    throw new JobError(
      'empty-test',
      'The test split is empty: every customer has too few interactions (or timestamps) to hold any out. Use the random split or add data.',
    );
  if (train.indices.length === 0)
    throw new JobError(
      'no-train-interactions',
      'No training interactions are left after the split: every interaction went to the test part. Lower the test fraction, use another split, or add data.',
    );
  return { ev, train, test, merged, ...countCold(test) };
}
