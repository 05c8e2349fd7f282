// Feature hashing: MurmurHash3 (x86, 32-bit) of the UTF-8 bytes of "column=value", masked into 2^bits buckets.

const C1 = 0xcc9e2d51,
  C2 = 0x1b873593;

const utf8 = new TextEncoder();

function mixK(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/** MurmurHash3_x86_32 of `bytes` with `seed`, as an unsigned 32-bit integer (Appleby's reference). */
export function murmur3(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  const n = bytes.length;
  const body = n & ~3;
  for (let i = 0; i < body; i += 4) {
    const k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h ^= mixK(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = n & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= bytes[body + 2]! << 16;
    if (rest >= 2) k ^= bytes[body + 1]! << 8;
    k ^= bytes[body]!;
    h ^= mixK(k);
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function murmur3String(s: string, seed: number): number {
  return murmur3(utf8.encode(s), seed);
}

/** The bucket of one level: hash of "column=value" in [0, 2^bits). */
export function bucketOf(column: string, value: string, bits: number, seed: number): number {
  return murmur3String(`${column}=${value}`, seed) & ((1 << bits) - 1);
}

export const MIN_BITS = 10;
export const MAX_BITS = 20;

/**
 * Bucket bits for `levels` distinct levels: the smallest k with 2^k ≥ 32·levels (clamped to [10, 20]), so a level
 * shares its bucket with another with probability ≈ levels / 2^k ≤ 1/32 (about 3 %; the expected number of
 * colliding pairs is levels² / 2^(k+1)).
 */
export function bitsFor(levels: number): number {
  const k = Math.ceil(Math.log2(Math.max(1, 32 * levels)));
  return Math.min(MAX_BITS, Math.max(MIN_BITS, k));
}

/** Levels that land in an already-used bucket: Σ over buckets of (levels in it − 1). */
export function countCollisions(buckets: ArrayLike<number>): number {
  const seen = new Set<number>();
  let c = 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    if (seen.has(b)) c++;
    else seen.add(b);
  }
  return c;
}
