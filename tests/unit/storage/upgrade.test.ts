// Old databases still open: every tests/fixtures/db-vN.json (a workspace written by version N's code) is restored
// as an old browser holds it (raw IndexedDB at version N, no app code), upgraded by today's openDatabase ladder,
// and every record is read back through the public repos and compared with the fixture, typed arrays included.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closeDb,
  db,
  DB_NAME,
  DB_VERSION,
  openDatabase,
  type ChunkRecord,
  type DatasetRecord,
  type ModelRecord,
  type ResultRecord,
  type RunRecord,
} from '../../../src/storage/db.ts';
import { getDataset, listDatasets, loadTable } from '../../../src/storage/datasets.ts';
import { DEFAULT_SETTINGS, getSetting } from '../../../src/storage/settings.ts';
import {
  decodedRecords,
  decodeValue,
  deleteRaw,
  dumpDatabase,
  encodeValue,
  openRaw,
  restoreDatabase,
  schemaOf,
  type DbDump,
  type Json,
} from './fixture-codec.ts';
import { checkWorkspace, mutate, upgradeWatched, type Expected } from './upgrade-helpers.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const fixtureFiles = readdirSync(FIXTURES)
  .filter((f) => /^db-v\d+\.json$/.test(f))
  .sort();
const load = (f: string) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as DbDump;
/** The stores checkWorkspace (upgrade-helpers.ts) reads back; a store added later needs its reader check there. */
const READ_BACK = ['datasetChunks', 'datasets', 'models', 'results', 'runs', 'settings'];

// closeDb() rethrows a failed open (a corruption case can make the ladder throw): that was reported already.
const closeQuietly = () => closeDb().catch(() => undefined);
beforeEach(async () => {
  await closeQuietly();
  await deleteRaw(DB_NAME);
});
afterEach(closeQuietly);

// ---- tests ----

describe('old-schema fixtures', () => {
  it('there is one for every version the ladder upgrades from, each older or equal to today and well-formed', () => {
    expect(fixtureFiles, 'tests/fixtures/db-v1.json (the first schema) must be kept').toContain('db-v1.json');
    for (let v = 1; v < DB_VERSION; v++) {
      expect(
        fixtureFiles,
        `DB_VERSION is ${DB_VERSION}: tests/fixtures/db-v${v}.json is missing — write it with scripts/make-db-fixture.ts from the last release that had version ${v}`,
      ).toContain(`db-v${v}.json`);
    }
    for (const f of fixtureFiles) {
      const dump = load(f);
      expect(dump.format, `${f}: format`).toBe('locallift-idb-dump/1');
      expect(`db-v${dump.version}.json`, `${f}: header version`).toBe(f);
      expect(dump.version, `${f} is newer than DB_VERSION ${DB_VERSION}`).toBeLessThanOrEqual(DB_VERSION);
      expect(dump.dbName, `${f}: dbName`).toBe(DB_NAME);
      expect(dump.writtenBy, `${f}: writtenBy`).toMatch(/^locallift@\S+ \S+/);
      expect(
        dump.stores.map((s) => s.name).sort(),
        `${f}: every store needs a reader check in upgrade.test.ts`,
      ).toStrictEqual(READ_BACK);
      for (const s of dump.stores)
        expect(s.records.length, `${f}: store ${s.name} is empty, so nothing of it is tested`).toBeGreaterThan(0);
      expect(readFileSync(join(FIXTURES, f)).length, `${f} should stay small`).toBeLessThan(200 * 1024);
    }
  });

  it('v1 holds a realistic workspace: chunked columnar data, a segment and a propensity result with models, runs, the PII key', () => {
    const s = decodedRecords(load('db-v1.json'));
    const datasets = s.get('datasets')!.map((r) => r.value as DatasetRecord);
    expect(
      datasets.some((d) => d.chunkCount > 1),
      'a dataset stored in several chunks',
    ).toBe(true);
    expect(
      datasets.some((d) => d.repairs.length > 0),
      'a repaired dataset',
    ).toBe(true);
    const chunks = s.get('datasetChunks')!.map((r) => r.value as ChunkRecord);
    const arrays = chunks.flatMap((c) => c.columns ?? []);
    expect(arrays.some((a) => a instanceof Float64Array) && arrays.some((a) => a instanceof Int32Array)).toBe(true);
    const results = s.get('results')!.map((r) => r.value as ResultRecord);
    expect(results.map((r) => r.kind).sort()).toStrictEqual(['propensity', 'segment']);
    const models = new Map(s.get('models')!.map((r) => [(r.value as ModelRecord).id, r.value as ModelRecord]));
    for (const r of results) expect(models.has(r.modelId!), `${r.kind} result's model`).toBe(true);
    expect(new Set(s.get('runs')!.map((r) => (r.value as RunRecord).status))).toStrictEqual(
      new Set(['done', 'failed', 'running']),
    );
    const piiKey = s.get('settings')!.find((r) => r.key === 'piiKey')?.value;
    expect(piiKey).toBeInstanceOf(ArrayBuffer);
    expect((piiKey as ArrayBuffer).byteLength).toBe(32);
  });
});

