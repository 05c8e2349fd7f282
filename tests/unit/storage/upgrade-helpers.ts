// Helpers of upgrade.test.ts: the read-back check of an upgraded workspace, a watched upgrade, and dump mutation.
import { expect } from 'vitest';
import {
  db,
  DB_VERSION,
  type ChunkRecord,
  type DatasetRecord,
  type ModelRecord,
  type ResultRecord,
  type RunRecord,
} from '../../../src/storage/db.ts';
import { getDataset, listDatasets, loadTable } from '../../../src/storage/datasets.ts';
import { getModel, getResult, listResults } from '../../../src/storage/results.ts';
import { listRuns } from '../../../src/storage/runs.ts';
import { DEFAULT_SETTINGS, getSetting, type Settings } from '../../../src/storage/settings.ts';
import { decodeValue, encodeValue, type DbDump } from './fixture-codec.ts';

// ---- the check: everything the fixture holds, read through the repos of today's code ----

export interface Expected {
  file: string;
  stores: Map<string, { key: unknown; value: unknown }[]>;
}

type Db = Awaited<ReturnType<typeof db>>;
/** Prefixes an assertion message with the fixture and the version it was upgraded to. */
type Where = (what: string) => string;
type Column = Awaited<ReturnType<typeof loadTable>>['table']['columns'][number];

/**
 * What today's readers return for a stored dataset record: the fixture record plus the defaults they fill for
 * fields older records may lack. When a reader starts filling a new field, add its default here (that is the
 * contract old databases are read under).
 */
const asRead = (r: DatasetRecord): DatasetRecord => ({ ...r, repairs: r.repairs ?? [], quality: r.quality ?? [] });

