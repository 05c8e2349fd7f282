// Neighbourhood rating baselines against a direct, unoptimised implementation of their definitions.
import { describe, expect, it } from 'vitest';
import { baseline, fitBiases } from '../../../src/core/recommend/baselines.ts';
import { fromTriples, type MappedPairs } from '../../../src/core/recommend/interactions.ts';
import { predictItemKnn, predictUserKnn } from '../../../src/core/recommend/knn/explicit.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { rng } from '../../../src/core/random.ts';

const rand = rng(4);
const nu = 40;
const ni = 30;
const cells: [number, number, number][] = [];
const test: [number, number, number][] = [];
for (let u = 0; u < nu; u++)
  for (let i = 0; i < ni; i++) {
    const r = rand();
    const rating = Math.round((1 + 4 * rand()) * 2) / 2;
    if (r < 0.35) cells.push([u, i, rating]);
    else if (r < 0.45) test.push([u, i, rating]);
  }
const m = fromTriples(
  Array.from({ length: nu }, (_, k) => `u${k}`),
  Array.from({ length: ni }, (_, k) => `i${k}`),
  Int32Array.from(cells, (c) => c[0]),
  Int32Array.from(cells, (c) => c[1]),
  Float32Array.from(cells, (c) => c[2]),
);
const pairs: MappedPairs = {
  user: Int32Array.from(test, (t) => t[0]),
  item: Int32Array.from(test, (t) => t[1]),
  value: Float32Array.from(test, (t) => t[2]),
};
const b = fitBiases(m);
const R = new Map<string, number>(cells.map(([u, i, r]) => [`${u},${i}`, r]));
const clip = (x: number) => Math.min(b.ratingMax, Math.max(b.ratingMin, x));

function aggregate(cands: [number, number][], k: number): number {
  cands.sort((x, y) => y[0] - x[0]);
  let num = 0;
  let den = 0;
  for (const [s, e] of cands.slice(0, k))
    if (s > 0) {
      num += s * e;
      den += s;
    }
  return den > 0 ? num / den : 0;
}

describe('kNN rating baselines', () => {
  it('user-kNN = shrunk Pearson on baseline residuals over common items, top-k positive neighbours', async () => {
    const fast = await predictUserKnn(m, b, pairs, silentContext(), { k: 5, shrinkage: 10 });
    const res = (u: number, i: number) => R.get(`${u},${i}`)! - baseline(b, u, i);
    test.forEach(([u, i], t) => {
      const cands: [number, number][] = [];
      for (let v = 0; v < nu; v++) {
        if (v === u || !R.has(`${v},${i}`)) continue;
        let pr = 0;
        let su = 0;
        let sv = 0;
        let n = 0;
        for (let j = 0; j < ni; j++)
          if (R.has(`${u},${j}`) && R.has(`${v},${j}`)) {
            pr += res(u, j) * res(v, j);
            su += res(u, j) ** 2;
            sv += res(v, j) ** 2;
            n++;
          }
        const sim = n > 0 && su * sv > 0 ? (pr / Math.sqrt(su * sv)) * ((n - 1) / (n - 1 + 10)) : 0;
        cands.push([sim, res(v, i)]);
      }
      expect(fast[t]!).toBeCloseTo(clip(baseline(b, u, i) + aggregate(cands, 5)), 9);
    });
  });

  it('item-kNN = cosine of full item rating vectors, baseline-centred aggregation over the user’s items', async () => {
    const fast = await predictItemKnn(m, b, pairs, silentContext(), { k: 5 });
    const norm = (i: number) => Math.sqrt(cells.filter((c) => c[1] === i).reduce((s, c) => s + c[2] ** 2, 0));
    test.forEach(([u, i], t) => {
      const cands: [number, number][] = [];
      for (let j = 0; j < ni; j++) {
        if (j === i || !R.has(`${u},${j}`)) continue;
        let dot = 0;
        for (let v = 0; v < nu; v++)
          if (R.has(`${v},${i}`) && R.has(`${v},${j}`)) dot += R.get(`${v},${i}`)! * R.get(`${v},${j}`)!;
        cands.push([dot / (norm(i) * norm(j) || 1), R.get(`${u},${j}`)! - baseline(b, u, j)]);
      }
      expect(fast[t]!).toBeCloseTo(clip(baseline(b, u, i) + aggregate(cands, 5)), 9);
    });
  });
});
