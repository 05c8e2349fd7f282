// Planted-truth acceptance on the generated ratings sample: MF within 10 % of the noise floor, serving (reasons,
// similar items, basket fold-in), reload from plain data, determinism, cancel and progress invariants.
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/ratings.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import type { IngestResult } from '../../../src/core/data/schema.ts';
import { CancelledError, eventContext, silentContext, type JobEvent } from '../../../src/core/jobs.ts';
import { fitExplicitMF } from '../../../src/core/recommend/explicit-mf.ts';
import { aggregate, readEvents, resolveColumns, toMatrix } from '../../../src/core/recommend/interactions.ts';
import { runRecommend, type RecommendResult } from '../../../src/core/recommend/run.ts';
import { recommendForBasket, recommendForUser, similarItems } from '../../../src/core/recommend/serve.ts';
import { sayEn } from '../../../src/cli/say.ts';

const sample = generate(11);

describe('ratings sample generator', () => {
  it('is deterministic and states its truth', () => {
    const again = generate(11);
    expect(again.files[0]!.csv).toBe(sample.files[0]!.csv);
    expect(generate(12).files[0]!.csv).not.toBe(sample.files[0]!.csv);
    const t = sample.truth;
    expect(t).toMatchObject({ users: 500, items: 600, rank: 3, noiseSigma: 0.5 });
    expect(t.ratings).toBeGreaterThan(55_000);
    // the floor is σ plus half-star rounding (var 1/48) minus what clipping at 0.5/5 removes
    expect(t.noiseFloorRmse).toBeGreaterThan(0.46);
    expect(t.noiseFloorRmse).toBeLessThan(Math.sqrt(0.25 + 1 / 48) + 0.01);
    expect(sample.files[0]!.csv.length).toBeLessThan(3_000_000);
    expect(sample.files[0]!.csv.split('\n')[0]).toBe('customer_id,item_id,rating,title');
  });
});

describe('explicit pipeline on the planted sample', () => {
  let ing: IngestResult;
  let r: RecommendResult;
  const events: JobEvent[] = [];
  beforeAll(async () => {
    ing = await ingestCsv(textSource(sample.files[0]!.csv), silentContext(), { pii: { disabled: true } });
    const ctx = eventContext(
      (e) => events.push(e),
      () => false,
      0,
    );
    r = await runRecommend(ing.table, ing.roles, {}, ctx);
    ctx.finish();
  });

  it('MF reaches RMSE within 10 % of the planted noise floor and beats every baseline', () => {
    expect(ing.roles).toMatchObject({ customer_id: 'customer_id', item_id: 'item_id', rating: 'rating' });
    expect(r.mode).toBe('explicit');
    const mf = r.models.find((m) => m.name === 'mf')!;
    expect(mf.rmse!).toBeLessThan(1.1 * sample.truth.noiseFloorRmse);
    expect(r.best).toBe('mf');
    for (const m of r.models.filter((x) => x.baseline)) expect(mf.rmse!).toBeLessThan(m.rmse!);
    expect(r.warnings).toEqual([]);
    expect(r.explicitTraining!.bestEpoch).toBeGreaterThan(1);
  });

  it('reports epochs with train/val loss and monotone progress ending at 100 %', () => {
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.length).toBeGreaterThan(r.explicitTraining!.bestEpoch);
    expect(epochs.some((e) => e.type === 'epoch' && 'val_rmse' in e.logs && 'train_rmse' in e.logs)).toBe(true);
    const prog = events.flatMap((e) => (e.type === 'progress' ? [e.done / e.total] : []));
    for (let k = 1; k < prog.length; k++) expect(prog[k]!).toBeGreaterThanOrEqual(prog[k - 1]!);
    expect(prog.at(-1)).toBe(1);
  });

  it('serves top-N without history items, with reasons, similar items and a folded-in basket', () => {
    const b = r.bundle;
    expect(b.history.indices.length).toBe(sample.truth.ratings); // refitted on every rating for serving
    const recs = recommendForUser(b, 'U001', 10);
    const u = b.history.users.indexOf('U001');
    const own = new Set(
      [...b.history.indices.subarray(b.history.indptr[u]!, b.history.indptr[u + 1]!)].map((i) => b.history.items[i]),
    );
    expect(recs).toHaveLength(10);
    for (const x of recs) {
      expect(own.has(x.item)).toBe(false);
      expect(x.name).toMatch(/^The .+ \(\d{4}\)/);
      expect(sayEn(x.reason)).toMatch(/^because you rated “The .+”( and “The .+”)?$/);
      for (const id of x.because) expect(own.has(id)).toBe(true);
    }
    expect(recs.map((x) => x.score)).toEqual([...recs.map((x) => x.score)].sort((a, c) => c - a));
    const sim = similarItems(b, 'M001', 5);
    expect(sim).toHaveLength(5);
    expect(sim.map((s) => s.item)).not.toContain('M001');
    // a basket of the user's own ratings, folded in, ranks like the trained user factors
    const basket = [...own].map((item) => {
      const i = b.history.items.indexOf(item!);
      const p = b.history.indices.subarray(b.history.indptr[u]!, b.history.indptr[u + 1]!).indexOf(i);
      return { item: item!, value: b.history.values[b.history.indptr[u]! + p]! };
    });
    const folded = recommendForBasket(b, [...basket, { item: 'NOPE' }], 10);
    expect(folded.unknown).toEqual(['NOPE']);
    const overlap = folded.recommendations.filter((x) => recs.some((y) => y.item === x.item)).length / 10;
    expect(overlap).toBeGreaterThanOrEqual(0.7);
    expect(() => recommendForUser(b, 'nobody')).toThrow(/not in the training data/);
    expect(() => recommendForBasket(b, [{ item: 'M001' }])).toThrow(/needs a rating/);
  });

  it('reloads from plain data (structured clone) and recommends identically', () => {
    const copy = structuredClone(r);
    expect(recommendForUser(copy.bundle, 'U042', 10)).toEqual(recommendForUser(r.bundle, 'U042', 10));
    expect(copy.bundle.model.kind).toBe('explicit-mf');
  });
});