const values = <T>(e: Expected, store: string) => (e.stores.get(store) ?? []).map((r) => r.value as T);
const byNewest = <T extends { id: string }>(xs: T[], t: (x: T) => number) =>
  [...xs].sort((a, b) => t(b) - t(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

/** Opens with today's code: the version is today's and every store of the old database is still there. */
async function openUpgraded(e: Expected, where: Where): Promise<Db> {
  const d = await db().catch((err: unknown) => {
    throw new Error(where(`openDatabase() failed, the upgrade ladder threw: ${String(err)}`), { cause: err });
  });
  expect(d.version, where('database version')).toBe(DB_VERSION);
  for (const s of e.stores.keys()) {
    expect(
      [...d.objectStoreNames],
      where(
        `store "${s}" of the old database is missing (renamed or dropped? the ladder must migrate it, and this test must learn its new name)`,
      ),
    ).toContain(s);
  }
  return d;
}

/** One dataset's fixture chunks: the data chunks in order and the dictionary chunk (index -1), if any. */
interface DatasetChunks {
  ds: DatasetRecord;
  parts: ChunkRecord[];
  dict: ChunkRecord | undefined;
  where: Where;
}

/** One loaded column equals its fixture chunks concatenated (dictionary codes or numbers, and its labels). */
function checkColumn({ ds, parts, dict, where }: DatasetChunks, col: Column, ci: number): void {
  const at = where(`loadTable(${ds.id}) column "${col.name}"`);
  const pieces = parts.map((p) => p.columns![ci]!);
  const dictionary = dict?.dictionaries?.[ci] ?? null;
  expect(col.type, `${at}: type`).toBe(ds.columns[ci]!.type);
  if (dictionary) {
    expect(col.kind, `${at}: kind`).toBe('categorical');
    expect(col.kind === 'categorical' && col.dictionary, `${at}: dictionary`).toStrictEqual(dictionary);
    const codes = new Int32Array(ds.rows);
    let off = 0;
    for (const p of pieces) {
      expect(p, `${at}: fixture chunk type`).toBeInstanceOf(Int32Array);
      codes.set(p, off);
      off += p.length;
    }
    expect(col.kind === 'categorical' && col.codes, `${at}: codes`).toStrictEqual(codes);
  } else {
    expect(col.kind, `${at}: kind`).toBe('numeric');
    const vals = new Float64Array(ds.rows);
    let off = 0;
    for (const p of pieces) {
      expect(p, `${at}: fixture chunk type`).toBeInstanceOf(Float64Array);
      vals.set(p, off);
      off += p.length;
    }
    expect(col.kind === 'numeric' && col.values, `${at}: values`).toStrictEqual(vals);
    expect(col.kind === 'numeric' ? col.labels : undefined, `${at}: labels`).toStrictEqual(ds.columns[ci]!.labels);
  }
}

/** datasetChunks: each dataset's Table equals its chunks concatenated; no chunk is left unread. */
async function checkChunks(d: Db, e: Expected, datasets: DatasetRecord[], where: Where): Promise<void> {
  const chunks = values<ChunkRecord>(e, 'datasetChunks');
  let used = 0;
  for (const ds of datasets) {
    const mine = chunks.filter((c) => c.datasetId === ds.id);
    used += mine.length;
    const dict = mine.find((c) => c.index === -1);
    const parts = mine.filter((c) => c.index >= 0).sort((a, b) => a.index - b.index);
    expect(parts.length, where(`${ds.id}: data chunks vs chunkCount`)).toBe(ds.chunkCount);
    const { meta, table } = await loadTable(ds.id);
    expect(meta, where(`loadTable(${ds.id}).meta`)).toStrictEqual(ds);
    expect(table.rowCount, where(`loadTable(${ds.id}).rowCount`)).toBe(ds.rows);
    expect(
      table.columns.map((c) => c.name),
      where(`loadTable(${ds.id}) column names`),
    ).toStrictEqual(ds.columns.map((c) => c.name));
    table.columns.forEach((col, ci) => checkColumn({ ds, parts, dict, where }, col, ci));
    // No repo returns chunk records, and loadTable would accept any array-like: compare the stored records too.
    expect(
      await d.getAllFromIndex('datasetChunks', 'datasetId', ds.id),
      where(`${ds.id}: stored chunk records`),
    ).toStrictEqual([...mine].sort((a, b) => a.index - b.index));
  }
  expect(used, where('chunk records that belong to no dataset')).toBe(chunks.length);
}

/** results and their models, read one by one and per dataset. */
async function checkResults(e: Expected, where: Where): Promise<void> {
  const results = values<ResultRecord>(e, 'results');
  expect(await listResults(), where('listResults()')).toStrictEqual(results);
  for (const r of results) {
    expect(await getResult(r.kind, r.datasetId), where(`getResult(${r.kind}, ${r.datasetId})`)).toStrictEqual(r);
    expect(await listResults(r.datasetId), where(`listResults(${r.datasetId})`)).toStrictEqual(
      results.filter((x) => x.datasetId === r.datasetId),
    );
  }
  const models = values<ModelRecord>(e, 'models');
  for (const m of models) expect(await getModel(m.id), where(`getModel(${m.id})`)).toStrictEqual(m);
}

/** settings: stored keys come back as stored, the others as defaults. */
async function checkSettings(e: Expected, where: Where): Promise<void> {
  const settings = new Map((e.stores.get('settings') ?? []).map((r) => [r.key as string, r.value]));
  for (const key of settings.keys())
    expect(
      Object.keys(DEFAULT_SETTINGS),
      where(`settings key "${key}" is no longer a setting (migrate or drop it in the ladder)`),
    ).toContain(key);
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    expect(await getSetting(key), where(`getSetting(${key})`)).toStrictEqual(
      settings.has(key) ? settings.get(key) : DEFAULT_SETTINGS[key],
    );
  }
}

export async function checkWorkspace(e: Expected): Promise<void> {
  const where = (what: string) => `${e.file} after the upgrade to v${DB_VERSION}: ${what}`;
  const d = await openUpgraded(e, where);

  // datasets: list (newest first) and one by one
  const datasets = values<DatasetRecord>(e, 'datasets').map(asRead);
  expect(await listDatasets(), where('listDatasets()')).toStrictEqual(byNewest(datasets, (x) => x.importedAt));
  for (const ds of datasets) expect(await getDataset(ds.id), where(`getDataset(${ds.id})`)).toStrictEqual(ds);

  await checkChunks(d, e, datasets, where);
  await checkResults(e, where);

  // runs: newest first
  const runs = values<RunRecord>(e, 'runs');
  expect(await listRuns(), where('listRuns()')).toStrictEqual(byNewest(runs, (x) => x.startedAt));

  await checkSettings(e, where);
}

/** Opens with today's code while recording the versionchange events the ladder sees. */
export async function upgradeWatched(): Promise<{ oldVersion: number; newVersion: number | null }[]> {
  const seen: { oldVersion: number; newVersion: number | null }[] = [];
  const open = indexedDB.open;
  indexedDB.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
    const r = open.apply(this, args);
    r.addEventListener('upgradeneeded', (ev) => seen.push({ oldVersion: ev.oldVersion, newVersion: ev.newVersion }));
    return r;
  };
  try {
    await db();
  } finally {
    indexedDB.open = open;
  }
  return seen;
}

/** A copy of a dump whose decoded records of `store` were changed by `fn` (then encoded again). */
export function mutate(dump: DbDump, store: string, fn: (recs: { key: unknown; value: unknown }[]) => void): DbDump {
  const copy = structuredClone(dump);
  const s = copy.stores.find((x) => x.name === store)!;
  const recs = s.records.map((r) => ({ key: decodeValue(r.key), value: decodeValue(r.value) }));
  fn(recs);
  s.records = recs.map((r) => ({ key: encodeValue(r.key), value: encodeValue(r.value) }));
  return copy;
}
