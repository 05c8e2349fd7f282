// Every job kind with its spec and result types: the one list UI state, the worker registry and History share.
// Each feature's contract lives in src/core/<feature>/job.ts; this file only names them.
import type { AdsAllocateSpec, AdsAllocationRecord, AdsJobResult, AdsSpec } from './ads/job.ts';
import type { AdsWhatIfResult, AdsWhatIfSpec } from './ads/job.ts';
import type {
  ImportResult,
  ImportScanResult,
  ImportScanSpec,
  ImportSpec,
  RepairResult,
  RepairSpec,
} from './data/job.ts';
import type { DatasetDeleteResult, DatasetDeleteSpec, DatasetUpdateResult, DatasetUpdateSpec } from './data/job.ts';
import type { DatasetShapeResult, DatasetShapeSpec } from './data/job.ts';
import type {
  PropensityExportResult,
  PropensityExportSpec,
  PropensityJobResult,
  PropensityScoreResult,
  PropensityScoreSpec,
  PropensitySpec,
} from './propensity/job.ts';
import type { RecommendBasketResult, RecommendBasketSpec, RecommendExportResult } from './recommend/job.ts';
import type { RecommendExportSpec, RecommendSimilarResult, RecommendSimilarSpec } from './recommend/job.ts';
import type { RecommendSpec, RecommendSummary, RecommendUserResult, RecommendUserSpec } from './recommend/job.ts';
import type { SegmentJobResult, SegmentRenameSpec, SegmentSpec } from './segments/job.ts';
import type { DemoFitResult, DemoFitSpec } from './tf/demo-fit.ts';
import type { ClvResult, ClvSpec } from './clv/job.ts';
import type { AudienceExportResult, AudienceExportSpec, AudienceJobResult, AudienceSpec } from './audience/job.ts';
import type {
  WorkspaceExportResult,
  WorkspaceExportSpec,
  WorkspaceImportResult,
  WorkspaceImportSpec,
} from './workspace/job.ts';

export interface JobTypes {
  'demo-fit': { spec: DemoFitSpec; result: DemoFitResult };
  import: { spec: ImportSpec; result: ImportResult };
  'import-scan': { spec: ImportScanSpec; result: ImportScanResult };
  repair: { spec: RepairSpec; result: RepairResult };
  'dataset-update': { spec: DatasetUpdateSpec; result: DatasetUpdateResult };
  'dataset-delete': { spec: DatasetDeleteSpec; result: DatasetDeleteResult };
  'dataset-shape': { spec: DatasetShapeSpec; result: DatasetShapeResult };
  ads: { spec: AdsSpec; result: AdsJobResult };
  'ads-whatif': { spec: AdsWhatIfSpec; result: AdsWhatIfResult };
  'ads-allocate': { spec: AdsAllocateSpec; result: AdsAllocationRecord };
  segment: { spec: SegmentSpec; result: SegmentJobResult };
  'segment-rename': { spec: SegmentRenameSpec; result: SegmentJobResult };
  propensity: { spec: PropensitySpec; result: PropensityJobResult };
  'propensity-score': { spec: PropensityScoreSpec; result: PropensityScoreResult };
  'propensity-export': { spec: PropensityExportSpec; result: PropensityExportResult };
  recommend: { spec: RecommendSpec; result: RecommendSummary };
  'recommend-user': { spec: RecommendUserSpec; result: RecommendUserResult };
  'recommend-similar': { spec: RecommendSimilarSpec; result: RecommendSimilarResult };
  'recommend-basket': { spec: RecommendBasketSpec; result: RecommendBasketResult };
  'recommend-export': { spec: RecommendExportSpec; result: RecommendExportResult };
  clv: { spec: ClvSpec; result: ClvResult };
  audience: { spec: AudienceSpec; result: AudienceJobResult };
  'audience-export': { spec: AudienceExportSpec; result: AudienceExportResult };
  'workspace-export': { spec: WorkspaceExportSpec; result: WorkspaceExportResult };
  'workspace-import': { spec: WorkspaceImportSpec; result: WorkspaceImportResult };
}

export type JobKind = keyof JobTypes;
export type SpecOf<K extends JobKind> = JobTypes[K]['spec'];
export type ResultOf<K extends JobKind> = JobTypes[K]['result'];
export type AnySpec = { [K in JobKind]: SpecOf<K> }[JobKind];

/**
 * Quick queries (a slider move, one user's list, a scan) and metadata edits (a rename, a role change): not written
 * to History, which is for real runs. Imports, repairs and deletes change what is stored, so History keeps them.
 */
export const UNTRACKED: ReadonlySet<string> = new Set<JobKind>([
  'import-scan',
  'dataset-update',
  'dataset-shape',
  'segment-rename',
  'ads-whatif',
  'recommend-user',
  'recommend-similar',
  'recommend-basket',
  'recommend-export',
  'propensity-export',
  'audience',
  'audience-export',
  'workspace-export',
]);
