// Import, scan and repair worker jobs over fake IndexedDB: PII hashed with the workspace key before storage,
// a quota failure rolls back the partial dataset and leaves stored datasets intact, repairs rewrite + record.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobError, silentContext } from '../../../src/core/jobs.ts';
import { importJob, importScanJob, repairJob } from '../../../workers/jobs/data.ts';
import { listDatasets, loadTable } from '../../../src/storage/datasets.ts';
import { db } from '../../../src/storage/db.ts';
import { cellText, getColumn } from '../../../src/core/data/table.ts';
import { BAD } from './helpers.ts';

const blob = (name: string) => new Blob([readFileSync(join(BAD, name))]);
const ctx = silentContext();

describe('import jobs', () => {
  afterEach(() => {
    IDBObjectStore.prototype.put = realPut;
  });
  const realPut = IDBObjectStore.prototype.put;

  it('scan returns PII kinds and names, never values', async () => {
    const res = await importScanJob({ kind: 'import-scan', file: blob('pii.csv'), name: 'pii.csv' }, ctx);
    expect(res.columns.filter((c) => c.pii).map((c) => `${c.name}:${c.pii}`)).toEqual([
      'email:email',
      'phone:phone',
      'full_name:name',
    ]);
    expect(JSON.stringify(res)).not.toContain('@example');
  });

  it('imports with the workspace key: stored PII is hashed, the opted-out column is clear text', async () => {
    const a = await importJob(
      { kind: 'import', file: blob('pii.csv'), name: 'pii', options: { piiOptOut: ['full_name'] } },
      ctx,
    );
    const b = await importJob({ kind: 'import', file: blob('pii.csv'), name: 'pii again' }, ctx);
    const ta = (await loadTable(a.dataset.id)).table;
    const tb = (await loadTable(b.dataset.id)).table;
    // Same workspace key → same hashes across imports: datasets can be joined on the hashed e-mail.
    expect(cellText(getColumn(ta, 'email'), 0)).toMatch(/^h_[0-9a-f]{32}$/);
    expect(cellText(getColumn(ta, 'email'), 0)).toBe(cellText(getColumn(tb, 'email'), 0));
    expect(cellText(getColumn(ta, 'full_name'), 0)).toBe('Ann Smith');
    expect(cellText(getColumn(tb, 'full_name'), 0)).toMatch(/^h_/);
    const all = JSON.stringify(await (await db()).getAll('datasetChunks'), (_k, v) =>
      ArrayBuffer.isView(v) ? undefined : v,
    );
    expect(all).not.toContain('ann@example.com');
    expect(a.metrics.rows).toBe(4);
  });

  it('a quota error while saving rolls back the partial dataset and keeps the others', async () => {
    const before = (await listDatasets()).map((d) => d.id);
    let puts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'datasetChunks' && ++puts > 1)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    } as IDBObjectStore['put'];
    const e = await importJob({ kind: 'import', file: blob('duplicate-rows.csv'), name: 'too big' }, ctx).catch(
      (x: unknown) => x,
    );
    IDBObjectStore.prototype.put = realPut;
    expect(e).toBeInstanceOf(JobError);
    expect((e as JobError).code).toBe('quota');
    expect((e as JobError).message).toMatch(/Nothing was saved/);
    expect((await listDatasets()).map((d) => d.id)).toEqual(before);
    const chunks = await (await db()).getAll('datasetChunks');
    expect(chunks.every((c) => before.includes(c.datasetId))).toBe(true);
  });

  it('boolean word labels survive storage (preview shows No/Yes, not 0/1)', async () => {
    const { dataset } = await importJob({ kind: 'import', file: blob('booleans.csv'), name: 'bools' }, ctx);
    const { table } = await loadTable(dataset.id);
    expect(cellText(getColumn(table, 'subscribed'), 0)).toBe('yes');
    expect(cellText(getColumn(table, 'subscribed'), 1)).toBe('no');
  });

  it('a bad file fails with its code and stores nothing', async () => {
    const before = (await listDatasets()).length;
    await expect(
      importJob({ kind: 'import', file: blob('unterminated-quote.csv'), name: 'bad' }, ctx),
    ).rejects.toMatchObject({ code: 'unterminated-quote' });
    expect((await listDatasets()).length).toBe(before);
  });

  it('repair rewrites the stored dataset, recomputes the report and records the step', async () => {
    const { dataset } = await importJob({ kind: 'import', file: blob('duplicate-rows.csv'), name: 'dups' }, ctx);
    expect(dataset.quality.find((q) => q.code === 'duplicates')!.count).toBe(2);
    const res = await repairJob(
      { kind: 'repair', datasetId: dataset.id, step: { op: 'drop-rows', where: 'duplicates' } },
      ctx,
    );
    expect(res.applied.affected).toBe(2);
    expect(res.dataset.rows).toBe(3);
    expect(res.dataset.quality.find((q) => q.code === 'duplicates')).toBeUndefined();
    expect(res.dataset.repairs).toMatchObject([{ action: 'drop-rows', count: 2 }]);
    const { table } = await loadTable(dataset.id);
    expect(table.rowCount).toBe(3);
    expect([0, 1, 2].map((r) => cellText(getColumn(table, 'customer'), r))).toEqual(['c1', 'c2', 'c3']);
    await expect(
      repairJob({ kind: 'repair', datasetId: dataset.id, step: { op: 'impute-median', column: 'customer' } }, ctx),
    ).rejects.toMatchObject({ code: 'repair-invalid' });
  });
});
