// Linked-audience jobs in the worker: the segment result of a dataset joined, by customer id, with the stored
// recommender, propensity and CLV results that are about the same customers (src/core/audience/).
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { audienceCsv, segmentAudience, type AudienceSources } from '../../src/core/audience/profile.ts';
import { bestOverlap, type AudienceExportResult, type AudienceExportSpec } from '../../src/core/audience/job.ts';
import type { AudienceJobResult, AudienceSpec } from '../../src/core/audience/job.ts';
import type { SegmentJobResult } from '../../src/core/segments/job.ts';
import type { PropensityJobResult } from '../../src/core/propensity/job.ts';
import type { RecommendSummary } from '../../src/core/recommend/job.ts';
import type { ClvResult } from '../../src/core/clv/job.ts';
import type { RecommenderBundle } from '../../src/core/recommend/model.ts';
import { recommendForUser } from '../../src/core/recommend/serve.ts';
import { getModel, getResult, listResults } from '../../src/storage/results.ts';
import { getDataset } from '../../src/storage/datasets.ts';

type Stored = Awaited<ReturnType<typeof listResults>>[number];

async function datasetName(id: string): Promise<string> {
  return (await getDataset(id))?.name ?? id;
}

async function recommendSource(members: Set<string>, results: Stored[]): Promise<AudienceSources['recommend']> {
  const rec = results.filter((r) => r.kind === 'recommend' && r.modelId);
  const best = bestOverlap(
    members,
    rec.map((r) => ({ ids: (r.result as RecommendSummary).users, value: r })),
  );
  if (!best) return null;
  const model = await getModel(best.value.modelId!);
  if (!model) return null;
  const bundle = model.model as RecommenderBundle;
  const known = new Set(bundle.history.users);
  return {
    datasetId: best.value.datasetId,
    name: await datasetName(best.value.datasetId),
    forUser: (id, n) => (known.has(id) ? recommendForUser(bundle, id, n) : null),
  };
}

/** The segment result of `datasetId` and every stored result linked to its customers. */
export async function audienceSources(datasetId: string): Promise<AudienceSources> {
  const seg = (await getResult<SegmentJobResult>('segment', datasetId))?.result;
  if (!seg) throw new JobError('no-segments', 'Segment this dataset first: an audience is a segment’s customers.');
  const members = new Set(seg.customers);
  const results = await listResults();
  const prop = bestOverlap(
    members,
    results
      .filter((r) => r.kind === 'propensity')
      .map((r) => ({ ids: (r.result as PropensityJobResult).scores.ids, value: r })),
  );
  const clv = bestOverlap(
    members,
    results.filter((r) => r.kind === 'clv').map((r) => ({ ids: (r.result as ClvResult).customers.ids, value: r })),
  );
  const clvResult = clv ? (clv.value.result as ClvResult) : null;
  const clvName = clv ? await datasetName(clv.value.datasetId) : '';
  const propResult = prop ? (prop.value.result as PropensityJobResult) : null;
  return {
    segments: { customers: seg.customers, labels: seg.labels, cards: seg.cards },
    recommend: await recommendSource(members, results),
    propensity: propResult
      ? {
          datasetId: prop!.value.datasetId,
          name: await datasetName(prop!.value.datasetId),
          ids: propResult.scores.ids,
          values: propResult.scores.probability,
        }
      : null,
    clv: clvResult?.customers.clv
      ? {
          datasetId: clv!.value.datasetId,
          name: clvName,
          ids: clvResult.customers.ids,
          values: clvResult.customers.clv,
        }
      : null,
    pAlive: clvResult
      ? {
          datasetId: clv!.value.datasetId,
          name: clvName,
          ids: clvResult.customers.ids,
          values: clvResult.customers.pAlive,
        }
      : null,
  };
}

export async function audienceJob(spec: AudienceSpec, ctx: JobContext): Promise<AudienceJobResult> {
  ctx.progress(0, 1, 'joining results');
  const sources = await audienceSources(spec.datasetId);
  if (!sources.segments.cards.some((c) => c.id === spec.segment))
    throw new JobError('unknown-segment', `There is no segment ${spec.segment + 1} in the stored segmentation.`);
  const res = segmentAudience(sources, spec.segment, spec.n ?? 10);
  return {
    ...res,
    metrics: { members: res.members, items: res.recommend?.items.length ?? 0 },
  };
}

export async function audienceExportJob(spec: AudienceExportSpec, ctx: JobContext): Promise<AudienceExportResult> {
  ctx.progress(0, 1, 'writing the audience');
  const sources = await audienceSources(spec.datasetId);
  const out = audienceCsv(sources, spec.segment);
  const columns = ['propensity', 'clv', 'pAlive'].filter((k) => sources[k as 'clv']);
  return { ...out, columns, metrics: { rows: out.rows } };
}
