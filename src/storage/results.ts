// Results + models stores: a result and its model are written in one transaction.
import { db, RECORD_VERSION, type ModelRecord, type ResultRecord } from './db.ts';

export function resultId(kind: string, datasetId: string): string {
  return `${kind}:${datasetId}`;
}

/** Replaces the current result of (kind, dataset) and, when given, its model — atomically. */
export async function saveResult(
  rec: Omit<ResultRecord, 'schemaVersion' | 'id' | 'createdAt'>,
  model?: Omit<ModelRecord, 'schemaVersion' | 'createdAt'>,
): Promise<ResultRecord> {
  const now = Date.now();
  const result: ResultRecord = {
    ...rec,
    schemaVersion: RECORD_VERSION,
    id: resultId(rec.kind, rec.datasetId),
    createdAt: now,
    ...(model ? { modelId: model.id } : {}),
  };
  const d = await db();
  const tx = d.transaction(['results', 'models'], 'readwrite');
  const previous = await tx.objectStore('results').get(result.id);
  const writes: Promise<unknown>[] = [tx.objectStore('results').put(result)];
  if (model) {
    writes.push(tx.objectStore('models').put({ ...model, schemaVersion: RECORD_VERSION, createdAt: now }));
    if (previous?.modelId && previous.modelId !== model.id)
      writes.push(tx.objectStore('models').delete(previous.modelId));
  }
  await Promise.all([...writes, tx.done]);
  return result;
}

export async function getResult<T = unknown>(
  kind: string,
  datasetId: string,
): Promise<(ResultRecord & { result: T }) | undefined> {
  return (await (await db()).get('results', resultId(kind, datasetId))) as (ResultRecord & { result: T }) | undefined;
}

export async function getModel(id: string): Promise<ModelRecord | undefined> {
  return (await db()).get('models', id);
}

export async function listResults(datasetId?: string): Promise<ResultRecord[]> {
  const d = await db();
  return datasetId === undefined ? d.getAll('results') : d.getAllFromIndex('results', 'datasetId', datasetId);
}
