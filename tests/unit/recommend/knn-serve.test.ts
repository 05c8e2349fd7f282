// The servable explicit item-kNN against the evaluated predictor (predictItemKnn) on data with duplicated items
// (exact similarity ties), both serving paths (per user, item by item), reasons, basket bias, determinism.
import { describe, expect, it } from 'vitest';
import { silentContext } from '../../../src/core/jobs.ts';
import { fitBiases } from '../../../src/core/recommend/baselines.ts';
import { fromTriples, type MappedPairs } from '../../../src/core/recommend/interactions.ts';
import { predictItemKnn } from '../../../src/core/recommend/knn/explicit.ts';
import { explicitKnnScores, fitExplicitKnn, foldUserBias } from '../../../src/core/recommend/knn/servable.ts';
import type { RecommenderBundle } from '../../../src/core/recommend/model.ts';
import { recommendAll, recommendForUser, similarItems } from '../../../src/core/recommend/serve.ts';
import { rng } from '../../../src/core/random.ts';
import { sayEn } from '../../../src/cli/say.ts';

const rand = rng(9);
const nu = 60;
const base = 24;
// items base..base+5 are items 0..5 at half the rating: cosine is scale-free, so their similarities to every other
// item tie exactly with the original's while their residuals differ (the tie-break decides the prediction)
const ni = base + 6;
const cells: [number, number, number][] = [];
const pairs: [number, number, number][] = [];
for (let u = 0; u < nu; u++) {
  const density = u < 20 ? 0.12 : 0.45; // light users (≤ k ratings) and heavy ones
  for (let i = 0; i < base; i++) {
    const r = rand();
    const rating = Math.round((1 + 4 * rand()) * 2) / 2;
    if (r < density) {
      cells.push([u, i, rating]);
      if (i < 6) cells.push([u, base + i, rating / 2]);
    } else if (r < density + 0.15) pairs.push([u, i, rating]);
  }
}
const R = fromTriples(
  Array.from({ length: nu }, (_, k) => `u${k}`),
  Array.from({ length: ni }, (_, k) => `i${k}`),
  Int32Array.from(cells, (c) => c[0]),
  Int32Array.from(cells, (c) => c[1]),
  Float32Array.from(cells, (c) => c[2]),
);
const test: MappedPairs = {
  user: Int32Array.from(pairs, (t) => t[0]),
  item: Int32Array.from(pairs, (t) => t[1]),
  value: Float32Array.from(pairs, (t) => t[2]),
};
const b = fitBiases(R);
const row = (u: number) => ({
  items: R.indices.subarray(R.indptr[u]!, R.indptr[u + 1]!),
  values: R.values.subarray(R.indptr[u]!, R.indptr[u + 1]!),
});

describe('servable explicit item-kNN', () => {
  for (const k of [3, 8]) {
    it(`scores every test pair as predictItemKnn does (k ${k}, light and heavy users, tied similarities)`, async () => {
      const evaluated = await predictItemKnn(R, b, test, silentContext(), { k });
      const m = await fitExplicitKnn(R, b, silentContext(), k);
      const out = new Float64Array(ni);
      let light = 0;
      for (let u = 0; u < nu; u++) {
        const h = row(u);
        if (h.items.length <= k) light++;
        explicitKnnScores(m, R, h.items, h.values, b.userBias[u]!, out);
        for (let t = 0; t < test.user.length; t++) {
          if (test.user[t] !== u) continue;
          const served = Math.min(b.ratingMax, Math.max(b.ratingMin, out[test.item[t]!]!));
          expect(Math.abs(served - evaluated[t]!)).toBeLessThan(1e-9);
        }
      }
      expect(light).toBeGreaterThan(5);
      expect(light).toBeLessThan(nu - 5);
    });
  }

  it('ranks identically per user and item by item; reasons name positively contributing rated items', async () => {
    const m = await fitExplicitKnn(R, b, silentContext(), 8);
    const bundle: RecommenderBundle = {
      schemaVersion: 1,
      mode: 'explicit',
      strength: 'binary',
      model: m,
      history: R,
      itemNames: null,
      verb: 'rated',
    };
    const all = recommendAll(bundle, 5);
    expect(all).toHaveLength(nu * 5);
    let explained = 0;
    for (let u = 0; u < nu; u++) {
      const recs = recommendForUser(bundle, `u${u}`, 5);
      const rows = all.filter((x) => x.user === `u${u}`);
      expect(rows.map((x) => x.item)).toEqual(recs.map((x) => x.item));
      const own = new Set([...row(u).items].map((i) => `i${i}`));
      recs.forEach((x, r) => {
        expect(Math.abs(rows[r]!.score - x.score)).toBeLessThan(1e-9);
        expect(rows[r]!.reason).toEqual(x.reason);
        expect(own.has(x.item)).toBe(false);
        for (const id of x.because) expect(own.has(id)).toBe(true);
        if (x.because.length) {
          explained++;
          expect(sayEn(x.reason)).toBe(`because you rated ${x.because.map((id) => `“${id}”`).join(' and ')}`);
        }
      });
    }
    expect(explained).toBeGreaterThan(nu * 2);
    // similar items = the stored neighbour list; an item's copy is its most similar item (cosine 1)
    expect(similarItems(bundle, 'i2', 3)[0]).toMatchObject({ item: `i${base + 2}` });
    expect(similarItems(bundle, 'i2', 3)[0]!.score).toBeCloseTo(1, 6);
  });

  it('folds a basket’s ratings into a user bias as the fitted ALS user step does; fits deterministically', async () => {
    const m = await fitExplicitKnn(R, b, silentContext());
    for (const u of [0, 25, 59]) expect(foldUserBias(m, row(u).items, row(u).values)).toBeCloseTo(b.userBias[u]!, 5);
    const again = await fitExplicitKnn(R, fitBiases(R), silentContext());
    expect(again).toEqual(m);
    const out1 = new Float64Array(ni);
    const out2 = new Float64Array(ni);
    explicitKnnScores(m, R, row(30).items, row(30).values, b.userBias[30]!, out1);
    explicitKnnScores(again, R, row(30).items, row(30).values, b.userBias[30]!, out2);
    expect(out2).toEqual(out1);
  });
});
