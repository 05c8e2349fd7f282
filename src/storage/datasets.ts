// Datasets store + their column chunks: save a Table atomically, load it back, list, rename, delete.
import type { Column, Table } from '../core/data/table.ts';
import { db, RECORD_VERSION, type ChunkRecord, type DatasetRecord } from './db.ts';

export const CHUNK_ROWS = 65_536;

export type NewDataset = Omit<DatasetRecord, 'schemaVersion' | 'storedBytes' | 'chunkRows' | 'chunkCount' | 'rows'>;

export function normalise(r: DatasetRecord): DatasetRecord {
  // Version 1 is the first shape; later versions fill defaults here.
  return { ...r, repairs: r.repairs ?? [], quality: r.quality ?? [] };
}

function chunksOf(table: Table, datasetId: string, chunkRows: number): { chunks: ChunkRecord[]; bytes: number } {
  const chunks: ChunkRecord[] = [];
  let bytes = 0;
  const dictionaries = table.columns.map((c) => (c.kind === 'categorical' ? c.dictionary : null));
  for (const d of dictionaries) if (d) for (const s of d) bytes += s.length * 2;
  chunks.push({ datasetId, index: -1, dictionaries });
  for (let start = 0, index = 0; start < table.rowCount || index === 0; start += chunkRows, index++) {
    const end = Math.min(table.rowCount, start + chunkRows);
    // slice() copies: each chunk owns a compact buffer (a subarray would store the whole backing buffer).
    const columns = table.columns.map((c) =>
      c.kind === 'numeric' ? c.values.slice(start, end) : c.codes.slice(start, end),
    );
    for (const a of columns) bytes += a.byteLength;
    chunks.push({ datasetId, index, columns });
    if (end >= table.rowCount) break;
  }
  return { chunks, bytes };
}

/** Marks a request promise as observed: after an abort, the requests not awaited yet must not surface as unhandled. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
function quietly(ps: Promise<unknown>[]): Promise<unknown>[] {
  ps.forEach(quiet);
  return ps;
}

/**
 * Stores metadata and every chunk in ONE transaction: a quota error or a closed tab leaves no partial dataset.
 */
export async function saveDataset(meta: NewDataset, table: Table, chunkRows = CHUNK_ROWS): Promise<DatasetRecord> {
  const { chunks, bytes } = chunksOf(table, meta.id, chunkRows);
  const record: DatasetRecord = {
    ...meta,
    schemaVersion: RECORD_VERSION,
    rows: table.rowCount,
    storedBytes: bytes,
    chunkRows,
    chunkCount: chunks.length - 1,
  };
  const d = await db();
  const tx = d.transaction(['datasets', 'datasetChunks'], 'readwrite');
  const writes = quietly([tx.done]);
  try {
    // put() can also throw synchronously (quota, clone errors): inside the try, so the transaction is aborted
    // and the puts already queued do not commit a partial dataset.
    writes.push(quiet(tx.objectStore('datasets').put(record)));
    const chunkStore = tx.objectStore('datasetChunks');
    for (const c of chunks) writes.push(quiet(chunkStore.put(c)));
    await Promise.all(writes);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      /* already finished */
    }
    throw e;
  }
  return record;
}

export async function getDataset(id: string): Promise<DatasetRecord | undefined> {
  const r = await (await db()).get('datasets', id);
  return r && normalise(r);
}

export async function listDatasets(): Promise<DatasetRecord[]> {
  const all = await (await db()).getAllFromIndex('datasets', 'importedAt');
  return all.map(normalise).reverse();
}

export async function updateDataset(
  id: string,
  patch: Partial<Pick<DatasetRecord, 'name' | 'roles' | 'columns' | 'repairs' | 'quality' | 'undo'>>,
): Promise<DatasetRecord> {
  const d = await db();
  const tx = d.transaction('datasets', 'readwrite');
  const cur = await tx.store.get(id);
  if (!cur) throw new Error(`dataset ${id} does not exist`);
  const next = { ...normalise(cur), ...patch };
  await tx.store.put(next);
  await tx.done;
  return next;
}

