// Segments state (one per app, so a running job outlives the page): the stored segmentation of the chosen dataset
// and the jobs that produce or rename it.
import type { SegmentJobResult, SegmentSpec } from '../core/segments/job.ts';
import type { AudienceJobResult } from '../core/audience/job.ts';
import { JobRunner } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';
import { StoredResultState } from './stored-result.svelte.ts';
import { data } from './data.svelte.ts';

export const SEGMENT_COLOURS = [
  '#2f6fed',
  '#e8590c',
  '#2b8a3e',
  '#c2255c',
  '#7048e8',
  '#0b7285',
  '#e67700',
  '#5c940d',
  '#862e9c',
  '#495057',
];

export class SegmentsState extends StoredResultState<SegmentJobResult> {
  constructor() {
    super('segment');
  }

  readonly job = new JobRunner<'segment'>(m.job_label_segment);
  readonly rename = new JobRunner<'segment-rename'>(m.job_label_segment_rename);
  readonly linking = new JobRunner<'audience'>(m.job_label_audience);
  readonly audienceExport = new JobRunner<'audience-export'>(m.job_label_audience_export);
  /** One segment's linked profile (recommendations, propensity, CLV), for the segment last asked about. */
  audience = $state.raw<AudienceJobResult | null>(null);

  protected override show(result: SegmentJobResult | null, at: number): void {
    super.show(result, at);
    this.audience = null;
  }

  async linkAudience(segment: number): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.linking.run({ kind: 'audience', datasetId, segment, n: 10 }, data.nameOf(datasetId));
    if (this.datasetId === datasetId) this.audience = out;
  }

  /** The audience CSV (customer id, segment and the linked scores); null if it failed. */
  async exportAudience(segment: number | null): Promise<string | null> {
    const datasetId = this.datasetId;
    if (!datasetId) return null;
    const out = await this.audienceExport.run({ kind: 'audience-export', datasetId, segment }, data.nameOf(datasetId));
    return out?.csv ?? null;
  }

  async run(spec: Omit<SegmentSpec, 'kind' | 'datasetId'>): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.job.run({ kind: 'segment', datasetId, ...spec }, data.nameOf(datasetId));
    if (out && this.datasetId === datasetId) await this.load(datasetId);
  }

  async saveNames(names: string[]): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.rename.run({ kind: 'segment-rename', datasetId, names }, data.nameOf(datasetId));
    if (out && this.datasetId === datasetId) this.result = out;
  }
}

export const segments = new SegmentsState();
