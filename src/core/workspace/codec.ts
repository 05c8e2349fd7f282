// Lossless record codec for the workspace file: a structured-clone value → JSON text + binary parts (typed arrays and
// ArrayBuffers as raw bytes, never JSON number arrays), and back.
//
// JSON encoding (structured-clone value → JSON value):
//   string, boolean, null, finite number (not -0) → as is; dense array → array; plain object → object (an object
//   with its own `$t` key is wrapped as { $t: 'Object', v }); undefined → { $t: 'undefined' };
//   NaN/±Infinity/-0 → { $t: 'number', v: 'NaN' | … }; bigint → { $t: 'bigint', v }; Date → { $t: 'Date', v };
//   Map / Set → { $t: 'Map' | 'Set', v: [...] }; ArrayBuffer, typed array, DataView → { $t: <name>, bin: i } where
//   part i holds the bytes of the view (platform byte order: little-endian everywhere the app runs).
// Anything else (functions, class instances, Blob, sparse arrays, cycles) throws: an export must never drop data.

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

/** True on the machine running this code: the file records it, and a file from the other order is refused. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface EncodedRecord {
  json: string;
  parts: Uint8Array[];
}

function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  // defineProperty: a key called `__proto__` (a column name can be) stays an own key.
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function encodeNumber(value: number): Json {
  if (Number.isNaN(value)) return { $t: 'number', v: 'NaN' };
  if (value === Infinity) return { $t: 'number', v: 'Infinity' };
  if (value === -Infinity) return { $t: 'number', v: '-Infinity' };
  if (Object.is(value, -0)) return { $t: 'number', v: '-0' };
  return value;
}

function encodeBinary(value: ArrayBuffer | ArrayBufferView, parts: Uint8Array[], path: string): Json {
  if (value instanceof ArrayBuffer) {
    parts.push(new Uint8Array(value));
    return { $t: 'ArrayBuffer', bin: parts.length - 1 };
  }
  const name = value.constructor.name;
  if (!(name in TYPED) && name !== 'DataView') throw new TypeError(`${path}: unknown buffer view ${name}`);
  // Only the view's bytes: a subarray does not drag its whole backing buffer into the file.
  parts.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  return { $t: name, bin: parts.length - 1 };
}

function encodeObject(value: object, parts: Uint8Array[], path: string, seen: Set<object>): Json {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return encodeBinary(value, parts, path);
  if (value instanceof Date) return { $t: 'Date', v: encodeNumber(value.getTime()) };
  if (seen.has(value)) throw new TypeError(`${path}: cyclic value`);
  seen.add(value);
  try {
    if (value instanceof Map)
      return {
        $t: 'Map',
        v: [...value].map(([k, v], i) => [
          encodeInto(k, parts, `${path}<key ${i}>`, seen),
          encodeInto(v, parts, `${path}<${i}>`, seen),
        ]),
      };
    if (value instanceof Set)
      return { $t: 'Set', v: [...value].map((v, i) => encodeInto(v, parts, `${path}<${i}>`, seen)) };
    if (Array.isArray(value)) {
      const out: Json[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw new TypeError(`${path}[${i}]: sparse arrays are not supported`);
        out.push(encodeInto(value[i], parts, `${path}[${i}]`, seen));
      }
      return out;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null)
      throw new TypeError(`${path}: cannot encode a ${value.constructor?.name ?? 'foreign'} object`);
    const out: Record<string, Json> = {};
    for (const k of Object.keys(value))
      setOwn(out, k, encodeInto((value as Record<string, unknown>)[k], parts, `${path}.${k}`, seen));
    return Object.hasOwn(out, '$t') ? { $t: 'Object', v: out } : out;
  } finally {
    seen.delete(value);
  }
}

function encodeInto(value: unknown, parts: Uint8Array[], path: string, seen: Set<object>): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $t: 'undefined' };
    case 'bigint':
      return { $t: 'bigint', v: value.toString() };
    case 'number':
      return encodeNumber(value);
    case 'object':
      return value === null ? null : encodeObject(value, parts, path, seen);
    default:
      throw new TypeError(`${path}: cannot encode a ${typeof value}`);
  }
}

/** One stored record → JSON text + its binary parts. */
export function encodeRecord(value: unknown, path = '$'): EncodedRecord {
  const parts: Uint8Array[] = [];
  const json = JSON.stringify(encodeInto(value, parts, path, new Set()));
  return { json, parts };
}

