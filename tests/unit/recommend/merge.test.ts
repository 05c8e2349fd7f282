// Duplicate (customer, item) rows are merged before any split: no pair sits in both train and test for the random,
// time and leave-last-out splits, the merged values follow the stated rule, and the result says how many were merged.
import { describe, expect, it } from 'vitest';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import type { RoleMap } from '../../../src/core/data/table.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { readEvents, resolveColumns, type FeedbackMode } from '../../../src/core/recommend/interactions.ts';
import { mergeDuplicates } from '../../../src/core/recommend/merge.ts';
import { runRecommend } from '../../../src/core/recommend/run.ts';
import { splitInteractions } from '../../../src/core/recommend/run-split.ts';
import { splitEvents, type SplitSpec } from '../../../src/core/recommend/split.ts';
import { rng } from '../../../src/core/random.ts';
import { sayEn } from '../../../src/cli/say.ts';

/** 80 customers × ~12 items each; a third of the pairs come back later (a re-rating / a repeat purchase). */
function planted(): { csv: string; rows: number; pairs: number; dupRows: number; dupPairs: number } {
  const r = rng(9);
  const lines = ['shopper;sku;stars;qty;day'];
  let dupRows = 0;
  let dupPairs = 0;
  let pairs = 0;
  for (let u = 0; u < 80; u++) {
    const items = new Set<number>();
    while (items.size < 12) items.add(Math.floor(r() * 50));
    let day = 1;
    for (const i of items) {
      pairs++;
      day += 1 + Math.floor(r() * 3);
      lines.push(`s${u};item-${i};${1 + Math.floor(r() * 5)};${1 + Math.floor(r() * 3)};${day}`);
      if (r() < 0.33) {
        const again = 1 + Math.floor(r() * 2);
        dupPairs++;
        dupRows += again;
        for (let a = 0; a < again; a++)
          lines.push(`s${u};item-${i};${1 + Math.floor(r() * 5)};1;${day + 5 + Math.floor(r() * 40)}`);
      }
    }
  }
  return { csv: lines.join('\n') + '\n', rows: lines.length - 1, pairs, dupRows, dupPairs };
}

const ROLES: RoleMap = { shopper: 'customer_id', sku: 'item_id', stars: 'rating', qty: 'quantity', day: 'timestamp' };
const file = planted();
const table = async () =>
  (await ingestCsv(textSource(file.csv), silentContext(), { pii: { disabled: true }, roles: ROLES })).table;

const SPLITS: SplitSpec[] = [
  { kind: 'random', testFraction: 0.25, seed: 3 },
  { kind: 'time', testFraction: 0.25 },
  { kind: 'leave-last-out' },
];

/** "user item" keys of the train matrix and of the test pairs that map into it. */
function overlap(tt: ReturnType<typeof splitInteractions>): number {
  const train = new Set<string>();
  for (let u = 0; u < tt.train.users.length; u++)
    for (let p = tt.train.indptr[u]!; p < tt.train.indptr[u + 1]!; p++) train.add(`${u} ${tt.train.indices[p]}`);
  let both = 0;
  for (let t = 0; t < tt.test.user.length; t++) if (train.has(`${tt.test.user[t]} ${tt.test.item[t]}`)) both++;
  return both;
}

describe('duplicate (customer, item) pairs', () => {
  it('the planted file has duplicates that a row-level split would put on both sides', async () => {
    const t = await table();
    expect(t.rowCount).toBe(file.rows);
    const ev = readEvents(t, resolveColumns(t, ROLES, 'explicit'), 'explicit');
    const { train, test } = splitEvents(ev, SPLITS[0]!);
    const key = (r: number) => `${ev.user[r]} ${ev.item[r]}`;
    const inTrain = new Set(Array.from(train, key));
    // without the merge, some test rows are twins of train rows: the class this guards against is real here
    expect(Array.from(test, key).filter((k) => inTrain.has(k)).length).toBeGreaterThan(20);
  });

  for (const mode of ['explicit', 'implicit'] as FeedbackMode[])
    for (const split of SPLITS)
      it(`${mode}, ${split.kind} split: no pair is in both train and test`, async () => {
        const t = await table();
        const cols = resolveColumns(t, ROLES, mode);
        const tt = splitInteractions(t, cols, mode, mode === 'explicit' ? 'binary' : 'count', { split });
        expect(tt.merged).toMatchObject({ rows: file.dupRows, pairs: file.dupPairs });
        expect(tt.ev.user.length).toBe(file.pairs);
        expect(tt.test.user.length).toBeGreaterThan(40);
        expect(overlap(tt)).toBe(0);
      });

  it('explicit pairs keep the mean rating; implicit pairs the summed quantity and row count; first time', async () => {
    const t = await table();
    const ex = readEvents(t, resolveColumns(t, ROLES, 'explicit'), 'explicit');
    const { ev, merged } = mergeDuplicates(ex, 'explicit');
    expect(merged!.rule).toBe('mean-rating');
    // recompute from the raw rows for every merged pair
    const by = new Map<string, { r: number[]; q: number[]; t: number[] }>();
    for (let k = 0; k < ex.user.length; k++) {
      const key = `${ex.user[k]} ${ex.item[k]}`;
      const e = by.get(key) ?? { r: [], q: [], t: [] };
      e.r.push(ex.rating![k]!);
      e.q.push(ex.quantity![k]!);
      e.t.push(ex.time![k]!);
      by.set(key, e);
    }
    let checked = 0;
    for (let k = 0; k < ev.user.length; k++) {
      const e = by.get(`${ev.user[k]} ${ev.item[k]}`)!;
      expect(ev.rating![k]).toBeCloseTo(e.r.reduce((a, b) => a + b) / e.r.length, 9);
      expect(ev.quantity![k]).toBe(e.q.reduce((a, b) => a + b));
      expect(ev.count![k]).toBe(e.r.length);
      expect(ev.time![k]).toBe(Math.min(...e.t));
      if (e.r.length > 1) checked++;
    }
    expect(checked).toBe(file.dupPairs);
    expect(mergeDuplicates(ev, 'explicit').merged).toBeNull();
  });

  it('the result and its notes say how many rows were merged and how', async () => {
    const t = await table();
    const res = await runRecommend(
      t,
      ROLES,
      {
        mode: 'implicit',
        split: { kind: 'leave-last-out' },
        k: 5,
        grid: [{ factors: 8, reg: 5, alpha: 2, regExponent: 0 }],
      },
      silentContext(),
    );
    expect(res.split.merged).toEqual({ rows: file.dupRows, pairs: file.dupPairs, rule: 'summed' });
    const said = res.notes!.map(sayEn).join(' ');
    expect(res.notes).toEqual([{ key: 'rec_note_merged_sum', params: { rows: file.dupRows, pairs: file.dupPairs } }]);
    expect(said).toMatch(/^Duplicate rows merged before the split: [\d,]+, from [\d,]+ \(customer, item\) pairs/);
    expect(said).toMatch(/sum of its quantities/);
  });
});
