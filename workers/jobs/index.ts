// The worker's job registry: one entry per job kind. Add a kind by importing its handler and listing it here.
import type { JobContext } from '../../src/core/jobs.ts';
import { demoFit } from './demo-fit.ts';
import { importJob, importScanJob } from './import.ts';
import { repairJob } from './repair.ts';
import { adsAllocateJob, adsJob, adsWhatIfJob } from './ads.ts';
import { propensityJob, propensityScoreJob, segmentJob, segmentRenameJob } from './profile.ts';
import { recommendBasketJob, recommendExportJob, recommendJob, recommendSimilarJob, recommendUserJob } from './recommend.ts';

export const handlers = {
  'demo-fit': demoFit,
  import: importJob,
  'import-scan': importScanJob,
  repair: repairJob,
  ads: adsJob,
  'ads-whatif': adsWhatIfJob,
  'ads-allocate': adsAllocateJob,
  segment: segmentJob, 'segment-rename': segmentRenameJob, propensity: propensityJob, 'propensity-score': propensityScoreJob,
  recommend: recommendJob, 'recommend-user': recommendUserJob, 'recommend-similar': recommendSimilarJob, 'recommend-basket': recommendBasketJob, 'recommend-export': recommendExportJob,
} satisfies Record<string, (spec: never, ctx: JobContext) => Promise<unknown>>;

export type JobKind = keyof typeof handlers;

/** Quick queries (a slider move, one user's list, a scan): not written to History, which is for real runs. */
export const UNTRACKED: ReadonlySet<string> = new Set<JobKind>([
  'import-scan', 'segment-rename', 'ads-whatif', 'recommend-user', 'recommend-similar', 'recommend-basket', 'recommend-export',
]);
export type SpecOf<K extends JobKind> = Parameters<(typeof handlers)[K]>[0];
export type ResultOf<K extends JobKind> = Awaited<ReturnType<(typeof handlers)[K]>>;
export type AnySpec = { [K in JobKind]: SpecOf<K> }[JobKind];
