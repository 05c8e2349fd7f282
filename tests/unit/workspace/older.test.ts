// Older workspace files: for every old-schema fixture (tests/fixtures/db-vN.json), a workspace file holding its
// records at dbVersion N imports to exactly what an old browser profile holds after today's upgrade ladder; the
// ladder path itself (scratch database, openDatabase, read back) returns the upgraded records and leaves no database.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readdirSync, readFileSync } from 'node:fs';
import { unwrap } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, DB_NAME, DB_VERSION, openDatabase, RECORD_VERSION } from '../../../src/storage/db.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import {
  WORKSPACE_FORMAT_VERSION,
  type StoreSchema,
  type WorkspaceStores,
} from '../../../src/core/workspace/format.ts';
import { packWorkspace } from '../../../src/core/workspace/package.ts';
import { readStoresFrom } from '../../../src/storage/workspace.ts';
import { upgradeThroughLadder } from '../../../src/storage/workspace-upgrade.ts';
import { workspaceImportJob } from '../../../workers/jobs/workspace.ts';
import { decodedRecords, dumpDatabase, restoreDatabase, type DbDump } from '../storage/fixture-codec.ts';

const DIR = new URL('../../fixtures/', import.meta.url);
const fixtures = readdirSync(DIR)
  .filter((f) => /^db-v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as DbDump);

async function freshProfile(): Promise<void> {
  await closeDb().catch(() => undefined);
  globalThis.indexedDB = new IDBFactory();
}
beforeEach(freshProfile);
afterEach(() => closeDb().catch(() => undefined));

/** The fixture as a workspace file would carry it: records (keys only for out-of-line stores) and the layout. */
function asWorkspace(dump: DbDump): { stores: WorkspaceStores; schema: StoreSchema[] } {
  const records = decodedRecords(dump);
  const schema = dump.stores.map(({ name, keyPath, autoIncrement, indexes }) => ({
    name,
    keyPath,
    autoIncrement,
    indexes,
  }));
  const stores: WorkspaceStores = {};
  for (const s of dump.stores)
    stores[s.name] = records
      .get(s.name)!
      .map((r) => (s.keyPath === null ? { key: r.key, value: r.value } : { value: r.value }));
  return { stores, schema };
}

/** What an old profile holds after today's ladder: the fixture restored raw, then opened by the app. */
async function upgradedProfile(dump: DbDump): Promise<unknown> {
  await restoreDatabase(dump);
  const d = await openDatabase(DB_NAME);
  try {
    return (await dumpDatabase(unwrap(d))).stores;
  } finally {
    d.close();
  }
}

describe.each(fixtures.map((f) => [f.version, f] as const))('workspace file at dbVersion %i', (version, dump) => {
  it('imports to exactly what the upgrade ladder makes of an old profile', async () => {
    const expected = await upgradedProfile(dump);
    await freshProfile();
    const { stores, schema } = asWorkspace(dump);
    const known = {
      formatVersion: WORKSPACE_FORMAT_VERSION,
      dbVersion: version,
      recordVersion: RECORD_VERSION,
      appVersion: 'old',
    };
    const packed = await packWorkspace(stores, { ...known, includesPiiKey: true, schema }, silentContext());
    const file = new Blob(packed.chunks as Uint8Array<ArrayBuffer>[]);
    await workspaceImportJob({ kind: 'workspace-import', file, replace: false }, silentContext());
    await closeDb();
    const d = await openDatabase(DB_NAME);
    try {
      expect((await dumpDatabase(unwrap(d))).stores).toStrictEqual(expected);
    } finally {
      d.close();
    }
  });

  it('the ladder path returns the upgraded records and deletes its scratch database', async () => {
    const { stores, schema } = asWorkspace(dump);
    const upgraded = await upgradeThroughLadder(stores, schema, version);
    await restoreDatabase(dump);
    expect(upgraded).toStrictEqual(await readStoresFrom(await db(), true));
    expect((await indexedDB.databases()).map((x) => x.name)).toStrictEqual([DB_NAME]);
    expect(DB_VERSION).toBeGreaterThanOrEqual(version);
  });
});
