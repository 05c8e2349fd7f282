// Interaction matrix building (dense maps over sparse ids, aggregation), splits, and actionable errors.
import { describe, expect, it } from 'vitest';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import {
  aggregate,
  mapPairs,
  readEvents,
  resolveColumns,
  toMatrix,
  transpose,
} from '../../../src/core/recommend/interactions.ts';
import { holdOutPerUser, splitEvents } from '../../../src/core/recommend/split.ts';
import { JobError } from '../../../src/core/jobs.ts';

const rows = [
  { cust: '17850.0', sku: '193609', qty: 6, when: '2010-12-01T08:00:00Z', desc: 'WHITE LANTERN' },
  { cust: '17850.0', sku: '7', qty: 2, when: '2010-12-02T08:00:00Z', desc: 'HEART' },
  { cust: '17850.0', sku: '193609', qty: -6, when: '2010-12-03T08:00:00Z', desc: 'WHITE LANTERN' },
  { cust: '', sku: '7', qty: 1, when: '2010-12-03T08:00:00Z', desc: 'HEART' },
  { cust: '13047', sku: '7', qty: 3, when: '2010-12-01T09:00:00Z', desc: 'HEART' },
  { cust: '13047', sku: '85123A', qty: 1, when: '2010-12-05T09:00:00Z', desc: 'T-LIGHT' },
  { cust: '13047', sku: '85123A', qty: 4, when: '2010-12-05T09:00:00Z', desc: 'T-LIGHT' },
];
const table = tableFromRecords(rows, { cust: 'id', sku: 'id', qty: 'integer', when: 'date', desc: 'text' });
const roles = { cust: 'customer_id', sku: 'item_id', qty: 'quantity', when: 'timestamp', desc: 'text' } as const;

describe('interactions', () => {
  it('maps sparse ids to dense indices, normalises float-text ids and finds the name column', () => {
    const cols = resolveColumns(table, { ...roles }, 'implicit');
    expect(cols).toMatchObject({ user: 'cust', item: 'sku', quantity: 'qty', time: 'when', itemName: 'desc' });
    const ev = readEvents(table, cols, 'implicit');
    expect(ev.userIds).toEqual(['17850', '13047']);
    expect(ev.itemIds).toEqual(['193609', '7', '85123A']);
    expect(ev.itemNames).toEqual(['WHITE LANTERN', 'HEART', 'T-LIGHT']);
    expect(ev.dropped).toBe(1);
    expect(ev.returns).toBe(1);
    expect(ev.user.length).toBe(5);
  });

  it('aggregates repeats into binary, count or log(1 + total quantity) strengths', () => {
    const ev = readEvents(table, resolveColumns(table, { ...roles }, 'implicit'), 'implicit');
    const all = Int32Array.from({ length: ev.user.length }, (_, r) => r);
    const bin = toMatrix(ev, aggregate(ev, all, 'implicit', 'binary'));
    expect(bin.users).toEqual(['17850', '13047']);
    // 17850 bought 193609 and 7 (the return line is gone); 13047 bought 7 and 85123A twice
    expect([...bin.indptr]).toEqual([0, 2, 4]);
    expect([...bin.values]).toEqual([1, 1, 1, 1]);
    expect([...toMatrix(ev, aggregate(ev, all, 'implicit', 'count')).values]).toEqual([1, 1, 1, 2]);
    const log = toMatrix(ev, aggregate(ev, all, 'implicit', 'log-quantity'));
    expect(log.items).toEqual(['193609', '7', '85123A']);
    expect([...log.values].map((v) => +v.toFixed(5))).toEqual([6, 2, 3, 5].map((q) => +Math.log1p(q).toFixed(5)));
    const t = transpose(log);
    expect(t.users).toEqual(['193609', '7', '85123A']);
    expect([...t.indptr]).toEqual([0, 1, 3, 4]);
  });

  it('leave-last-out keeps a basket together and never empties train', () => {
    const ev = readEvents(table, resolveColumns(table, { ...roles }, 'implicit'), 'implicit');
    const s = splitEvents(ev, { kind: 'leave-last-out' });
    // 17850: its last row (7, on 12-02) is test; 13047: the two 12-05 rows (one basket) are test
    expect([...s.test].map((r) => ev.itemIds[ev.item[r]!])).toEqual(['7', '85123A', '85123A']);
    expect(s.train.length + s.test.length).toBe(ev.user.length);
    const r = splitEvents(ev, { kind: 'random', testFraction: 0.5, seed: 3 });
    expect(r.test.length).toBe(3);
    expect(r.train.length).toBe(2);
    expect([...splitEvents(ev, { kind: 'random', testFraction: 0.5, seed: 3 }).test]).toEqual([...r.test]);
  });

  it('maps test pairs into the train index space with −1 for unseen users/items', () => {
    const ev = readEvents(table, resolveColumns(table, { ...roles }, 'implicit'), 'implicit');
    const train = toMatrix(ev, aggregate(ev, [0, 1], 'implicit', 'binary'));
    const test = mapPairs(ev, aggregate(ev, [2, 3], 'implicit', 'binary'), train);
    expect([...test.user]).toEqual([-1, -1]);
    expect([...test.item]).toEqual([1, -1]);
  });

  it('per-user hold-out keeps at least one train item and the same index space', () => {
    const ev = readEvents(table, resolveColumns(table, { ...roles }, 'implicit'), 'implicit');
    const m = toMatrix(
      ev,
      aggregate(
        ev,
        Int32Array.from({ length: 5 }, (_, r) => r),
        'implicit',
        'binary',
      ),
    );
    const { train, valid } = holdOutPerUser(m, 0.5, 1);
    expect(train.items).toBe(m.items);
    expect([...train.indptr]).toEqual([0, 1, 2]);
    expect([...valid.indptr]).toEqual([0, 1, 2]);
  });

  it('explains missing roles and non-numeric ratings', () => {
    expect(() => resolveColumns(table, { cust: 'customer_id' }, 'implicit')).toThrow(
      /mark one column as "customer id" and one as "item id"/,
    );
    expect(() => resolveColumns(table, { ...roles }, 'explicit')).toThrow(/Explicit mode needs a rating column/);
    const bad = tableFromRecords([{ u: 'a', i: 'b', r: 'five' }], { u: 'id', i: 'id', r: 'categorical' });
    try {
      readEvents(bad, resolveColumns(bad, { u: 'customer_id', i: 'item_id', r: 'rating' }, 'explicit'), 'explicit');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JobError);
      expect((e as JobError).message).toMatch(/rating column `r` is not numeric \(first value: `five` at row 1\)/);
    }
  });
});