/** Thrown for a value that does not follow the encoding above (a corrupted or foreign file). */
export class CodecError extends Error {}

function partOf(o: Record<string, Json>, parts: readonly Uint8Array[], path: string): Uint8Array {
  const i = o.bin;
  const p = typeof i === 'number' ? parts[i] : undefined;
  if (!p) throw new CodecError(`${path}: binary part ${String(i)} is missing`);
  return p;
}

function decodeBinary(t: string, o: Record<string, Json>, parts: readonly Uint8Array[], path: string): unknown {
  const bytes = partOf(o, parts, path);
  // A fresh, exactly sized buffer: the result owns its bytes and is aligned for any element size.
  const buffer = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  if (t === 'ArrayBuffer') return buffer;
  if (t === 'DataView') return new DataView(buffer);
  if (!(t in TYPED)) throw new CodecError(`${path}: unknown tag ${t}`);
  const Ctor = TYPED[t as TypedName];
  if (buffer.byteLength % Ctor.BYTES_PER_ELEMENT !== 0)
    throw new CodecError(`${path}: ${buffer.byteLength} bytes is not a whole number of ${t} elements`);
  return new Ctor(buffer);
}

function decodeTagged(o: Record<string, Json>, parts: readonly Uint8Array[], path: string): unknown {
  const t = o.$t;
  switch (t) {
    case 'undefined':
      return undefined;
    case 'number':
      if (o.v !== 'NaN' && o.v !== 'Infinity' && o.v !== '-Infinity' && o.v !== '-0')
        throw new CodecError(`${path}: bad number ${String(o.v)}`);
      return Number(o.v);
    case 'bigint':
      return BigInt(o.v as string);
    case 'Date':
      return new Date(decodeFrom(o.v ?? null, parts, path) as number);
    case 'Map':
      if (!Array.isArray(o.v)) throw new CodecError(`${path}: bad Map`);
      return new Map(
        o.v.map((kv, i) => {
          if (!Array.isArray(kv) || kv.length !== 2) throw new CodecError(`${path}<${i}>: bad Map entry`);
          return [decodeFrom(kv[0]!, parts, `${path}<key ${i}>`), decodeFrom(kv[1]!, parts, `${path}<${i}>`)];
        }),
      );
    case 'Set':
      if (!Array.isArray(o.v)) throw new CodecError(`${path}: bad Set`);
      return new Set(o.v.map((v, i) => decodeFrom(v, parts, `${path}<${i}>`)));
    case 'Object': {
      const v = o.v;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new CodecError(`${path}: bad Object`);
      return decodePlain(v, parts, path);
    }
    default:
      return decodeBinary(String(t), o, parts, path);
  }
}

function decodePlain(json: { [k: string]: Json }, parts: readonly Uint8Array[], path: string): unknown {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(json)) setOwn(out, k, decodeFrom(json[k]!, parts, `${path}.${k}`));
  return out;
}

function decodeFrom(json: Json, parts: readonly Uint8Array[], path: string): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map((v, i) => decodeFrom(v, parts, `${path}[${i}]`));
  return Object.hasOwn(json, '$t') ? decodeTagged(json, parts, path) : decodePlain(json, parts, path);
}

/** JSON text + binary parts → the stored record. Throws CodecError on anything malformed. */
export function decodeRecord(json: string, parts: readonly Uint8Array[], path = '$'): unknown {
  let parsed: Json;
  try {
    parsed = JSON.parse(json) as Json;
  } catch (e) {
    throw new CodecError(`${path}: malformed JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return decodeFrom(parsed, parts, path);
  } catch (e) {
    if (e instanceof CodecError) throw e;
    throw new CodecError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
