// Older workspace files go through today's upgrade ladder: their records are restored into a scratch database exactly
// as the file's dbVersion laid it out, `openDatabase` upgrades it like any old browser profile, and the upgraded
// records are read back. The scratch database is deleted whatever happens.
import type { StoreSchema, WorkspaceStores } from '../core/workspace/format.ts';
import { corrupt } from '../core/workspace/format.ts';
import { openDatabase } from './db.ts';
import { readStoresFrom } from './workspace.ts';

function restoreRaw(name: string, version: number, schema: StoreSchema[], stores: WorkspaceStores): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name, version);
    r.onerror = () => reject(r.error ?? new Error(`cannot create ${name}`));
    r.onblocked = () => reject(new Error(`${name} is blocked`));
    r.onupgradeneeded = () => {
      const d = r.result;
      try {
        for (const s of schema) {
          const store = d.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
          for (const ix of s.indexes)
            store.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
          for (const it of stores[s.name] ?? [])
            if (s.keyPath === null) store.put(it.value, it.key as IDBValidKey);
            else store.put(it.value);
        }
      } catch (e) {
        r.transaction?.abort();
        reject(corrupt(`its records do not fit its own store layout (${e instanceof Error ? e.message : String(e)})`));
      }
    };
    r.onsuccess = () => {
      r.result.close();
      resolve();
    };
  });
}

function deleteRaw(name: string): Promise<void> {
  return new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
}

/** Records written at `fromVersion` → the same records as today's code would hold them after its upgrade ladder. */
export async function upgradeThroughLadder(
  stores: WorkspaceStores,
  schema: StoreSchema[],
  fromVersion: number,
): Promise<WorkspaceStores> {
  const missing = Object.keys(stores).find((s) => (stores[s]?.length ?? 0) > 0 && !schema.some((x) => x.name === s));
  if (missing !== undefined) throw corrupt(`its store layout lacks "${missing}"`);
  const name = `locallift-import-${crypto.randomUUID()}`;
  try {
    await restoreRaw(name, fromVersion, schema, stores);
    const d = await openDatabase(name);
    try {
      return await readStoresFrom(d, true);
    } finally {
      d.close();
    }
  } finally {
    await deleteRaw(name);
  }
}