describe('structured-clone codec', () => {
  const zoo = () => ({
    s: 'ü ✓',
    n: 1.5,
    neg0: -0,
    nan: NaN,
    inf: Infinity,
    ninf: -Infinity,
    t: true,
    nul: null,
    undef: undefined,
    big: 12345678901234567890n,
    f64: new Float64Array([1, NaN, -0, 1e-300]),
    f32: new Float32Array([0.1, -2]),
    i32: new Int32Array([-1, 2 ** 31 - 1]),
    u8: new Uint8Array([0, 255]),
    u8c: new Uint8ClampedArray([7]),
    i8: new Int8Array([-128]),
    i16: new Int16Array([-3]),
    u16: new Uint16Array([65535]),
    u32: new Uint32Array([2 ** 32 - 1]),
    b64: new BigInt64Array([-5n]),
    bu64: new BigUint64Array([5n]),
    view: new Float32Array(new Float32Array([1, 2, 3, 4]).buffer, 4, 2),
    dv: new DataView(new Uint8Array([1, 2, 3]).buffer, 1),
    buf: new Uint8Array([9, 8, 7]).buffer,
    empty: new Float64Array(0),
    date: new Date(86_400_000),
    badDate: new Date(NaN),
    map: new Map<unknown, unknown>([
      ['a', 1],
      [2, new Set([3, 'x'])],
    ]),
    tagged: { $t: 'Float64Array', b64: 'not really' },
    nested: [[{ a: [undefined, null] }]],
    proto: JSON.parse('{"__proto__": {"x": 1}}') as unknown,
    re: /a+b/gi,
  });

  it('round-trips every kind of value through JSON text exactly (types, bytes, -0, NaN, views)', () => {
    const v = zoo();
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(v))) as Json) as ReturnType<typeof zoo>;
    expect(back).toStrictEqual(v);
    expect(Object.is(back.neg0, -0)).toBe(true);
    expect(Object.getPrototypeOf(back.proto)).toBe(Object.prototype);
    expect(Object.hasOwn(back.proto as object, '__proto__')).toBe(true);
    expect([back.view.byteOffset, back.view.length, back.view.buffer.byteLength]).toStrictEqual([4, 2, 16]);
    expect(back.tagged).toStrictEqual({ $t: 'Float64Array', b64: 'not really' });
  });

  it('a dump restores to the same stores, indexes and records (through real structured clone)', async () => {
    const d = await db();
    await d.put('settings', zoo(), 'zoo');
    await d.put('runs', { schemaVersion: 1, id: 'r', kind: 'x', spec: zoo(), startedAt: 5, status: 'done' });
    await closeDb();
    const raw = await openRaw(DB_NAME);
    const dump = await dumpDatabase(raw);
    raw.close();
    await deleteRaw(DB_NAME);
    await restoreDatabase(dump);
    const again = await openRaw(DB_NAME);
    expect(await dumpDatabase(again)).toStrictEqual(dump);
    again.close();
  });

  it('refuses what it cannot write losslessly', () => {
    expect(() => encodeValue({ a: { f: () => 1 } })).toThrow(/\$\.a\.f: cannot encode a function/);
    // eslint-disable-next-line no-sparse-arrays -- the hole is the input under test
    expect(() => encodeValue([1, , 3])).toThrow(/sparse/);
    expect(() => encodeValue(new (class Foo {})())).toThrow(/Foo/);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => encodeValue(cyc)).toThrow(/cyclic/);
  });
});

