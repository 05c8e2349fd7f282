// Undoing repairs over fake IndexedDB: each undo gives back the exact table (values, codes, dictionaries, row
// order), summaries, quality report, repair log and roles; five repairs can be undone, older deltas are dropped; a
// delete removes the deltas too. And "Read as …": the same bytes read again in another encoding, in place.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { silentContext } from '../../../src/core/jobs.ts';
import { datasetDeleteJob, datasetUpdateJob, importJob, importScanJob, repairJob } from '../../../workers/jobs/data.ts';
import { forgetTable, getTable } from '../../../workers/tables.ts';
import { loadTable } from '../../../src/storage/datasets.ts';
import { db } from '../../../src/storage/db.ts';
import { MAX_UNDO } from '../../../src/core/data/dataset-record.ts';
import type { RepairStep } from '../../../src/core/data/repairs.ts';
import type { Table } from '../../../src/core/data/table.ts';
import { encodeLegacy } from './encode-helper.ts';
import { jobError } from './helpers.ts';

const ctx = silentContext();

function csv(): string {
  const lines = ['customer,segment,spend,visits,joined'];
  for (let i = 0; i < 80; i++) {
    const spend = i % 9 === 0 ? '' : i % 13 === 0 ? '-5' : i === 40 ? '99999' : String(20 + ((i * 17) % 60));
    const seg = i % 7 === 0 ? '' : ['gold', 'silver', 'bronze'][i % 3];
    lines.push(`c${i % 70},${seg},${spend},${i % 11 === 0 ? '' : (i * 3) % 17},2024-0${1 + (i % 9)}-1${i % 10}`);
  }
  lines.push(lines[5]!, lines[6]!); // exact duplicate rows
  return lines.join('\n') + '\n';
}

/** A deep copy of what a table holds, for exact comparison after undo. */
function snapshot(t: Table) {
  return {
    rowCount: t.rowCount,
    columns: t.columns.map((c) =>
      c.kind === 'numeric'
        ? { name: c.name, type: c.type, values: Array.from(c.values) }
        : { name: c.name, type: c.type, codes: Array.from(c.codes), dictionary: [...c.dictionary] },
    ),
  };
}

async function state(id: string) {
  forgetTable(id);
  const stored = await loadTable(id); // from storage, not the worker cache
  const { columns, quality, repairs, roles, rows } = stored.meta;
  return { table: snapshot(stored.table), meta: { columns, quality, repairs, roles, rows } };
}

async function undoChunks(id: string): Promise<number> {
  const keys = await (await db()).getAllKeys('datasetChunks', IDBKeyRange.bound([id, -Infinity], [id, -2]));
  return keys.length;
}

const STEPS: RepairStep[] = [
  { op: 'impute-median', column: 'spend' },
  { op: 'drop-rows', where: 'duplicates' },
  { op: 'cap-outliers', column: 'spend' },
  { op: 'impute-mode', column: 'segment' },
  { op: 'drop-rows', column: 'visits', where: 'missing' },
  { op: 'treat-as-missing', column: 'spend', where: 'negative' },
];

describe('repair → undo', () => {
  it('gives back the exact table and metadata after each repair, newest first, up to MAX_UNDO', async () => {
    const { dataset } = await importJob({ kind: 'import', file: new Blob([csv()]), name: 'undo me' }, ctx);
    const id = dataset.id;
    const states = [await state(id)];
    for (const step of STEPS) {
      const r = await repairJob({ kind: 'repair', datasetId: id, step }, ctx);
      expect(r.applied.affected).toBeGreaterThan(0);
      states.push(await state(id));
    }
    // Every repair changed something, so the comparisons below can fail.
    for (let i = 1; i < states.length; i++) expect(states[i]!.table).not.toEqual(states[i - 1]!.table);
    const meta = (await getTable(id)).meta;
    expect(meta.undo!.map((u) => u.message)).toHaveLength(MAX_UNDO);
    expect(await undoChunks(id)).toBe(MAX_UNDO);
    // A delta is one column or the dropped rows, far below a copy of the table.
    for (const u of meta.undo!) expect(u.bytes).toBeLessThanOrEqual(82 * 8);

    for (let k = STEPS.length; k > STEPS.length - MAX_UNDO; k--) {
      const r = await repairJob({ kind: 'repair', datasetId: id, undo: true }, ctx);
      expect(r.applied.description).toMatch(/^Undone: /);
      const now = await state(id);
      expect(now.table).toEqual(states[k - 1]!.table);
      expect(now.meta).toEqual(states[k - 1]!.meta);
    }
    const none = await jobError(repairJob({ kind: 'repair', datasetId: id, undo: true }, ctx));
    expect(none.code).toBe('nothing-to-undo');
    expect(await undoChunks(id)).toBe(0);

    // A role set after a repair survives its undo, in the map and in the column summaries.
    await repairJob({ kind: 'repair', datasetId: id, step: STEPS[1]! }, ctx);
    await datasetUpdateJob({ kind: 'dataset-update', datasetId: id, roles: { visits: 'quantity' } }, ctx);
    await repairJob({ kind: 'repair', datasetId: id, undo: true }, ctx);
    const after = (await getTable(id)).meta;
    expect(after.roles.visits).toBe('quantity');
    expect(after.columns.find((c) => c.name === 'visits')!.role).toBe('quantity');
    expect(snapshot((await getTable(id)).table)).toEqual(states[1]!.table);

    // Deleting a dataset takes its deltas with it.
    await repairJob({ kind: 'repair', datasetId: id, step: STEPS[0]! }, ctx);
    expect(await undoChunks(id)).toBe(1);
    await datasetDeleteJob({ kind: 'dataset-delete', datasetId: id }, ctx);
    expect(await undoChunks(id)).toBe(0);
  });
});

