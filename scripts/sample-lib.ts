// Helpers shared by the seeded sample generators in scripts/samples/ (kept out of that folder: every file there is a
// generator that scripts/gen-samples.ts runs).

/** A categorical factor with level frequencies and planted log-odds effects. */
export interface Factor {
  name: string;
  levels: string[];
  freq: number[];
  effect: number[];
}

/** The index drawn by a uniform `u` from a discrete distribution (the last index takes any rounding remainder). */
export function pick(freq: ArrayLike<number>, u: number): number {
  let acc = 0;
  for (let i = 0; i < freq.length; i++) {
    acc += freq[i]!;
    if (u < acc) return i;
  }
  return freq.length - 1;
}