describe.each(fixtureFiles)("%s, upgraded by today's code", (file) => {
  const dump = load(file);
  const expected = (): Expected => ({ file, stores: decodedRecords(dump) });

  it('restores as the old database (its version, stores and indexes; no app code ran)', async () => {
    await restoreDatabase(dump);
    const raw = await openRaw(DB_NAME);
    expect(raw.version).toBe(dump.version);
    expect(schemaOf(raw)).toStrictEqual(dump.stores.map(({ records: _, ...s }) => s));
    raw.close();
  });

  it(`runs the ladder from v${dump.version} to v${DB_VERSION} and ends with the schema of a new database`, async () => {
    await restoreDatabase(dump);
    const events = await upgradeWatched();
    // Every version from the fixture's up to today is crossed in one versionchange (or none when already current).
    expect(events, `${file}: versionchange events while opening`).toStrictEqual(
      dump.version < DB_VERSION ? [{ oldVersion: dump.version, newVersion: DB_VERSION }] : [],
    );
    const upgraded = schemaOf((await db()) as unknown as IDBDatabase);
    await closeDb();
    const newDb = await openDatabase('locallift-new');
    const want = schemaOf(newDb as unknown as IDBDatabase);
    newDb.close();
    await deleteRaw('locallift-new');
    expect(
      upgraded,
      `${file}: stores/indexes after the upgrade differ from a database created at v${DB_VERSION}`,
    ).toStrictEqual(want);
  });

  it('reads every record back through the repos, equal to the fixture (typed arrays included)', async () => {
    await restoreDatabase(dump);
    await checkWorkspace(expected());
  });

  it('normalises records that lack optional fields (datasets without repairs/quality; unset settings)', async () => {
    const ds = (dump.stores.find((s) => s.name === 'datasets')!.records[0]!.value as { id: string }).id;
    const stripped = mutate(dump, 'datasets', (recs) => {
      for (const r of recs) {
        const v = r.value as Partial<DatasetRecord>;
        if (v.id === ds) {
          delete v.repairs;
          delete v.quality;
        }
      }
    });
    await restoreDatabase(stripped);
    await checkWorkspace({ file: `${file} without repairs/quality on ${ds}`, stores: decodedRecords(stripped) });
    const got = await getDataset(ds);
    expect(got?.repairs).toStrictEqual([]);
    expect(got?.quality).toStrictEqual([]);
    expect((await listDatasets()).find((d) => d.id === ds)?.repairs).toStrictEqual([]);
    expect((await loadTable(ds)).meta.quality).toStrictEqual([]);
    expect(await getSetting('minSegmentSize')).toBe(DEFAULT_SETTINGS.minSegmentSize);
  });

  // The check above must be able to fail: each corruption of the stored database is caught with a clear message.
  const corruptions: [string, () => DbDump, RegExp][] = [
    [
      'a store renamed',
      () => ({ ...dump, stores: dump.stores.map((s) => (s.name === 'runs' ? { ...s, name: 'history' } : s)) }),
      /store "runs" of the old database is missing|the upgrade ladder threw/,
    ],
    [
      'a dataset field renamed',
      () =>
        mutate(dump, 'datasets', (recs) => {
          const v = recs[0]!.value as Record<string, unknown>;
          v.importedOn = v.importedAt;
          delete v.importedAt;
        }),
      /listDatasets\(\)/,
    ],
    [
      'one number in a stored column changed',
      () =>
        mutate(dump, 'datasetChunks', (recs) => {
          const col = recs
            .map((r) => r.value as ChunkRecord)
            .find((c) => c.columns?.some((a) => a instanceof Float64Array && a.length))!
            .columns!.find((a) => a instanceof Float64Array && a.length)!;
          col[0] = col[0]! + 1;
        }),
      /column ".*": values/,
    ],
    [
      'a Float64Array stored as a plain array',
      () =>
        mutate(dump, 'datasetChunks', (recs) => {
          const c = recs
            .map((r) => r.value as ChunkRecord)
            .find((x) => x.columns?.some((a) => a instanceof Float64Array))!;
          const i = c.columns!.findIndex((a) => a instanceof Float64Array);
          (c.columns as unknown[])[i] = Array.from(c.columns![i]!);
        }),
      /stored chunk records/,
    ],
    [
      'a model weight changed',
      () =>
        mutate(dump, 'models', (recs) => {
          const walk = (o: unknown): boolean => {
            if (o instanceof Float32Array || o instanceof Float64Array) {
              if (o.length) {
                o[0] = o[0]! + 0.5;
                return true;
              }
              return false;
            }
            return o !== null && typeof o === 'object' && Object.values(o).some(walk);
          };
          expect(
            recs.some((r) => walk(r.value)),
            'a model with typed-array weights',
          ).toBe(true);
        }),
      /getModel\(/,
    ],
    [
      'the PII key changed',
      () =>
        mutate(dump, 'settings', (recs) => {
          const k = new Uint8Array(recs.find((r) => r.key === 'piiKey')!.value as ArrayBuffer);
          k[0] = k[0]! ^ 1;
        }),
      /getSetting\(piiKey\)/,
    ],
  ];
  it.each(corruptions)('fails clearly when %s', async (_what, corrupt, message) => {
    await restoreDatabase(corrupt());
    await expect(checkWorkspace(expected())).rejects.toThrow(message);
  });
});
