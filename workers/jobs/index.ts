// The worker's job registry: kind → handler. Kinds and their spec/result types are listed in src/core/job-kinds.ts;
// a handler is the feature's thin storage adapter in workers/jobs/<feature>.ts.
import type { JobContext } from '../../src/core/jobs.ts';
import type { JobKind, ResultOf, SpecOf } from '../../src/core/job-kinds.ts';
import { demoFit } from '../../src/core/tf/demo-fit.ts';
import { datasetDeleteJob, datasetShapeJob, datasetUpdateJob, importJob, importScanJob, repairJob } from './data.ts';
import { adsAllocateJob, adsJob, adsWhatIfJob } from './ads.ts';
import { segmentJob, segmentRenameJob } from './segments.ts';
import { propensityExportJob, propensityJob, propensityScoreJob } from './propensity.ts';
import { recommendBasketJob, recommendExportJob, recommendJob } from './recommend.ts';
import { recommendSimilarJob, recommendUserJob } from './recommend.ts';
import { clvJob } from './clv.ts';
import { audienceExportJob, audienceJob } from './audience.ts';
import { workspaceExportJob, workspaceImportJob } from './workspace.ts';

export const handlers: { [K in JobKind]: (spec: SpecOf<K>, ctx: JobContext) => Promise<ResultOf<K>> } = {
  'demo-fit': demoFit,
  import: importJob,
  'import-scan': importScanJob,
  repair: repairJob,
  'dataset-update': datasetUpdateJob,
  'dataset-delete': datasetDeleteJob,
  'dataset-shape': datasetShapeJob,
  ads: adsJob,
  'ads-whatif': adsWhatIfJob,
  'ads-allocate': adsAllocateJob,
  segment: segmentJob,
  'segment-rename': segmentRenameJob,
  propensity: propensityJob,
  'propensity-score': propensityScoreJob,
  recommend: recommendJob,
  'recommend-user': recommendUserJob,
  'recommend-similar': recommendSimilarJob,
  'recommend-basket': recommendBasketJob,
  'recommend-export': recommendExportJob,
  'propensity-export': propensityExportJob,
  clv: clvJob,
  audience: audienceJob,
  'audience-export': audienceExportJob,
  'workspace-export': workspaceExportJob,
  'workspace-import': workspaceImportJob,
};

export { UNTRACKED, type AnySpec, type JobKind } from '../../src/core/job-kinds.ts';
