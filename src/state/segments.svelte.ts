// Segments page state: the stored segmentation of the chosen dataset and the jobs that produce or rename it.
import type { SegmentJobResult, SegmentSpec } from '../core/segments/job.ts';
import { getResult } from '../storage/results.ts';
import { JobRunner } from './job.svelte.ts';

export const SEGMENT_COLOURS = ['#2f6fed', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0b7285', '#e67700', '#5c940d', '#862e9c', '#495057'];

export class SegmentsState {
  datasetId = $state<string | null>(null);
  result = $state.raw<SegmentJobResult | null>(null);
  resultAt = $state(0);
  readonly job = new JobRunner<'segment'>();
  readonly rename = new JobRunner<'segment-rename'>();

  async load(datasetId: string | null): Promise<void> {
    this.datasetId = datasetId;
    this.result = null;
    if (!datasetId) return;
    const rec = await getResult<SegmentJobResult>('segment', datasetId);
    if (this.datasetId !== datasetId) return;
    this.result = rec?.result ?? null;
    this.resultAt = rec?.createdAt ?? 0;
  }

  async run(spec: Omit<SegmentSpec, 'kind' | 'datasetId'>): Promise<void> {
    if (!this.datasetId) return;
    const out = await this.job.run({ kind: 'segment', datasetId: this.datasetId, ...spec });
    if (out) await this.load(this.datasetId);
  }

  async saveNames(names: string[]): Promise<void> {
    if (!this.datasetId) return;
    const out = await this.rename.run({ kind: 'segment-rename', datasetId: this.datasetId, names });
    if (out) this.result = out;
  }
}
