// Repairs as recorded steps: each returns a new table and the exact number of rows/cells it changed.
import { describe, expect, it } from 'vitest';
import { applyRepair, applyRepairs } from '../../../src/core/data/repairs.ts';
import { getColumn, tableFromRecords } from '../../../src/core/data/table.ts';

const table = tableFromRecords(
  [
    { c: 'a', price: 1, qty: 2 },
    { c: 'b', price: NaN as unknown as number, qty: -1 },
    { c: 'a', price: 3, qty: 2 },
    { c: null, price: 1000, qty: 3 },
    { c: 'a', price: 1, qty: 2 },
    { c: 'b', price: 2, qty: 1 },
    { c: 'a', price: 2, qty: 2 },
  ],
  { c: 'categorical', price: 'decimal', qty: 'integer' },
);
const values = (t: typeof table, name: string) => Array.from((getColumn(t, name) as { values: Float64Array }).values);

describe('repairs', () => {
  it('drop-rows on missing / negative / duplicates', () => {
    const a = applyRepair(table, { op: 'drop-rows', column: 'price' });
    expect(a.applied.affected).toBe(1);
    expect(a.table.rowCount).toBe(6);
    const b = applyRepair(table, { op: 'drop-rows', column: 'qty', where: 'negative' });
    expect(values(b.table, 'qty')).toEqual([2, 2, 3, 2, 1, 2]);
    const d = applyRepair(table, { op: 'drop-rows', where: 'duplicates' });
    expect(d.applied.affected).toBe(1); // row 5 repeats row 1
    expect(d.table.rowCount).toBe(6);
    expect(table.rowCount).toBe(7); // the input is not mutated
  });

  it('impute median / mode', () => {
    const m = applyRepair(table, { op: 'impute-median', column: 'price' });
    expect(values(m.table, 'price')[1]).toBe(2); // median of 1,3,1000,1,2,2
    expect(m.applied.description).toContain('median 2');
    const c = applyRepair(table, { op: 'impute-mode', column: 'c' });
    const col = getColumn(c.table, 'c');
    expect(col.kind === 'categorical' && col.dictionary[col.codes[3]!]).toBe('a');
    expect(c.applied.affected).toBe(1);
  });

  it('cap outliers with explicit and computed fences; treat as missing', () => {
    const capped = applyRepair(table, { op: 'cap-outliers', column: 'price', lower: 0, upper: 10 });
    expect(values(capped.table, 'price')[3]).toBe(10);
    expect(capped.applied.affected).toBe(1);
    const auto = applyRepair(table, { op: 'cap-outliers', column: 'price' });
    expect(values(auto.table, 'price')[3]).toBeLessThan(1000);
    const tm = applyRepair(table, { op: 'treat-as-missing', column: 'qty', where: 'negative' });
    expect(Number.isNaN(values(tm.table, 'qty')[1])).toBe(true);
  });

  it('applies a recorded history in order', () => {
    const { table: t, applied } = applyRepairs(table, [
      { op: 'drop-rows', where: 'duplicates' },
      { op: 'drop-rows', column: 'qty', where: 'negative' },
      { op: 'impute-mode', column: 'c' },
    ]);
    expect(applied.map((a) => a.affected)).toEqual([1, 1, 1]);
    expect(t.rowCount).toBe(5);
    expect(JSON.parse(JSON.stringify(applied))[1].step).toEqual({ op: 'drop-rows', column: 'qty', where: 'negative' });
  });
});