/** Loads the full Table (worker side: the main thread never does this for real datasets). */
export async function loadTable(id: string): Promise<{ meta: DatasetRecord; table: Table }> {
  const d = await db();
  const tx = d.transaction(['datasets', 'datasetChunks'], 'readonly');
  const meta = await tx.objectStore('datasets').get(id);
  if (!meta) throw new Error(`dataset ${id} does not exist (it may have been deleted)`);
  const range = IDBKeyRange.bound([id, -1], [id, Number.MAX_SAFE_INTEGER]);
  const chunks = await tx.objectStore('datasetChunks').getAll(range);
  await tx.done;
  const dictChunk = chunks.find((c) => c.index === -1);
  const dataChunks = chunks.filter((c) => c.index >= 0).sort((a, b) => a.index - b.index);
  const n = meta.rows;
  const columns: Column[] = meta.columns.map((summary, ci) => {
    const dict = dictChunk?.dictionaries?.[ci];
    const parts = dataChunks.map((c) => c.columns?.[ci]);
    if (dict) {
      const codes = new Int32Array(n);
      let off = 0;
      for (const p of parts)
        if (p) {
          codes.set(p as Int32Array, off);
          off += p.length;
        }
      return {
        kind: 'categorical',
        name: summary.name,
        type: summary.type as 'categorical' | 'text' | 'id',
        codes,
        dictionary: dict,
      };
    }
    const values = new Float64Array(n);
    let off = 0;
    for (const p of parts)
      if (p) {
        values.set(p as Float64Array, off);
        off += p.length;
      }
    return {
      kind: 'numeric',
      name: summary.name,
      type: summary.type as 'integer' | 'decimal' | 'boolean' | 'date',
      values,
      ...(summary.labels ? { labels: summary.labels } : {}),
    };
  });
  return { meta: normalise(meta), table: { rowCount: n, columns } };
}

/** Deletes a dataset with its chunks, models and results, in one transaction. */
export async function deleteDataset(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(['datasets', 'datasetChunks', 'models', 'results'], 'readwrite');
  // From -Infinity: the undo deltas sit below the dictionaries' index -1.
  const range = IDBKeyRange.bound([id, -Infinity], [id, Number.MAX_SAFE_INTEGER]);
  const models = await tx.objectStore('models').index('datasetId').getAllKeys(id);
  const results = await tx.objectStore('results').index('datasetId').getAllKeys(id);
  await Promise.all([
    tx.objectStore('datasets').delete(id),
    tx.objectStore('datasetChunks').delete(range),
    ...models.map((k) => tx.objectStore('models').delete(k)),
    ...results.map((k) => tx.objectStore('results').delete(k)),
    tx.done,
  ]);
}

/**
 * Rewrites a stored dataset's column data (a repair): old chunks out, new chunks in, metadata patched — one
 * transaction, so a failure (quota, closed tab) leaves the previous version intact.
 */
export async function replaceDatasetTable(
  id: string,
  table: Table,
  patch: Partial<Pick<DatasetRecord, 'columns' | 'quality' | 'repairs' | 'roles' | 'format' | 'undo'>>,
  extra: { put?: ChunkRecord[]; drop?: number[] } = {},
): Promise<DatasetRecord> {
  const d = await db();
  const cur = await d.get('datasets', id);
  if (!cur) throw new Error(`dataset ${id} does not exist (it may have been deleted)`);
  const chunkRows = cur.chunkRows || CHUNK_ROWS;
  const { chunks, bytes } = chunksOf(table, id, chunkRows);
  const record: DatasetRecord = {
    ...normalise(cur),
    ...patch,
    rows: table.rowCount,
    storedBytes: bytes,
    chunkRows,
    chunkCount: chunks.length - 1,
  };
  const tx = d.transaction(['datasets', 'datasetChunks'], 'readwrite');
  const writes = quietly([tx.done]);
  try {
    const chunkStore = tx.objectStore('datasetChunks');
    writes.push(quiet(chunkStore.delete(IDBKeyRange.bound([id, -1], [id, Number.MAX_SAFE_INTEGER]))));
    for (const c of chunks) writes.push(quiet(chunkStore.put(c)));
    // Undo deltas (indexes < -1) are written and dropped in the same transaction as the table they belong to.
    for (const c of extra.put ?? []) writes.push(quiet(chunkStore.put(c)));
    for (const index of extra.drop ?? []) writes.push(quiet(chunkStore.delete([id, index])));
    writes.push(quiet(tx.objectStore('datasets').put(record)));
    await Promise.all(writes);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      /* already finished */
    }
    throw e;
  }
  return record;
}

/** One chunk record by index (an undo delta), or undefined. */
export async function getChunk(id: string, index: number): Promise<ChunkRecord | undefined> {
  return (await db()).get('datasetChunks', [id, index]);
}
