// Shared-dataset paths for the recommend tests and bench; the files are read with the app's own CSV loader.
import { existsSync } from 'node:fs';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import { DATASETS } from '../../datasets.ts';

export const DATA = DATASETS;
export const ML_TRAIN = `${DATA}/movielens-latest-small/ratings-train.csv`;
export const ML_TEST = `${DATA}/movielens-latest-small/ratings-test.csv`;
export const ML_MOVIES = `${DATA}/movielens-latest-small/movies.csv`;
export const RETAIL_DEC = `${DATA}/online-retail/online-retail-2010-12.csv`;
export const RETAIL_FULL = `${DATA}/online-retail/online-retail.csv`;
export const haveMovieLens = existsSync(ML_TRAIN) && existsSync(ML_TEST);
export const haveRetail = existsSync(RETAIL_DEC);

/** The MovieLens roles, pinned (inference proposes the same; pinning keeps the tests about recommendation). */
export const ML_ROLES = {
  userId: 'customer_id',
  movieId: 'item_id',
  rating: 'rating',
  timestamp: 'timestamp',
} as const;

export async function load(path: string, roles: Record<string, string> = {}): Promise<IngestResult> {
  const r = await loadCsvFile(path, { pii: { disabled: true } });
  return { ...r, roles: { ...r.roles, ...(roles as IngestResult['roles']) } };
}

/** movieId → title from movies.csv. */
export async function movieTitles(): Promise<Record<string, string>> {
  const r = await loadCsvFile(ML_MOVIES, { pii: { disabled: true } });
  const id = r.table.columns.find((c) => c.name === 'movieId')!;
  const title = r.table.columns.find((c) => c.name === 'title')!;
  const out: Record<string, string> = {};
  const text = (c: typeof id, row: number) =>
    c.kind === 'categorical' ? (c.dictionary[c.codes[row]!] ?? '') : String(c.values[row]);
  for (let row = 0; row < r.table.rowCount; row++) out[text(id, row)] = text(title, row);
  return out;
}
