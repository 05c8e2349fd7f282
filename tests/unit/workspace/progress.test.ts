// Workspace jobs as the UI sees them: progress events through the real event context (monotone, named phases, one
// final 100 %), and Cancel during an export or an import leaves nothing behind.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeDb } from '../../../src/storage/db.ts';
import { saveDataset } from '../../../src/storage/datasets.ts';
import { listDatasets } from '../../../src/storage/datasets.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { eventContext, JobError, silentContext, type JobEvent } from '../../../src/core/jobs.ts';
import { workspaceExportJob, workspaceImportJob } from '../../../workers/jobs/workspace.ts';

beforeEach(async () => {
  await closeDb().catch(() => undefined);
  globalThis.indexedDB = new IDBFactory();
  // ~6 MB of columns in 1,024-row chunks: enough entries for several progress steps.
  const rows = Array.from({ length: 100_000 }, (_, i) => ({ a: Math.sin(i), b: i % 7, c: `k${i % 50}` }));
  const table = tableFromRecords(rows, { a: 'decimal', b: 'integer', c: 'categorical' });
  await saveDataset(
    { id: 'ds-1', name: 'big', source: 'big.csv', columns: [], roles: {}, importedAt: 1 } as never,
    table,
    1024,
  );
});
afterEach(() => closeDb().catch(() => undefined));

it('export and import report monotone progress through their phases and end at 100 %', async () => {
  const events: JobEvent[] = [];
  const ctx = eventContext(
    (e) => events.push(e),
    () => false,
    0,
  );
  const out = await workspaceExportJob({ kind: 'workspace-export', includePiiKey: false }, ctx);
  ctx.finish('done');
  const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
  const fractions = progress.map((e) => e.done / e.total);
  expect(fractions).toStrictEqual([...fractions].sort((a, b) => a - b));
  expect(new Set(progress.map((e) => e.phase))).toEqual(
    new Set(['reading', 'encoding', 'checksums', 'compressing', 'done']),
  );
  expect(fractions.at(-1)).toBe(1);
  expect(out.uncompressedBytes).toBeGreaterThan(2_000_000);

  events.length = 0;
  const ctx2 = eventContext(
    (e) => events.push(e),
    () => false,
    0,
  );
  await workspaceImportJob({ kind: 'workspace-import', file: out.file, replace: true }, ctx2);
  const phases = events.flatMap((e) => (e.type === 'progress' ? [e.phase] : []));
  expect(phases).toEqual(expect.arrayContaining(['unzipping', 'checksums', 'writing']));
});

it('a cancelled export stops with the cancelled error and writes nothing', async () => {
  let calls = 0;
  const e = await workspaceExportJob(
    { kind: 'workspace-export', includePiiKey: false },
    silentContext(() => ++calls > 3),
  ).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(JobError);
  expect((e as JobError).code).toBe('cancelled');
  expect((await listDatasets()).map((d) => d.id)).toEqual(['ds-1']);
});