describe('Read as …: the same bytes in another encoding', () => {
  const text =
    '客户编号,城市,消费金额\n' + Array.from({ length: 30 }, (_, i) => `C${i},北京,${i * 3}`).join('\n') + '\n';

  it('re-decodes in place, clears repairs and their deltas, and refuses when the bytes are gone', async () => {
    const { dataset } = await importJob(
      { kind: 'import', file: new Blob([encodeLegacy(text, 'gbk')]), name: 'cn' },
      ctx,
    );
    expect(dataset.format.encoding).toBe('gb18030');
    await repairJob(
      { kind: 'repair', datasetId: dataset.id, step: { op: 'drop-rows', column: '消费金额', where: 'zero' } },
      ctx,
    );
    const as1252 = await importJob({ kind: 'import', reread: dataset.id, name: 'cn', encoding: 'windows-1252' }, ctx);
    expect(as1252.dataset.id).toBe(dataset.id);
    expect(as1252.dataset.name).toBe('cn');
    expect(as1252.dataset.format).toMatchObject({
      encoding: 'windows-1252',
      encodingReason: expect.stringMatching(/as you chose/),
    });
    expect(as1252.dataset.columns[0]!.name).not.toBe('客户编号');
    expect(as1252.dataset.repairs).toEqual([]);
    expect(await undoChunks(dataset.id)).toBe(0);
    const auto = await importJob({ kind: 'import', reread: dataset.id, name: 'cn', encoding: 'auto' }, ctx);
    expect(auto.dataset.format.encoding).toBe('gb18030');
    expect(auto.dataset.rows).toBe(30);
    expect((await getTable(dataset.id)).table.columns.map((c) => c.name)).toEqual(['客户编号', '城市', '消费金额']);
    // The bytes are kept for the last few imports of the session only.
    for (let i = 0; i < 4; i++) await importJob({ kind: 'import', file: new Blob(['a,b\n1,2\n']), name: `x${i}` }, ctx);
    const gone = await jobError(importJob({ kind: 'import', reread: dataset.id, name: 'cn', encoding: 'big5' }, ctx));
    expect(gone.code).toBe('source-gone');
  });

  it('the import options and the PII scan read the file in the encoding the user picked', async () => {
    const file = new Blob([encodeLegacy('姓名,消费金额\n张伟,10\n王芳,20\n李娜,30\n', 'gbk')]);
    const auto = await importScanJob({ kind: 'import-scan', file, name: 'n.csv' }, ctx);
    expect(auto.format.encoding).toBe('gb18030');
    expect(auto.columns[0]).toMatchObject({ name: '姓名', pii: 'name' });
    const forced = await importScanJob({ kind: 'import-scan', file, name: 'n.csv', encoding: 'big5' }, ctx);
    expect(forced.format.encoding).toBe('big5');
    expect(forced.columns[0]!.name).not.toBe('姓名');
    const { dataset } = await importJob(
      { kind: 'import', file, name: 'n', options: { encoding: 'windows-1252' } },
      ctx,
    );
    expect(dataset.format).toMatchObject({
      encoding: 'windows-1252',
      encodingReason: expect.stringMatching(/as you chose/),
    });
  });
});
