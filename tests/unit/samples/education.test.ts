// Education sample: the recommender trained on the planted enrolments beats most-popular on NDCG@10 and recommends
// mostly inside each learner's planted topics (most-popular cannot: it ignores who the learner is).
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/education.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { recommendOptions } from '../../../src/core/recommend/job.ts';
import { runRecommend, type RecommendResult } from '../../../src/core/recommend/run.ts';
import { recommendForUser } from '../../../src/core/recommend/serve.ts';

const SEED = 20261128;
const K = 10;
let sample: ReturnType<typeof generate>;
let result: RecommendResult;
let seconds: number;

beforeAll(async () => {
  sample = generate(SEED);
  const ing = await ingestCsv(textSource(sample.files[0]!.csv), silentContext(), { pii: { disabled: true } });
  // learner_id / course_id are not names role inference knows: map them as a user would on the Data page
  const roles = { ...ing.roles, learner_id: 'customer_id', course_id: 'item_id' } as typeof ing.roles;
  const t0 = performance.now();
  result = await runRecommend(
    ing.table,
    roles,
    recommendOptions({
      kind: 'recommend',
      datasetId: 'education',
      split: 'random',
      grid: 'quick',
      mode: 'implicit',
      seed: 1,
    }),
    silentContext(),
  );
  seconds = (performance.now() - t0) / 1000;
});

/** Share of top-K lists (over the first `n` learners) whose items are in the learner's planted topics. */
function inTopicShare(list: (user: string) => string[], n = 400): number {
  const { courseTopic, learnerTopics } = sample.truth;
  let hit = 0;
  let total = 0;
  for (const user of result.bundle.history.users.slice(0, n)) {
    for (const item of list(user)) {
      total++;
      if (learnerTopics[user]!.includes(courseTopic[item]!)) hit++;
    }
  }
  return hit / total;
}

describe('education sample generator', () => {
  it('is deterministic per seed, differs across seeds, and matches its truth', () => {
    const again = generate(SEED);
    const other = generate(SEED + 1);
    expect(again.files.map((f) => f.csv)).toEqual(sample.files.map((f) => f.csv));
    expect(other.files[0]!.csv).not.toBe(sample.files[0]!.csv);
    const t = sample.truth;
    const rows = sample.files[0]!.csv.trim().split('\n').slice(1);
    expect(rows).toHaveLength(t.enrolments);
    expect(rows.filter((r) => !r.endsWith(','))).toHaveLength(t.ratings);
    expect(sample.files[1]!.csv.trim().split('\n')).toHaveLength(t.courses + 1);
    expect(t.inTopicShare).toBeGreaterThan(0.85);
    for (const f of sample.files) expect(Buffer.byteLength(f.csv)).toBeLessThan(2e6);
  });
});

describe('recommendations on the enrolments', () => {
  it('weighted MF beats most-popular on NDCG@10', () => {
    const score = (name: string) => result.models.find((m) => m.name === name)!;
    console.log(
      `[education] ${seconds.toFixed(1)} s; ` +
        result.models.map((m) => `${m.name} NDCG@${K} ${m.ndcgAtK!.toFixed(4)}`).join(', '),
    );
    expect(result.mode).toBe('implicit');
    expect(result.split.users).toBe(sample.truth.learners);
    expect(score('ials').ndcgAtK!).toBeGreaterThan(2 * score('popular').ndcgAtK!);
    expect(result.served).not.toBe('popular');
  });

  it('recommends mostly within the learner’s planted topics; most-popular does not', () => {
    const served = inTopicShare((u) => recommendForUser(result.bundle, u, K).map((r) => r.item));
    // most-popular: the K most-enrolled courses the learner has not taken
    const h = result.bundle.history;
    const counts = new Float64Array(h.items.length);
    for (const i of h.indices) counts[i]!++;
    const order = Array.from(h.items.keys()).sort((a, b) => counts[b]! - counts[a]!);
    const popular = inTopicShare((u) => {
      const k = h.users.indexOf(u);
      const seen = new Set(h.indices.subarray(h.indptr[k]!, h.indptr[k + 1]!));
      return order
        .filter((i) => !seen.has(i))
        .slice(0, K)
        .map((i) => h.items[i]!);
    });
    console.log(
      `[education] in-topic share of top-${K}: served ${served.toFixed(3)}, most-popular ${popular.toFixed(3)}`,
    );
    expect(served).toBeGreaterThan(0.85);
    expect(popular).toBeLessThan(0.4);
  });
});
