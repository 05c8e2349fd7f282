// The repair job: applies one recorded repair step to a stored dataset, recomputes its summaries and quality
// report, and rewrites it in one transaction (a failure leaves the previous version intact).
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { applyRepair, type AppliedRepair, type RepairStep as CoreRepairStep } from '../../src/core/data/repairs.ts';
import { describeTable } from '../../src/core/data/describe.ts';
import { replaceDatasetTable } from '../../src/storage/datasets.ts';
import type { DatasetRecord } from '../../src/storage/db.ts';
import { forgetTable, getTable } from '../tables.ts';

export interface RepairSpec {
  kind: 'repair';
  datasetId: string;
  step: CoreRepairStep;
}

export interface RepairResult {
  dataset: DatasetRecord;
  applied: AppliedRepair;
  metrics: { affected: number; rows: number };
}

export async function repairJob(spec: RepairSpec, ctx: JobContext): Promise<RepairResult> {
  const { meta, table } = await getTable(spec.datasetId);
  ctx.progress(1, 4, 'repairing');
  let out: ReturnType<typeof applyRepair>;
  try {
    out = applyRepair(table, spec.step);
  } catch (e) {
    throw new JobError('repair-invalid', e instanceof Error ? e.message.replace(/^repair: /, '') : String(e));
  }
  ctx.checkCancelled();
  ctx.progress(2, 4, 'summarising');
  const { columns, quality } = describeTable(out.table, meta.roles, meta.columns, meta.quality);
  ctx.checkCancelled();
  ctx.progress(3, 4, 'saving');
  const repairs = [
    ...meta.repairs,
    {
      action: spec.step.op,
      ...(spec.step.column ? { column: spec.step.column } : {}),
      count: out.applied.affected,
      message: out.applied.description,
      at: Date.now(),
    },
  ];
  const dataset = await replaceDatasetTable(spec.datasetId, out.table, { columns, quality, repairs });
  forgetTable(spec.datasetId);
  return { dataset, applied: out.applied, metrics: { affected: out.applied.affected, rows: dataset.rows } };
}
