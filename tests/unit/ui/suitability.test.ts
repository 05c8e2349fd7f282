// Every page lists every dataset: what each page says of a dataset it cannot use as it is, and the fix it offers.
import { describe, expect, it } from 'vitest';
import type { DatasetRecord } from '../../../src/core/data/dataset-record.ts';
import type { ColumnSummary } from '../../../src/core/data/schema.ts';
import type { Role } from '../../../src/core/data/table.ts';
import {
  adsSuitability,
  pickDefault,
  propensitySuitability,
  recommendSuitability,
  segmentsSuitability,
} from '../../../src/ui/components/suitability.ts';
import { sayEn, wordAll } from '../../../src/cli/say.ts';

type Col = [name: string, type: ColumnSummary['type'], role: Role, distinct: number, min?: number, max?: number];
function ds(id: string, rows: number, cols: Col[]): DatasetRecord {
  const columns = cols.map(([name, type, role, distinct, min, max]) => ({
    name,
    type,
    role,
    roleConfidence: 0.9,
    missing: 0,
    distinct,
    ...(min !== undefined ? { min, max } : {}),
  }));
  return { id, name: id, rows, columns, roles: Object.fromEntries(cols.map((c) => [c[0], c[2]])) } as DatasetRecord;
}

const noIdCustomers = ds('mall', 200, [
  ['Gender', 'categorical', 'categorical', 2],
  ['Age', 'integer', 'numeric', 50, 18, 70],
  ['Score', 'integer', 'numeric', 90, 1, 99],
]);
const clickLog = ds('clicks', 5000, [
  ['visitor', 'id', 'customer_id', 800],
  ['ad', 'categorical', 'categorical', 12],
  ['clicked', 'integer', 'target', 2, 0, 1],
]);
const oneRowPerVisitor = ds('visitors', 1000, [
  ['age', 'integer', 'numeric', 50, 18, 70],
  ['clicked', 'integer', 'target', 2, 0, 1],
]);

describe('page suitability', () => {
  it('segments: a customer table without an id is usable by row, with the id fix offered', () => {
    const s = segmentsSuitability(noIdCustomers);
    expect(s.ok).toBe(true);
    expect(sayEn(s.reason)).toMatch(/segmented by row/);
    expect(s.fixes[0]?.role).toBe('customer_id');
    expect(s.fixes[0]?.columns).toContain('Gender');
    expect(segmentsSuitability(clickLog)).toEqual({ ok: true, reason: null, fixes: [] });
  });

  it('ads: a click log with a repeating visitor is usable; one row per visitor says why and offers clicks', () => {
    expect(adsSuitability(clickLog).ok).toBe(true);
    const s = adsSuitability(oneRowPerVisitor);
    expect(s.ok).toBe(false);
    expect(sayEn(s.reason)).toMatch(/`clicked` is a 0\/1 outcome per row, but no visitor or item id repeats/);
    expect(s.reason?.params).toEqual({ column: 'clicked' });
    expect(wordAll(s.fixes)).toEqual([{ role: 'clicks', label: 'Clicks (0/1 per impression)', columns: ['clicked'] }]);
    const none = adsSuitability(noIdCustomers);
    expect(none.ok).toBe(false);
    expect(none.fixes.map((f) => f.role)).toEqual(['spend', 'channel']);
  });

  it('recommendations: names the missing ids and offers a column select for each', () => {
    const s = recommendSuitability(clickLog);
    expect(s.ok).toBe(false);
    expect(sayEn(s.reason)).toMatch(/^Needs an item id/);
    expect(s.fixes.map((f) => f.role)).toEqual(['item_id']);
    expect(s.fixes[0]!.columns).not.toContain('visitor');
    expect(recommendSuitability(noIdCustomers).fixes.map((f) => f.role)).toEqual(['customer_id', 'item_id']);
  });

  it('propensity: a two-valued column is an outcome; an ignored one is offered back', () => {
    expect(propensitySuitability(noIdCustomers).ok).toBe(true);
    const ignored = ds('x', 10, [
      ['flag', 'categorical', 'ignore', 2],
      ['v', 'decimal', 'numeric', 10],
    ]);
    const s = propensitySuitability(ignored);
    expect(s.ok).toBe(false);
    expect(wordAll(s.fixes)).toEqual([{ role: 'target', label: 'Outcome', columns: ['flag'] }]);
    expect(propensitySuitability(ds('y', 10, [['v', 'decimal', 'numeric', 10]])).fixes).toEqual([]);
  });

  it('the page opens on the dataset it showed, else the selected usable one, else the first usable one', () => {
    const all = [noIdCustomers, clickLog, oneRowPerVisitor];
    expect(pickDefault(all, 'visitors', null, adsSuitability)).toBe('visitors');
    expect(pickDefault(all, null, 'mall', adsSuitability)).toBe('clicks');
    expect(pickDefault(all, 'gone', 'mall', segmentsSuitability, (d) => 'visitor' in d.roles)).toBe('clicks');
  });
});
