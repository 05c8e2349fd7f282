// Whole-database read and write for the workspace file: every store read in one transaction, checked records
// written in one transaction (all replaced, or nothing changed).
import type { StoreSchema, StoredItem, WorkspaceStores } from '../core/workspace/format.ts';
import { corrupt, newer } from '../core/workspace/format.ts';
import { db, RECORD_VERSION, type DatasetRecord, type DB } from './db.ts';
import { normalise as normaliseDataset } from './datasets.ts';

/** Every store of the database, in write order. */
export const WORKSPACE_STORES = ['datasets', 'datasetChunks', 'models', 'results', 'runs', 'settings'] as const;
type StoreName = (typeof WORKSPACE_STORES)[number];
/** Settings key of the PII pseudonymisation key: exported only when the person asks. */
export const PII_KEY = 'piiKey';

/** What a profile holds, for "this browser is not empty" and for the result message. */
export interface ProfileCounts {
  datasets: number;
  models: number;
  results: number;
  runs: number;
}

export async function profileCounts(): Promise<ProfileCounts> {
  const d = await db();
  const tx = d.transaction(['datasets', 'models', 'results', 'runs'], 'readonly');
  const [datasets, models, results, allRuns] = await Promise.all([
    tx.objectStore('datasets').count(),
    tx.objectStore('models').count(),
    tx.objectStore('results').count(),
    tx.objectStore('runs').getAll(),
  ]);
  await tx.done;
  // A running job (the import itself is recorded as one) is not content the person would lose.
  const runs = allRuns.filter((r) => r.status !== 'running').length;
  return { datasets, models, results, runs };
}

export const isEmptyProfile = (c: ProfileCounts): boolean => c.datasets + c.models + c.results + c.runs === 0;

/** Every record of every store of `d`, read in one transaction (a consistent snapshot). */
export async function readStoresFrom(d: DB, includePiiKey: boolean): Promise<WorkspaceStores> {
  const tx = d.transaction([...WORKSPACE_STORES], 'readonly');
  const out: WorkspaceStores = {};
  for (const name of WORKSPACE_STORES) {
    const store = tx.objectStore(name);
    if (name === 'settings') {
      const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
      out[name] = keys.map((key, i) => ({ key, value: values[i] })).filter((it) => includePiiKey || it.key !== PII_KEY);
    } else {
      out[name] = (await store.getAll()).map((value) => ({ value }));
    }
  }
  await tx.done;
  return out;
}

/** The stores' layout (key paths, indexes), written to the manifest so an older file can be upgraded later. */
export function schemaOf(d: DB): StoreSchema[] {
  const tx = d.transaction([...WORKSPACE_STORES], 'readonly');
  return WORKSPACE_STORES.map((name) => {
    const s = tx.objectStore(name);
    const indexes = [...s.indexNames].map((n) => {
      const ix = s.index(n as never);
      return { name: n, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
    });
    return { name, keyPath: s.keyPath, autoIncrement: s.autoIncrement, indexes };
  });
}

/** This browser's whole workspace: every record and the stores' layout. */
export async function readAllStores(
  includePiiKey: boolean,
): Promise<{ stores: WorkspaceStores; schema: StoreSchema[] }> {
  const d = await db();
  return { stores: await readStoresFrom(d, includePiiKey), schema: schemaOf(d) };
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkRecord(store: StoreName, item: StoredItem, n: number): void {
  const v = item.value;
  const where = `${store} record ${n}`;
  if (store === 'settings') {
    if (typeof item.key !== 'string') throw corrupt(`${where} has no key`);
    if (item.key === PII_KEY && v !== null && !(v instanceof ArrayBuffer)) throw corrupt(`${where}: bad PII key`);
    return;
  }
  if (!isObj(v)) throw corrupt(`${where} is not a record`);
  if (store === 'datasetChunks') {
    if (typeof v.datasetId !== 'string' || typeof v.index !== 'number') throw corrupt(`${where} has no key`);
    return;
  }
  if (typeof v.id !== 'string') throw corrupt(`${where} has no id`);
  if (typeof v.schemaVersion !== 'number') throw corrupt(`${where} has no schemaVersion`);
  if (v.schemaVersion > RECORD_VERSION) throw newer(`${store} record version`, v.schemaVersion, RECORD_VERSION);
  if (store === 'datasets' && (!Array.isArray(v.columns) || typeof v.rows !== 'number'))
    throw corrupt(`${where} lacks its columns or row count`);
}

/**
 * Checks every record (known stores only, keys present, no record newer than this app, every chunk belongs to a
 * dataset in the file) and normalises older records the way the readers do. Throws before anything is written.
 */
export function checkStores(stores: WorkspaceStores): WorkspaceStores {
  const known = new Set<string>(WORKSPACE_STORES);
  const unknown = Object.keys(stores).find((s) => !known.has(s));
  if (unknown !== undefined) throw corrupt(`it holds an unknown store "${unknown}"`);
  const out: WorkspaceStores = {};
  for (const name of WORKSPACE_STORES) {
    const items = stores[name] ?? [];
    items.forEach((it, n) => checkRecord(name, it, n));
    out[name] =
      name === 'datasets' ? items.map((it) => ({ value: normaliseDataset(it.value as DatasetRecord) })) : items;
  }
  const ids = new Set(out.datasets!.map((it) => (it.value as DatasetRecord).id));
  const orphan = out.datasetChunks!.find((it) => !ids.has((it.value as { datasetId: string }).datasetId));
  if (orphan) throw corrupt(`it holds column data of a dataset it does not contain`);
  return out;
}

/**
 * Replaces every store with `stores` in ONE transaction: a failure (quota, a closed tab) leaves the profile as it
 * was. The PII key of this browser is kept when the file carries none.
 */
export async function replaceAllStores(stores: WorkspaceStores): Promise<void> {
  const d = await db();
  const tx = d.transaction([...WORKSPACE_STORES], 'readwrite');
  const done = tx.done;
  done.catch(() => undefined);
  try {
    const settings = tx.objectStore('settings');
    const fileHasKey = (stores.settings ?? []).some((it) => it.key === PII_KEY && it.value);
    const keep = fileHasKey ? undefined : await settings.get(PII_KEY);
    for (const name of WORKSPACE_STORES) {
      const store = tx.objectStore(name);
      await store.clear();
      const puts = (stores[name] ?? []).map((it) =>
        name === 'settings' ? settings.put(it.value, it.key as string) : store.put(it.value as never),
      );
      await Promise.all(puts);
    }
    if (keep) await settings.put(keep, PII_KEY);
    await done;
  } catch (e) {
    try {
      tx.abort();
    } catch {
      /* already finished */
    }
    throw e;
  }
}
