// Runs store: the history of every job (settings used, status, metrics).
import { db, RECORD_VERSION, type RunRecord } from './db.ts';
import { JobError } from '../core/jobs.ts';

export async function putRun(run: Omit<RunRecord, 'schemaVersion'>): Promise<RunRecord> {
  const rec: RunRecord = { ...run, schemaVersion: RECORD_VERSION };
  await (await db()).put('runs', rec);
  return rec;
}

export async function listRuns(limit = 200): Promise<RunRecord[]> {
  const d = await db();
  const out: RunRecord[] = [];
  let cursor = await d.transaction('runs').store.index('startedAt').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

export async function clearRuns(): Promise<void> {
  await (await db()).clear('runs');
}

/** Closes a run the worker could not finish (it was terminated); no-op when the run is already closed or unknown. */
export async function closeRun(
  id: string,
  status: 'cancelled' | 'failed',
  error: { code: string; message: string; details?: Record<string, unknown> },
): Promise<void> {
  const d = await db();
  const tx = d.transaction('runs', 'readwrite');
  const cur = await tx.store.get(id);
  if (cur && cur.status === 'running') await tx.store.put({ ...cur, status, error, finishedAt: Date.now() });
  await tx.done;
}

/**
 * Closes runs left "running" by a page that was closed or reloaded mid-job (its worker died with it).
 * Only runs started before `before` are touched; a job of another open tab that finishes later rewrites its record.
 */
export async function closeInterruptedRuns(before: number): Promise<number> {
  const d = await db();
  const tx = d.transaction('runs', 'readwrite');
  let n = 0;
  let cursor = await tx.store.index('startedAt').openCursor(IDBKeyRange.upperBound(before, true));
  while (cursor) {
    if (cursor.value.status === 'running') {
      await cursor.update({
        ...cursor.value,
        status: 'failed',
        finishedAt: cursor.value.startedAt,
        error: new JobError(
          'interrupted',
          'The page was closed or reloaded while this job ran; stored results are unchanged.',
        ).toData(),
      });
      n++;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return n;
}
