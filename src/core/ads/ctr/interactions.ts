// The FM's learned factor pairs: double-centred pairwise effects <v_a, v_b> per pair of fields, strongest first.
import { pairEffect } from './fm.ts';
import type { CtrEncoding, CtrInteraction, CtrWeights } from './types.ts';

/** Train share of every level of every field (codes [n × fields]). */
export function levelShares(enc: CtrEncoding, codes: Int32Array): Float64Array[] {
  const F = enc.fields.length;
  const n = codes.length / F;
  return enc.fields.map((field, f) => {
    const s = new Float64Array(field.levels.length);
    for (let i = 0; i < n; i++) s[codes[i * F + f]!]! += 1 / n;
    return s;
  });
}

/**
 * The centred interaction matrix of fields fa × fb: I_ab = <v_a, v_b> minus its share-weighted row and column means
 * plus the grand mean, so what is left is the part no main effect can express (a planted interaction written as
 * such a contrast is recovered as is). Levels with no training rows are left out (NaN).
 */
export function centredPair(w: CtrWeights, enc: CtrEncoding, shares: Float64Array[], fa: number, fb: number) {
  const A = enc.fields[fa]!,
    B = enc.fields[fb]!;
  const pa = shares[fa]!,
    pb = shares[fb]!;
  const width = w.factors + 1;
  const m = A.levels.map((_, a) => B.levels.map((_, b) => pairEffect(w.theta, width, A.buckets[a]!, B.buckets[b]!)));
  const rowMean = m.map((row) => row.reduce((s, v, b) => s + v * pb[b]!, 0));
  const colMean = B.levels.map((_, b) => m.reduce((s, row, a) => s + row[b]! * pa[a]!, 0));
  const grand = rowMean.reduce((s, v, a) => s + v * pa[a]!, 0);
  return m.map((row, a) => row.map((v, b) => (pa[a]! > 0 && pb[b]! > 0 ? v - rowMean[a]! - colMean[b]! + grand : NaN)));
}

/** Every field pair's strength √(Σ π_a π_b I_ab²) and its `top` largest cells, strongest pair first. */
export function fmInteractions(w: CtrWeights, enc: CtrEncoding, codes: Int32Array, top = 6): CtrInteraction[] {
  const shares = levelShares(enc, codes);
  const out: CtrInteraction[] = [];
  for (let fa = 0; fa < enc.fields.length; fa++)
    for (let fb = fa + 1; fb < enc.fields.length; fb++) {
      const c = centredPair(w, enc, shares, fa, fb);
      const A = enc.fields[fa]!,
        B = enc.fields[fb]!;
      let ss = 0;
      const cells: CtrInteraction['cells'] = [];
      c.forEach((row, a) =>
        row.forEach((v, b) => {
          if (Number.isNaN(v)) return;
          ss += shares[fa]![a]! * shares[fb]![b]! * v * v;
          cells.push({ a: A.levels[a]!, b: B.levels[b]!, effect: v });
        }),
      );
      cells.sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect));
      out.push({ a: A.name, b: B.name, strength: Math.sqrt(ss), cells: cells.slice(0, top) });
    }
  return out.sort((x, y) => y.strength - x.strength);
}
