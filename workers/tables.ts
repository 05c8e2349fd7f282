// Worker-side table cache: jobs on the same dataset reuse the loaded Table instead of re-reading IndexedDB.
// Only worker jobs write datasets (workers/jobs/data.ts), and each write updates or drops its entry here, so the
// cache never serves a renamed, re-mapped, repaired or deleted dataset.
import { JobError } from '../src/core/jobs.ts';
import type { Table } from '../src/core/data/table.ts';
import { getDataset, loadTable } from '../src/storage/datasets.ts';
import type { DatasetRecord } from '../src/storage/db.ts';

type Loaded = { meta: DatasetRecord; table: Table };

const MAX = 2;
const cache = new Map<string, Promise<Loaded>>();

/** The error every job gets for a dataset that is not (or no longer) stored. */
export function datasetMissing(id: string): JobError {
  return new JobError(
    'dataset-not-found',
    'This dataset was not found in this browser: it may have been deleted. Pick another dataset or import it again.',
    { datasetId: id },
  );
}

async function load(id: string): Promise<Loaded> {
  if (!(await getDataset(id))) throw datasetMissing(id);
  return loadTable(id);
}

function remember(id: string, entry: Promise<Loaded>): Promise<Loaded> {
  cache.set(id, entry);
  // A failed load is not cached; the check keeps a newer entry set meanwhile.
  entry.catch(() => {
    if (cache.get(id) === entry) cache.delete(id);
  });
  while (cache.size > MAX) cache.delete(cache.keys().next().value as string);
  return entry;
}

export function getTable(id: string): Promise<Loaded> {
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit); // most recent last
    return hit;
  }
  return remember(id, load(id));
}

/** A metadata-only change (rename, roles): a cached table keeps its rows and takes the new record. */
export function updateCachedMeta(meta: DatasetRecord): void {
  const hit = cache.get(meta.id);
  if (!hit) return;
  remember(
    meta.id,
    hit.then(({ table }) => ({ meta, table })),
  );
}

/** Forget a dataset (after delete or repair) so the next job reloads it. */
export function forgetTable(id?: string): void {
  if (id === undefined) cache.clear();
  else cache.delete(id);
}
