// A customer table without an id segments by row: row numbers are the ids and the result says so; with an id the
// ids are the customers' own and no such note appears.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { rng } from '../../../src/core/random.ts';
import { runSegmentation } from '../../../src/core/segments/run.ts';

beforeAll(() => initNodeBackend());

/** Two planted groups of customers: young low spenders and older high spenders, shuffled. */
function customers(n: number) {
  const r = rng(4);
  return Array.from({ length: n }, (_, i) => {
    const high = r() < 0.5;
    return {
      cust: `K-${1000 + i}`,
      age: Math.round((high ? 55 : 25) + 4 * (r() - 0.5)),
      income: Math.round((high ? 90 : 30) + 6 * (r() - 0.5)),
      club: high ? 'gold' : 'basic',
    };
  });
}
/** The by-row note of a 300-row table: worded (older builds) or as its message key with the row count. */
const byRowNote = (n: unknown) =>
  typeof n === 'string'
    ? /No customer id column: segmented by row — each of the 300 rows is one customer/.test(n)
    : (n as { key?: string }).key === 'seg_note_by_row' && (n as { params?: { rows?: number } }).params?.rows === 300;
const types = { cust: 'id', age: 'integer', income: 'integer', club: 'categorical' } as const;

describe('segmentation by row', () => {
  it('without an id: row numbers 1…n as ids, the planted groups found, and a note that says so', async () => {
    const rows = customers(300);
    const table = tableFromRecords(
      rows.map(({ cust: _c, ...rest }) => rest),
      { age: 'integer', income: 'integer', club: 'categorical' },
    );
    const res = await runSegmentation(
      table,
      { age: 'numeric', income: 'amount', club: 'categorical' },
      { k: 2, seed: 1 },
    );
    expect(res.customers).toHaveLength(300);
    expect(res.customers.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(res.notes.filter(byRowNote)).toHaveLength(1);
    // Rows of the same planted group share a segment.
    const groupOf = rows.map((r) => r.club);
    const seg = Array.from(res.labels);
    const agree = seg.filter((s, i) => (s === seg[0]) === (groupOf[i] === groupOf[0])).length;
    expect(agree).toBe(300);
  });

  it('with an id: the customers are the ids, no by-row note', async () => {
    const table = tableFromRecords(customers(120), types);
    const res = await runSegmentation(
      table,
      { cust: 'customer_id', age: 'numeric', club: 'categorical' },
      { k: 2, seed: 1 },
    );
    expect(res.customers[0]).toBe('K-1000');
    expect(res.notes.filter(byRowNote)).toHaveLength(0);
  });
});
