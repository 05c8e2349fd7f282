// The workspace record codec: every structured-clone value the stores hold comes back identical, typed arrays as raw
// bytes in binary parts (a view only its own bytes), and malformed input is a CodecError, never a wrong value.
import { describe, expect, it } from 'vitest';
import { CodecError, decodeRecord, encodeRecord } from '../../../src/core/workspace/codec.ts';

const roundTrip = (v: unknown) => {
  const { json, parts } = encodeRecord(v);
  return decodeRecord(json, parts);
};

describe('record codec', () => {
  it('round-trips numbers JSON cannot hold, containers, dates and typed arrays bit for bit', () => {
    const backing = new Float64Array([9, 1, NaN, -0, 1e-300, 7]);
    const value = {
      nan: NaN,
      negZero: -0,
      inf: [Infinity, -Infinity],
      undef: undefined,
      big: 12345678901234567890n,
      date: new Date(1_700_000_000_000),
      map: new Map<unknown, unknown>([['a', new Int32Array([1, -1])]]),
      set: new Set(['x', 2]),
      view: backing.subarray(1, 5),
      buf: new Uint8Array([1, 2, 3]).buffer,
      f32: new Float32Array([0.1, -2.5]),
      tagged: { $t: 'not a tag' },
      ['__proto__']: 'own key',
      中文: '值',
    };
    Object.defineProperty(value, '__proto__', { value: 'own key', enumerable: true });
    const { json, parts } = encodeRecord(value);
    // The subarray travels as its own 32 bytes, not its 48-byte backing buffer.
    expect(parts.map((p) => p.byteLength).sort((a, b) => a - b)).toEqual([3, 8, 8, 32]);
    expect(json).not.toContain('1e-300');
    const back = decodeRecord(json, parts) as typeof value;
    expect(back).toStrictEqual({ ...value, view: new Float64Array([1, NaN, -0, 1e-300]) });
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect(new Uint8Array(back.view.buffer)).toEqual(new Uint8Array(backing.buffer, 8, 32));
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
  });

  it('refuses what it cannot carry instead of dropping it', () => {
    expect(() => encodeRecord({ f: () => 1 })).toThrow(/cannot encode a function/);
    expect(() => encodeRecord({ b: new (class Foo {})() })).toThrow(/Foo/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => encodeRecord([1, , 3])).toThrow(/sparse/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeRecord(cyclic)).toThrow(/cyclic/);
  });

  it('malformed input is a CodecError', () => {
    expect(() => decodeRecord('{"a": ', [])).toThrow(CodecError);
    expect(() => decodeRecord('{"$t":"Float64Array","bin":0}', [])).toThrow(/missing/);
    expect(() => decodeRecord('{"$t":"Float64Array","bin":0}', [new Uint8Array(3)])).toThrow(/whole number/);
    expect(() => decodeRecord('{"$t":"number","v":"12"}', [])).toThrow(CodecError);
    expect(() => decodeRecord('{"$t":"Evil","bin":0}', [new Uint8Array(8)])).toThrow(/unknown tag/);
    expect(roundTrip({ a: [1, 'x', null, true] })).toStrictEqual({ a: [1, 'x', null, true] });
  });
});
