// Storage repos against fake-indexeddb: round-trips, atomic result+model writes, cascading delete, rollback.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, db, DB_VERSION, openDatabase } from '../../../src/storage/db.ts';
import {
  deleteDataset,
  getDataset,
  listDatasets,
  loadTable,
  saveDataset,
  updateDataset,
} from '../../../src/storage/datasets.ts';
import { getModel, getResult, saveResult } from '../../../src/storage/results.ts';
import { closeInterruptedRuns, listRuns, putRun } from '../../../src/storage/runs.ts';
import { getSetting, setSetting, workspaceKey } from '../../../src/storage/settings.ts';
import { tableFromRecords, type Table } from '../../../src/core/data/table.ts';
import type { ColumnSummary } from '../../../src/core/data/schema.ts';

function sample(n: number): Table {
  const recs = Array.from({ length: n }, (_, i) => ({
    id: `c${i % 7}`,
    amount: i % 5 === 0 ? null : i * 1.5,
    when: i * 1000,
  }));
  return tableFromRecords(recs, { id: 'id', amount: 'decimal', when: 'date' });
}

function summaries(t: Table): ColumnSummary[] {
  return t.columns.map((c) => ({
    name: c.name,
    type: c.type,
    role: 'numeric',
    roleConfidence: 1,
    missing: 0,
    distinct: 0,
  }));
}

function meta(id: string, t: Table) {
  return {
    id,
    name: `set ${id}`,
    source: 'x.csv',
    columns: summaries(t),
    roles: {},
    quality: [],
    repairs: [],
    format: { delimiter: ',', encoding: 'utf-8', hasHeader: true, bytes: 10 },
    importedAt: Date.now(),
  };
}

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('locallift');
});
afterEach(closeDb);

describe('database', () => {
  it('creates every store at DB_VERSION', async () => {
    const d = await db();
    expect(d.version).toBe(DB_VERSION);
    expect([...d.objectStoreNames].sort()).toEqual([
      'datasetChunks',
      'datasets',
      'models',
      'results',
      'runs',
      'settings',
    ]);
  });

  it('reopening an existing database keeps its data (upgrade ladder is idempotent)', async () => {
    const t = sample(10);
    await saveDataset(meta('a', t), t);
    await closeDb();
    const again = await openDatabase();
    expect((await again.get('datasets', 'a'))?.rows).toBe(10);
    again.close();
  });
});

describe('datasets', () => {
  it('round-trips a table across several chunks exactly', async () => {
    const t = sample(1000);
    const rec = await saveDataset(meta('big', t), t, 128);
    expect(rec.chunkCount).toBe(8);
    const { table } = await loadTable('big');
    expect(table.rowCount).toBe(1000);
    const [id, amount, when] = table.columns;
    const [id0, amount0, when0] = t.columns;
    expect(id?.kind === 'categorical' && id0?.kind === 'categorical' && Array.from(id.codes)).toEqual(
      id0?.kind === 'categorical' && Array.from(id0.codes),
    );
    expect(id?.kind === 'categorical' && id.dictionary).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(amount?.kind === 'numeric' && Array.from(amount.values)).toEqual(
      amount0?.kind === 'numeric' && Array.from(amount0.values),
    );
    expect(when?.kind === 'numeric' && when.values[999]).toBe(when0?.kind === 'numeric' && when0.values[999]);
  });

  it('stores an empty table', async () => {
    const t = sample(0);
    await saveDataset(meta('empty', t), t);
    expect((await loadTable('empty')).table.rowCount).toBe(0);
  });

  it('lists newest first, renames, and deletes with chunks, models and results', async () => {
    const t = sample(300);
    await saveDataset({ ...meta('old', t), importedAt: 1 }, t, 100);
    await saveDataset({ ...meta('new', t), importedAt: 2 }, t, 100);
    expect((await listDatasets()).map((d) => d.id)).toEqual(['new', 'old']);
    await updateDataset('old', { name: 'renamed' });
    expect((await getDataset('old'))?.name).toBe('renamed');
    await saveResult(
      { kind: 'segment', datasetId: 'old', spec: {}, result: { k: 3 } },
      { id: 'm1', kind: 'kmeans', datasetId: 'old', model: { w: new Float32Array([1]) } },
    );
    await deleteDataset('old');
    expect(await getDataset('old')).toBeUndefined();
    expect(await getResult('segment', 'old')).toBeUndefined();
    expect(await getModel('m1')).toBeUndefined();
    const d = await db();
    expect(await d.countFromIndex('datasetChunks', 'datasetId', 'old')).toBe(0);
    expect(await d.countFromIndex('datasetChunks', 'datasetId', 'new')).toBe(4);
    await expect(loadTable('old')).rejects.toThrow(/does not exist/);
  });

  it('a failed write leaves no partial dataset', async () => {
    const t = sample(300);
    const bad = { ...meta('bad', t), roles: { f: (() => 1) as unknown as 'ignore' } }; // functions cannot be cloned
    await expect(saveDataset(bad, t, 100)).rejects.toThrow();
    expect(await getDataset('bad')).toBeUndefined();
    expect(await (await db()).countFromIndex('datasetChunks', 'datasetId', 'bad')).toBe(0);
  });
});

describe('results, runs, settings', () => {
  it('replaces the result and its model together, dropping the superseded model', async () => {
    await saveResult(
      { kind: 'propensity', datasetId: 'd', spec: { a: 1 }, result: { auc: 0.7 } },
      { id: 'm1', kind: 'logistic', datasetId: 'd', model: { w: [1] } },
    );
    await saveResult(
      { kind: 'propensity', datasetId: 'd', spec: { a: 2 }, result: { auc: 0.8 } },
      { id: 'm2', kind: 'logistic', datasetId: 'd', model: { w: [2] } },
    );
    const r = await getResult<{ auc: number }>('propensity', 'd');
    expect(r?.result.auc).toBe(0.8);
    expect(r?.modelId).toBe('m2');
    expect(await getModel('m1')).toBeUndefined();
    expect((await getModel('m2'))?.model).toEqual({ w: [2] });
  });

  it('lists runs newest first', async () => {
    await putRun({ id: 'r1', kind: 'demo', spec: {}, startedAt: 1, status: 'done' });
    await putRun({ id: 'r2', kind: 'demo', spec: {}, startedAt: 2, status: 'cancelled' });
    expect((await listRuns()).map((r) => r.id)).toEqual(['r2', 'r1']);
  });

  it('closes runs left running by an earlier page, and only those', async () => {
    await putRun({ id: 'old', kind: 'segment', spec: {}, startedAt: 100, status: 'running' });
    await putRun({ id: 'done', kind: 'segment', spec: {}, startedAt: 150, status: 'done', finishedAt: 160 });
    await putRun({ id: 'now', kind: 'segment', spec: {}, startedAt: 300, status: 'running' });
    expect(await closeInterruptedRuns(200)).toBe(1);
    const byId = Object.fromEntries((await listRuns()).map((r) => [r.id, r]));
    expect(byId.old?.status).toBe('failed');
    expect(byId.old?.error?.code).toBe('interrupted');
    expect(byId.done?.status).toBe('done');
    expect(byId.now?.status).toBe('running');
  });

  it('settings default, persist, and the workspace key is stable', async () => {
    expect(await getSetting('backend')).toBeNull();
    await setSetting('backend', 'wasm');
    expect(await getSetting('backend')).toBe('wasm');
    const k1 = new Uint8Array(await workspaceKey());
    const k2 = new Uint8Array(await workspaceKey());
    expect(k1.length).toBe(32);
    expect(Array.from(k2)).toEqual(Array.from(k1));
  });
});
