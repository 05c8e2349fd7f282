// Workspace file over fake-indexeddb: a realistic v1 workspace (tests/fixtures/db-v1.json: chunked datasets, models,
// results, runs, PII key) plus a freshly saved table is exported, imported into a fresh profile and compared store by
// store, typed arrays byte for byte; every refusal leaves the target database exactly as it was.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { unwrap } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, DB_NAME, DB_VERSION, openDatabase } from '../../../src/storage/db.ts';
import { WORKSPACE_STORES } from '../../../src/storage/workspace.ts';
import { saveDataset } from '../../../src/storage/datasets.ts';
import { getSetting } from '../../../src/storage/settings.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { JobError, silentContext } from '../../../src/core/jobs.ts';
import type { WorkspaceManifest } from '../../../src/core/workspace/format.ts';
import { workspaceExportJob, workspaceImportJob } from '../../../workers/jobs/workspace.ts';
import { dumpDatabase, restoreDatabase, type DbDump } from '../storage/fixture-codec.ts';

const FIXTURE = JSON.parse(readFileSync(new URL('../../fixtures/db-v1.json', import.meta.url), 'utf8')) as DbDump;

/** A fresh browser profile: a new IndexedDB factory, the app's cached connection dropped. */
async function freshProfile(): Promise<void> {
  await closeDb().catch(() => undefined);
  globalThis.indexedDB = new IDBFactory();
}

async function dump(): Promise<unknown> {
  await closeDb();
  const d = await openDatabase(DB_NAME);
  try {
    return (await dumpDatabase(unwrap(d))).stores;
  } finally {
    d.close();
  }
}

/** Profile 1: the v1 fixture plus a table with NaN, negative zero and a categorical column saved by today's code. */
async function profileOne(): Promise<void> {
  await freshProfile();
  await restoreDatabase(FIXTURE);
  const table = tableFromRecords(
    [
      { region: 'north', spend: 12.5, n: 1 },
      { region: '华东', spend: NaN, n: -0 },
      { region: 'north', spend: 1e-300, n: 3 },
    ],
    { region: 'categorical', spend: 'decimal', n: 'integer' },
  );
  await saveDataset(
    {
      id: 'ds-extra',
      name: 'extra “quoted” 表',
      source: 'extra.csv',
      columns: [],
      roles: {},
      quality: [],
      repairs: [],
      format: { delimiter: ';', encoding: 'gb18030', hasHeader: true, bytes: 99 },
      importedAt: 1,
    } as never,
    table,
    2,
  );
}

async function exportFile(includePiiKey: boolean) {
  const out = await workspaceExportJob({ kind: 'workspace-export', includePiiKey }, silentContext());
  return { ...out, bytes: new Uint8Array(await out.file.arrayBuffer()) };
}

const importFile = (bytes: Uint8Array, replace = false, ctx = silentContext()) =>
  workspaceImportJob({ kind: 'workspace-import', file: new Blob([bytes as Uint8Array<ArrayBuffer>]), replace }, ctx);

async function refusal(p: Promise<unknown>): Promise<JobError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(JobError);
  return e as JobError;
}

beforeEach(freshProfile);
afterEach(() => closeDb().catch(() => undefined));

describe('round trip', () => {
  it('covers every store of the database (a new store must be added to WORKSPACE_STORES)', async () => {
    const d = await db();
    expect([...WORKSPACE_STORES].sort()).toStrictEqual([...d.objectStoreNames].sort());
  });

  it('reproduces every store exactly in an empty profile (typed arrays bit-equal), PII key only when asked', async () => {
    await profileOne();
    const original = await dump();
    const withKey = await exportFile(true);
    const withoutKey = await exportFile(false);
    expect(withKey.fileName).toMatch(/^locallift-workspace-\d{8}\.llw$/);
    expect(withKey.counts).toEqual({ datasets: 3, datasetChunks: 10, models: 2, results: 2, runs: 6, settings: 3 });
    expect(withoutKey.counts.settings).toBe(2);
    expect(withKey.bytes.byteLength).toBeLessThan(withKey.uncompressedBytes);

    await freshProfile();
    const imported = await importFile(withKey.bytes);
    expect(imported.counts.datasets).toBe(3);
    expect(imported.replaced).toEqual({ datasets: 0, models: 0, results: 0, runs: 0 });
    // dumpDatabase encodes every typed array as base64 of its bytes: equal dumps = bit-equal arrays.
    expect(await dump()).toStrictEqual(original);

    await freshProfile();
    await importFile(withoutKey.bytes);
    expect(await getSetting('piiKey')).toBeNull();
  });

  it('names the file by the day, keeps manifest versions and checksums of every entry', async () => {
    await profileOne();
    const { bytes } = await exportFile(false);
    const files = unzipSync(bytes);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as WorkspaceManifest;
    expect(manifest).toMatchObject({ format: 'locallift-workspace', formatVersion: 1, dbVersion: DB_VERSION });
    expect(manifest.entries.length).toBe(Object.keys(files).length - 1);
    const bins = manifest.entries.filter((e) => e.path.endsWith('.bin'));
    // Typed arrays travel as raw bytes: a 3-row Float64 column is 24 bytes, not a JSON number list.
    expect(bins.some((e) => e.bytes === 16 || e.bytes === 8)).toBe(true);
    expect(strFromU8(files['records/datasetChunks/000000.json']!)).not.toMatch(/\[\s*-?\d+(\.\d+)?\s*,\s*-?\d/);
  });
});

/** Exports profile one, returns its entries for tampering. */
async function entries(): Promise<Record<string, Uint8Array>> {
  await profileOne();
  const { bytes } = await exportFile(false);
  return unzipSync(bytes);
}
const withManifest = (files: Record<string, Uint8Array>, patch: (m: WorkspaceManifest) => void) => {
  const m = JSON.parse(strFromU8(files['manifest.json']!)) as WorkspaceManifest;
  patch(m);
  return zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(m)) });
};

