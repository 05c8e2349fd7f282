// The recommender trust guard: on planted noise (ratings or interactions with no structure) the result says "no usable
// signal" with the reason and the baseline serves (its lists, no personal reasons); on planted structure it does not.
import { describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/ratings.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import type { RoleMap } from '../../../src/core/data/table.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { runRecommend } from '../../../src/core/recommend/run.ts';
import { recommendSummary } from '../../../src/core/recommend/job.ts';
import { recommendForUser } from '../../../src/core/recommend/serve.ts';
import { rng } from '../../../src/core/random.ts';
import { sayEn } from '../../../src/cli/say.ts';

/** Every customer rates random items with uniformly random stars (or just picks random items): nothing to learn. */
function noise(seed: number, withRating: boolean): string {
  const r = rng(seed);
  const lines = [withRating ? 'member,film,score' : 'member,film'];
  for (let u = 0; u < 300; u++) {
    const seen = new Set<number>();
    while (seen.size < 25) seen.add(Math.floor(r() * 200));
    for (const i of seen) lines.push(withRating ? `m${u},f${i},${1 + Math.floor(r() * 5)}` : `m${u},f${i}`);
  }
  return lines.join('\n') + '\n';
}

const ROLES: RoleMap = { member: 'customer_id', film: 'item_id', score: 'rating' };
const load = async (csv: string, roles: RoleMap) =>
  (await ingestCsv(textSource(csv), silentContext(), { pii: { disabled: true }, roles })).table;
const GRID = [{ factors: 16, reg: 10, alpha: 2, regExponent: 0 }];

describe('trust guard', () => {
  it('random ratings: no usable signal against biases-only; the biases baseline serves, with no personal reasons', async () => {
    const res = await runRecommend(await load(noise(1, true), ROLES), ROLES, { k: 10 }, silentContext());
    expect(res.mode).toBe('explicit');
    expect(res.signal).toMatchObject({ usable: false, baseline: 'biases', metric: 'RMSE' });
    expect(sayEn(res.signal!.reason)).toMatch(/^No usable signal/);
    expect(res.served).toBe('biases');
    expect(res.bundle.model.kind).toBe('biases');
    const recs = recommendForUser(res.bundle, 'm0', 5);
    expect(recs.every((x) => x.because.length === 0 && !/because you/.test(sayEn(x.reason)))).toBe(true);
    // History lists the verdict with the run
    expect(recommendSummary(res).summary.metrics.signal).toBe('no usable signal');
  });

  it('random interactions: no usable signal against most-popular; most-popular serves', async () => {
    const roles: RoleMap = { member: 'customer_id', film: 'item_id' };
    const res = await runRecommend(await load(noise(2, false), roles), roles, { grid: GRID }, silentContext());
    expect(res.mode).toBe('implicit');
    expect(res.signal).toMatchObject({ usable: false, baseline: 'popular', metric: 'NDCG@10' });
    expect(res.served).toBe('popular');
    expect(recommendForUser(res.bundle, 'm3', 5).every((x) => /^popular/.test(sayEn(x.reason)))).toBe(true);
  });

  it('planted taste factors: usable, the best model serves and the reason names the margin', async () => {
    const csv = generate(5, { users: 150, items: 120, perUser: 40 }).files[0]!.csv;
    const roles: RoleMap = { customer_id: 'customer_id', item_id: 'item_id', rating: 'rating' };
    const res = await runRecommend(await load(csv, roles), roles, {}, silentContext());
    expect(res.signal!.usable).toBe(true);
    expect(res.signal!.value).toBeLessThan(res.signal!.baselineValue);
    expect(res.signal!.gain).toBeGreaterThan(2 * res.signal!.se);
    expect(sayEn(res.signal!.reason)).toMatch(/beats the baseline “Biases only \(ALS\)” \(RMSE/);
    expect(res.served).toBe(res.best);
  });
});
