// Worker-side table cache: jobs on the same dataset reuse the loaded Table instead of re-reading IndexedDB.
import type { Table } from '../src/core/data/table.ts';
import { loadTable } from '../src/storage/datasets.ts';
import type { DatasetRecord } from '../src/storage/db.ts';

const MAX = 2;
const cache = new Map<string, Promise<{ meta: DatasetRecord; table: Table }>>();

export function getTable(id: string): Promise<{ meta: DatasetRecord; table: Table }> {
  let hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit); // most recent last
    return hit;
  }
  hit = loadTable(id);
  cache.set(id, hit);
  hit.catch(() => cache.delete(id));
  while (cache.size > MAX) cache.delete(cache.keys().next().value as string);
  return hit;
}

/** Forget a dataset (after delete or repair) so the next job reloads it. */
export function forgetTable(id?: string): void {
  if (id === undefined) cache.clear();
  else cache.delete(id);
}
