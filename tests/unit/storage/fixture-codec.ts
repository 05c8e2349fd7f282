// Lossless JSON for IndexedDB dumps: a structured-clone value codec, plus dump/restore of a whole database
// through the raw IndexedDB API (never the app's upgrade code), shared by scripts/make-db-fixture.ts and the tests.
//
// Encoding (JSON value ← structured-clone value):
//   string, boolean, null, finite number (not -0)  → as is
//   array (dense)                                   → array of encoded elements
//   plain object                                    → object of encoded values; an object that itself has a `$t`
//                                                     key is wrapped as { $t: 'Object', v: { … } }
//   undefined                                       → { $t: 'undefined' }
//   NaN, Infinity, -Infinity, -0                    → { $t: 'number', v: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
//   bigint                                          → { $t: 'bigint', v: '<decimal>' }
//   ArrayBuffer                                     → { $t: 'ArrayBuffer', b64 }
//   typed array / DataView                          → { $t: '<constructor name>', b64 } (the whole backing buffer, so
//                                                     the bytes are exact); plus byteOffset/length when the view
//                                                     does not cover its whole buffer
//   Date                                            → { $t: 'Date', v: <epoch ms, encoded as a number> }
//   Map / Set                                       → { $t: 'Map', v: [[k, v], …] } / { $t: 'Set', v: [ … ] }
//   Boolean/Number/String objects, RegExp           → { $t: 'Boolean' | 'Number' | 'String', v } /
//                                                     { $t: 'RegExp', source, flags }
// Anything else (functions, symbols, class instances, Blob, sparse arrays, cycles) throws: the dump must never
// silently lose what the database held. Multi-byte typed arrays are stored in the platform's byte order
// (little-endian on every machine the app and CI run on). Shared references are not preserved (each is written
// out in full), which deep equality does not see.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const TYPED = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
function unb64(s: string): ArrayBuffer {
  const buf = Buffer.from(s, 'base64');
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}

function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  // defineProperty: a key called `__proto__` (a column name can be) stays an own key.
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export function encodeValue(value: unknown, path = '$', seen = new Set<object>()): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $t: 'undefined' };
    case 'bigint':
      return { $t: 'bigint', v: value.toString() };
    case 'number':
      if (Number.isNaN(value)) return { $t: 'number', v: 'NaN' };
      if (value === Infinity) return { $t: 'number', v: 'Infinity' };
      if (value === -Infinity) return { $t: 'number', v: '-Infinity' };
      if (Object.is(value, -0)) return { $t: 'number', v: '-0' };
      return value;
    case 'object':
      break;
    default:
      throw new TypeError(`${path}: cannot encode a ${typeof value}`);
  }
  if (value === null) return null;
  if (value instanceof ArrayBuffer) return { $t: 'ArrayBuffer', b64: b64(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    if (!(name in TYPED) && name !== 'DataView') throw new TypeError(`${path}: unknown buffer view ${name}`);
    const whole = new Uint8Array(value.buffer);
    const length = value instanceof DataView ? value.byteLength : (value as unknown as ArrayLike<unknown>).length;
    const out: Json = { $t: name, b64: b64(whole) };
    if (value.byteOffset !== 0 || value.byteLength !== value.buffer.byteLength)
      Object.assign(out, { byteOffset: value.byteOffset, length });
    return out;
  }
  if (value instanceof Date) return { $t: 'Date', v: encodeValue(value.getTime(), path) };
  if (value instanceof RegExp) return { $t: 'RegExp', source: value.source, flags: value.flags };
  if (value instanceof Boolean || value instanceof Number || value instanceof String) {
    return { $t: value.constructor.name, v: encodeValue(value.valueOf(), path) };
  }
  if (seen.has(value)) throw new TypeError(`${path}: cyclic value`);
  seen.add(value);
  try {
    if (value instanceof Map)
      return {
        $t: 'Map',
        v: [...value].map(([k, v], i) => [
          encodeValue(k, `${path}<key ${i}>`, seen),
          encodeValue(v, `${path}<${i}>`, seen),
        ]),
      };
    if (value instanceof Set) return { $t: 'Set', v: [...value].map((v, i) => encodeValue(v, `${path}<${i}>`, seen)) };
    if (Array.isArray(value)) {
      const out: Json[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw new TypeError(`${path}[${i}]: sparse arrays are not supported`);
        out.push(encodeValue(value[i], `${path}[${i}]`, seen));
      }
      return out;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null)
      throw new TypeError(`${path}: cannot encode a ${(value as object).constructor?.name ?? 'foreign'} object`);
    const out: Record<string, Json> = {};
    for (const k of Object.keys(value))
      setOwn(out, k, encodeValue((value as Record<string, unknown>)[k], `${path}.${k}`, seen));
    return Object.hasOwn(out, '$t') ? { $t: 'Object', v: out } : out;
  } finally {
    seen.delete(value);
  }
}

