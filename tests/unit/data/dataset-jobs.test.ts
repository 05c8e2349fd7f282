// Dataset writes as worker jobs over fake IndexedDB: rename, role change and delete go through the worker, so its
// table cache never serves a renamed, re-mapped, repaired or deleted dataset; bad edits fail with clear messages.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobError, silentContext } from '../../../src/core/jobs.ts';
import {
  datasetDeleteJob,
  datasetShapeJob,
  datasetUpdateJob,
  importJob,
  repairJob,
} from '../../../workers/jobs/data.ts';
import { getTable } from '../../../workers/tables.ts';
import { getDataset, listDatasets } from '../../../src/storage/datasets.ts';
import { db } from '../../../src/storage/db.ts';
import { getResult, saveResult } from '../../../src/storage/results.ts';
import { handlers, UNTRACKED } from '../../../workers/jobs/index.ts';
import { BAD } from './helpers.ts';

const blob = (name: string) => new Blob([readFileSync(join(BAD, name))]);
const ctx = silentContext();

async function imported(name: string): Promise<string> {
  const { dataset } = await importJob({ kind: 'import', file: blob('duplicate-rows.csv'), name }, ctx);
  return dataset.id;
}

describe('dataset jobs keep the worker table cache honest', () => {
  it('a role change reaches the cached table without reloading its rows', async () => {
    const id = await imported('roles');
    const before = await getTable(id);
    const column = before.meta.columns[0]!.name;
    expect(before.meta.roles[column]).not.toBe('ignore');
    const res = await datasetUpdateJob({ kind: 'dataset-update', datasetId: id, roles: { [column]: 'ignore' } }, ctx);
    expect(res.dataset.roles[column]).toBe('ignore');
    expect(res.metrics['roles changed']).toBe(1);
    const after = await getTable(id);
    expect(after.meta.roles[column]).toBe('ignore');
    expect(after.table).toBe(before.table); // same rows, new record
    // Other columns keep their roles; storage has the same record.
    const others = Object.keys(before.meta.roles).filter((c) => c !== column);
    for (const c of others) expect(after.meta.roles[c]).toBe(before.meta.roles[c]);
    expect((await getDataset(id))!.roles).toEqual(after.meta.roles);
  });

  it('a rename reaches the cached table and storage; blank or unknown edits fail and change nothing', async () => {
    const id = await imported('old name');
    await getTable(id);
    await datasetUpdateJob({ kind: 'dataset-update', datasetId: id, name: '  Spring campaign  ' }, ctx);
    expect((await getTable(id)).meta.name).toBe('Spring campaign');
    expect((await getDataset(id))!.name).toBe('Spring campaign');
    const blank = await datasetUpdateJob({ kind: 'dataset-update', datasetId: id, name: '   ' }, ctx).catch(
      (e: unknown) => e,
    );
    expect(blank).toBeInstanceOf(JobError);
    expect(blank).toMatchObject({ code: 'dataset-name', message: expect.stringMatching(/needs a name/) });
    const col = await datasetUpdateJob({ kind: 'dataset-update', datasetId: id, roles: { nope: 'amount' } }, ctx).catch(
      (e: unknown) => e,
    );
    const noColumn = 'Dataset “Spring campaign” has no column `nope`.';
    expect(col).toMatchObject({ code: 'unknown-column', message: noColumn });
    expect((await getTable(id)).meta.name).toBe('Spring campaign');
  });

  it('after a delete every reader gets a clear not-found JobError, and its results are gone', async () => {
    const id = await imported('doomed');
    const keep = await imported('kept');
    await getTable(id); // cached
    await saveResult({ kind: 'segment', datasetId: id, spec: {}, result: { k: 2 } });
    const res = await datasetDeleteJob({ kind: 'dataset-delete', datasetId: id }, ctx);
    expect(res).toMatchObject({ datasetId: id, name: 'doomed', metrics: { rows: 5 } });
    const e = await getTable(id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(JobError);
    expect(e).toMatchObject({ code: 'dataset-not-found', message: expect.stringMatching(/not found .* deleted/) });
    await expect(getResult('segment', id)).resolves.toBeUndefined();
    const chunks = await (await db()).getAll('datasetChunks');
    expect(chunks.some((c) => c.datasetId === id)).toBe(false);
    expect((await listDatasets()).map((d) => d.id)).toContain(keep);
    expect((await getTable(keep)).meta.name).toBe('kept');
    // Jobs on the deleted dataset fail with the same message, and so does deleting or editing it again.
    const repair = repairJob({ kind: 'repair', datasetId: id, step: { op: 'drop-rows', where: 'duplicates' } }, ctx);
    await expect(repair).rejects.toMatchObject({ code: 'dataset-not-found' });
    await expect(datasetDeleteJob({ kind: 'dataset-delete', datasetId: id }, ctx)).rejects.toMatchObject({
      code: 'dataset-not-found',
    });
    await expect(datasetUpdateJob({ kind: 'dataset-update', datasetId: id, name: 'x' }, ctx)).rejects.toMatchObject({
      code: 'dataset-not-found',
    });
  });

  it('a repair replaces the cached table; a later role change keeps the repaired rows', async () => {
    const id = await imported('to repair');
    expect((await getTable(id)).table.rowCount).toBe(5);
    await repairJob({ kind: 'repair', datasetId: id, step: { op: 'drop-rows', where: 'duplicates' } }, ctx);
    const repaired = await getTable(id);
    expect(repaired.table.rowCount).toBe(3);
    const column = repaired.meta.columns[0]!.name;
    await datasetUpdateJob({ kind: 'dataset-update', datasetId: id, roles: { [column]: 'text' } }, ctx);
    const after = await getTable(id);
    expect(after.table.rowCount).toBe(3);
    expect(after.meta.repairs).toHaveLength(1);
    expect(after.meta.roles[column]).toBe('text');
  });

  it('the worker registry runs the new kinds; edits stay out of History, deletes are recorded', () => {
    expect(handlers['dataset-update']).toBe(datasetUpdateJob);
    expect(handlers['dataset-delete']).toBe(datasetDeleteJob);
    expect(UNTRACKED.has('dataset-update')).toBe(true);
    expect(UNTRACKED.has('dataset-delete')).toBe(false);
  });

  it('dataset-shape answers from the cached table and follows a role change', async () => {
    const lines = ['customer,plan,visits,renewed'];
    for (let i = 0; i < 120; i++) lines.push(`K${i},${['a', 'b'][i % 2]}${i % 3},${i % 17},${i % 3 ? 'yes' : 'no'}`);
    const file = new Blob([lines.join('\n') + '\n']);
    const id = (await importJob({ kind: 'import', file, name: 'shape-check' }, ctx)).dataset.id;
    const first = await datasetShapeJob({ kind: 'dataset-shape', datasetId: id }, ctx);
    expect(first).toMatchObject({ shape: 'customers-outcome', suggested: { job: 'propensity', target: 'renewed' } });
    await datasetUpdateJob({ kind: 'dataset-update', datasetId: id, roles: { renewed: 'categorical' } }, ctx);
    const after = await datasetShapeJob({ kind: 'dataset-shape', datasetId: id }, ctx);
    expect(after).toMatchObject({ shape: 'customers', suggested: { job: 'segment' } });
    expect(UNTRACKED.has('dataset-shape')).toBe(true);
  });
});
