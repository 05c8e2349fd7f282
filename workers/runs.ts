// Records every job in the runs store (history): settings, status, time, headline metrics.
import { CancelledError, JobError } from '../src/core/jobs.ts';
import { putRun } from '../src/storage/runs.ts';
import { getDataset } from '../src/storage/datasets.ts';

type Metrics = Record<string, number | string>;

/** Specs are recorded without bulky payloads (files, arrays). */
function specForHistory(spec: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (typeof Blob !== 'undefined' && v instanceof Blob) out[k] = `(file, ${v.size} bytes)`;
    else if (ArrayBuffer.isView(v)) out[k] = `(array of ${(v as unknown as ArrayLike<number>).length})`;
    else out[k] = v;
  }
  return out;
}

/** `id` is the job id, so the client can close the record if it has to terminate the worker. */
export async function recordRun<T>(
  id: string,
  spec: { kind: string; datasetId?: string; name?: string },
  backend: string,
  fn: () => Promise<T>,
): Promise<T> {
  const startedAt = Date.now();
  const datasetName = spec.datasetId ? (await getDataset(spec.datasetId).catch(() => undefined))?.name : spec.name;
  const base = {
    id,
    kind: spec.kind,
    spec: specForHistory(spec),
    startedAt,
    backend,
    ...(spec.datasetId ? { datasetId: spec.datasetId } : {}),
    ...(datasetName ? { datasetName } : {}),
  };
  // History is best effort: a failing history write must never fail the job itself.
  const put = (r: Parameters<typeof putRun>[0]) => putRun(r).catch(() => undefined);
  await put({ ...base, status: 'running' });
  try {
    const out = await fn();
    const metrics =
      out && typeof out === 'object' && 'metrics' in out ? (out as { metrics: Metrics }).metrics : undefined;
    await put({ ...base, status: 'done', finishedAt: Date.now(), ...(metrics ? { metrics } : {}) });
    return out;
  } catch (e) {
    const cancelled = e instanceof CancelledError || (e instanceof JobError && e.code === 'cancelled');
    const err =
      e instanceof JobError ? e.toData() : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
    await put({ ...base, status: cancelled ? 'cancelled' : 'failed', finishedAt: Date.now(), error: err });
    throw e;
  }
}
