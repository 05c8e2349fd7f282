// The CLV job in the worker: a thin adapter of src/core/clv/job.ts over storage — getTable → runClv → saveResult
// (kind 'clv' in the generic results store; the fitted parameters are in the result, there is no separate model).
import type { JobContext } from '../../src/core/jobs.ts';
import { runClv } from '../../src/core/clv/run.ts';
import { clvOptions, type ClvResult, type ClvSpec } from '../../src/core/clv/job.ts';
import { saveResult } from '../../src/storage/results.ts';
import { getTable } from '../tables.ts';

export async function clvJob(spec: ClvSpec, ctx: JobContext): Promise<ClvResult> {
  const { meta, table } = await getTable(spec.datasetId);
  const result = await runClv(table, { ...meta.roles }, clvOptions(spec), ctx);
  ctx.checkCancelled();
  await saveResult({ kind: 'clv', datasetId: spec.datasetId, spec, result });
  return result;
}
