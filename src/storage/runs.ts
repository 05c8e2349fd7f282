// Runs store: the history of every job (settings used, status, metrics).
import { db, RECORD_VERSION, type RunRecord } from './db.ts';

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