/** Replaces one entry and rewrites its manifest size and checksum, so only the content itself is wrong. */
async function retamper(files: Record<string, Uint8Array>, path: string, bytes: Uint8Array): Promise<Uint8Array> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return withManifest({ ...files, [path]: bytes }, (m) => {
    const e = m.entries.find((x) => x.path === path)!;
    e.bytes = bytes.byteLength;
    e.sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  });
}

describe('refusals change nothing', () => {
  const cases: [string, RegExp, (f: Record<string, Uint8Array>) => Uint8Array][] = [
    ['newer format', /workspace-newer/, (f) => withManifest(f, (m) => (m.formatVersion = 99))],
    ['newer database', /workspace-newer/, (f) => withManifest(f, (m) => (m.dbVersion = DB_VERSION + 1))],
    ['truncated zip', /workspace-corrupt/, (f) => zipSync(f).slice(0, 4000)],
    [
      'checksum mismatch',
      /workspace-corrupt/,
      (f) => {
        const bin = Object.keys(f).find((p) => p.endsWith('.bin'))!;
        const copy = f[bin]!.slice();
        copy[0]! ^= 1;
        return zipSync({ ...f, [bin]: copy });
      },
    ],
    [
      'missing entry',
      /workspace-corrupt/,
      (f) => {
        const rest = { ...f };
        delete rest['records/results/000001.json'];
        return zipSync(rest);
      },
    ],
    ['malformed manifest', /workspace-corrupt/, (f) => zipSync({ ...f, 'manifest.json': strToU8('{"format": ') })],
    ['a CSV', /workspace-not-workspace/, () => strToU8('a,b\n1,2\n')],
    ['a zip of something else', /workspace-not-workspace/, () => zipSync({ 'report.txt': strToU8('hi') })],
    ['another format', /workspace-not-workspace/, (f) => withManifest(f, (m) => (m.format = 'x' as never))],
  ];

  it.each(cases)('%s', async (_name, code, make) => {
    const file = make(await entries());
    // The target already holds a workspace: the refusal must leave it as it was (replace: true, so only the file
    // can be the reason).
    await freshProfile();
    await restoreDatabase(FIXTURE);
    const before = await dump();
    const e = await refusal(importFile(file, true));
    expect(e.code).toMatch(code);
    expect(e.message).toMatch(/Nothing was changed/);
    expect(await dump()).toStrictEqual(before);
  });

  it('a record newer than this app is refused', async () => {
    const f = await entries();
    const path = 'records/runs/000000.json';
    const rec = JSON.parse(strFromU8(f[path]!)) as { value: { schemaVersion: number } };
    rec.value.schemaVersion = 99;
    const file = await retamper(f, path, strToU8(JSON.stringify(rec)));
    await freshProfile();
    const before = await dump();
    expect((await refusal(importFile(file))).code).toBe('workspace-newer');
    expect(await dump()).toStrictEqual(before);
  });

  it('a record with malformed JSON but a matching checksum is refused as damaged', async () => {
    const f = await entries();
    const path = 'records/runs/000000.json';
    const file = await retamper(f, path, strToU8('{"value": [1, 2'));
    await freshProfile();
    const before = await dump();
    const e = await refusal(importFile(file));
    expect(e.code).toBe('workspace-corrupt');
    expect(e.message).toMatch(/malformed JSON/);
    expect(await dump()).toStrictEqual(before);
  });

  it('a non-empty profile is not merged: refused unless replace is chosen, then replaced wholesale', async () => {
    await profileOne();
    const { bytes } = await exportFile(false);
    const original = await dump();
    await freshProfile();
    await restoreDatabase(FIXTURE);
    const key = await getSetting('piiKey');
    const before = await dump();
    const e = await refusal(importFile(bytes));
    expect(e.code).toBe('workspace-not-empty');
    // The fixture's one run left "running" is not counted: an import is itself recorded as running.
    expect(e.message).toMatch(/2 datasets, 2 results, 2 models and 5 history entries/);
    expect(await dump()).toStrictEqual(before);
    const out = await importFile(bytes, true);
    expect(out.replaced.datasets).toBe(2);
    // Every store is the file's, except the PII key: the file has none, so this browser's stays.
    const after = (await dump()) as { name: string }[];
    expect(after.filter((s) => s.name !== 'settings')).toStrictEqual(
      (original as { name: string }[]).filter((s) => s.name !== 'settings'),
    );
    expect(new Uint8Array((await getSetting('piiKey'))!)).toEqual(new Uint8Array(key!));
  });

  it('a cancelled import leaves the profile unchanged', async () => {
    await profileOne();
    const { bytes } = await exportFile(false);
    await freshProfile();
    const before = await dump();
    let calls = 0;
    const e = await refusal(
      importFile(
        bytes,
        true,
        silentContext(() => ++calls > 5),
      ),
    );
    expect(e.code).toBe('cancelled');
    expect(await dump()).toStrictEqual(before);
  });
});