describe('determinism and cancel', () => {
  it('same seed → identical MF; another seed → different factors', async () => {
    const small = generate(5, { users: 120, items: 150, perUser: 40 });
    const ing = await ingestCsv(textSource(small.files[0]!.csv), silentContext(), { pii: { disabled: true } });
    const ev = readEvents(ing.table, resolveColumns(ing.table, ing.roles, 'explicit'), 'explicit');
    const m = toMatrix(
      ev,
      aggregate(
        ev,
        Int32Array.from({ length: ev.user.length }, (_, k) => k),
        'explicit',
      ),
    );
    const a = await fitExplicitMF(m, { seed: 3 }, silentContext());
    const b = await fitExplicitMF(m, { seed: 3 }, silentContext());
    const c = await fitExplicitMF(m, { seed: 4 }, silentContext());
    expect(b.model.userFactors).toEqual(a.model.userFactors);
    expect(b.model.itemBias).toEqual(a.model.itemBias);
    expect(b.validRmse).toBe(a.validRmse);
    expect(c.model.userFactors).not.toEqual(a.model.userFactors);
  });

  it('a test table without the training columns is refused with the column names', async () => {
    const small = generate(6, { users: 60, items: 50, perUser: 20 });
    const ing = await ingestCsv(textSource(small.files[0]!.csv), silentContext(), { pii: { disabled: true } });
    const other = await ingestCsv(textSource('client,item_id,rating\nU001,M001,4\n'), silentContext(), {
      pii: { disabled: true },
    });
    await expect(runRecommend(ing.table, ing.roles, { testTable: other.table }, silentContext())).rejects.toThrow(
      /lacks the column `customer_id`/,
    );
  });

  it('a cancelled job throws CancelledError', async () => {
    const small = generate(6, { users: 100, items: 120, perUser: 30 });
    const ing = await ingestCsv(textSource(small.files[0]!.csv), silentContext(), { pii: { disabled: true } });
    let checks = 0;
    await expect(
      runRecommend(
        ing.table,
        ing.roles,
        {},
        silentContext(() => ++checks > 3),
      ),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});