export function decodeValue(json: Json, path = '$'): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map((v, i) => decodeValue(v, `${path}[${i}]`));
  if (!Object.hasOwn(json, '$t')) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(json)) setOwn(out, k, decodeValue(json[k]!, `${path}.${k}`));
    return out;
  }
  const t = json.$t as string;
  const o = json as Record<string, Json>;
  switch (t) {
    case 'undefined':
      return undefined;
    case 'number':
      return Number(o.v);
    case 'bigint':
      return BigInt(o.v as string);
    case 'ArrayBuffer':
      return unb64(o.b64 as string);
    case 'Date':
      return new Date(decodeValue(o.v!) as number);
    case 'RegExp':
      return new RegExp(o.source as string, o.flags as string);
    case 'Boolean':
      return new Boolean(o.v);
    case 'Number':
      return new Number(decodeValue(o.v!));
    case 'String':
      return new String(o.v);
    case 'Map':
      return new Map(
        (o.v as Json[][]).map(([k, v], i) => [decodeValue(k!, `${path}<key ${i}>`), decodeValue(v!, `${path}<${i}>`)]),
      );
    case 'Set':
      return new Set((o.v as Json[]).map((v, i) => decodeValue(v, `${path}<${i}>`)));
    case 'Object': {
      const out: Record<string, unknown> = {};
      const v = o.v as Record<string, Json>;
      for (const k of Object.keys(v)) setOwn(out, k, decodeValue(v[k]!, `${path}.${k}`));
      return out;
    }
    default: {
      const buffer = unb64(o.b64 as string);
      const offset = (o.byteOffset as number | undefined) ?? 0;
      if (t === 'DataView') return new DataView(buffer, offset, o.length as number | undefined);
      if (!(t in TYPED)) throw new TypeError(`${path}: unknown tag ${t}`);
      const Ctor = TYPED[t as TypedName];
      return o.length === undefined ? new Ctor(buffer) : new Ctor(buffer, offset, o.length as number);
    }
  }
}

// ---- whole-database dumps -------------------------------------------------------------------------------------

export interface IndexDump {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}
export interface StoreDump {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: IndexDump[];
  /** In primary-key order; `key` is the encoded primary key, `value` the encoded record. */
  records: { key: Json; value: Json }[];
}
export interface DbDump {
  format: 'locallift-idb-dump/1';
  dbName: string;
  version: number;
  /** `locallift@<package version> <git short sha>[+dirty]` of the code that wrote the records. */
  writtenBy: string;
  /** ISO time the fixture was written. */
  date: string;
  notes?: string;
  stores: StoreDump[];
}

/** A dump's records decoded back to structured-clone values, by store name. */
export function decodedRecords(dump: DbDump): Map<string, { key: unknown; value: unknown }[]> {
  return new Map(
    dump.stores.map((s) => [
      s.name,
      s.records.map((r, i) => ({
        key: decodeValue(r.key, `${s.name}[${i}].key`),
        value: decodeValue(r.value, `${s.name}[${i}].value`),
      })),
    ]),
  );
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Opens `name` at whatever version it has (no upgrade), raw API. */
export function openRaw(name: string, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`opening ${name} is blocked by another connection`));
  });
}

export function deleteRaw(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`deleting ${name} is blocked by an open connection`));
  });
}

/** The stores, indexes and every record of an open database, encoded. */
export async function dumpDatabase(d: IDBDatabase): Promise<Pick<DbDump, 'dbName' | 'version' | 'stores'>> {
  const names = [...d.objectStoreNames].sort();
  const tx = d.transaction(names, 'readonly');
  const stores: StoreDump[] = [];
  for (const name of names) {
    const store = tx.objectStore(name);
    const [keys, values] = await Promise.all([req(store.getAllKeys()), req(store.getAll())]);
    const indexes = [...store.indexNames].sort().map((n) => {
      const ix = store.index(n);
      return { name: n, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
    });
    stores.push({
      name,
      keyPath: store.keyPath,
      autoIncrement: store.autoIncrement,
      indexes,
      records: keys.map((k, i) => ({
        key: encodeValue(k, `${name}[${i}].key`),
        value: encodeValue(values[i], `${name}[${i}].value`),
      })),
    });
  }
  return { dbName: d.name, version: d.version, stores };
}

export function schemaOf(d: IDBDatabase): Omit<StoreDump, 'records'>[] {
  const names = [...d.objectStoreNames].sort();
  if (names.length === 0) return [];
  const tx = d.transaction(names, 'readonly');
  return names.map((name) => {
    const s = tx.objectStore(name);
    const indexes = [...s.indexNames].sort().map((n) => {
      const ix = s.index(n);
      return { name: n, keyPath: ix.keyPath, unique: ix.unique, multiEntry: ix.multiEntry };
    });
    return { name, keyPath: s.keyPath, autoIncrement: s.autoIncrement, indexes };
  });
}

/**
 * Recreates a dumped database as an old browser holds it: created at the dump's version with exactly its stores
 * and indexes, records written in the same versionchange transaction. Nothing of the app's upgrade code runs.
 * `name` defaults to the dump's dbName; the database must not exist yet.
 */
export function restoreDatabase(
  dump: Pick<DbDump, 'dbName' | 'version' | 'stores'>,
  name = dump.dbName,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name, dump.version);
    r.onblocked = () => reject(new Error(`restoring ${name} is blocked by another connection`));
    r.onerror = () => reject(r.error);
    r.onupgradeneeded = (e) => {
      if (e.oldVersion !== 0) {
        r.transaction!.abort();
        reject(new Error(`${name} already exists (version ${e.oldVersion})`));
        return;
      }
      const d = r.result;
      for (const s of dump.stores) {
        const store = d.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const ix of s.indexes)
          store.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
        s.records.forEach((rec, i) => {
          const value = decodeValue(rec.value, `${s.name}[${i}].value`);
          if (s.keyPath === null) store.put(value, decodeValue(rec.key, `${s.name}[${i}].key`) as IDBValidKey);
          else store.put(value);
        });
      }
    };
    r.onsuccess = () => {
      r.result.close();
      resolve();
    };
  });
}
