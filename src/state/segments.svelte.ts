// Segments state (one per app, so a running job outlives the page): the stored segmentation of the chosen dataset
// and the jobs that produce or rename it.
import type { SegmentJobResult, SegmentSpec } from '../core/segments/job.ts';
import { JobRunner } from './job.svelte.ts';
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

  readonly job = new JobRunner<'segment'>('Finding segments');
  readonly rename = new JobRunner<'segment-rename'>('Saving segment names');

  protected override show(result: SegmentJobResult | null, at: number): void {
    super.show(result, at);
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
