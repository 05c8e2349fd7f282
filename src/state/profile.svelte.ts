// Segments and Propensity page state: the stored result of the chosen dataset and the jobs that produce or query it.
import type { PropensityJobResult, PropensityScoreResult, PropensitySpec, SegmentJobResult, SegmentSpec } from '../../workers/jobs/profile.ts';
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

export class PropensityState {
  datasetId = $state<string | null>(null);
  result = $state.raw<PropensityJobResult | null>(null);
  resultAt = $state(0);
  rescore = $state.raw<PropensityScoreResult | null>(null);
  readonly job = new JobRunner<'propensity'>();
  readonly score = new JobRunner<'propensity-score'>();

  async load(datasetId: string | null): Promise<void> {
    this.datasetId = datasetId;
    this.result = null;
    this.rescore = null;
    if (!datasetId) return;
    const rec = await getResult<PropensityJobResult>('propensity', datasetId);
    if (this.datasetId !== datasetId) return;
    this.result = rec?.result ?? null;
    this.resultAt = rec?.createdAt ?? 0;
  }

  async run(spec: Omit<PropensitySpec, 'kind' | 'datasetId'>): Promise<void> {
    if (!this.datasetId) return;
    const out = await this.job.run({ kind: 'propensity', datasetId: this.datasetId, ...spec });
    if (out) await this.load(this.datasetId);
  }

  /** Re-score every row from the stored model and compare with the stored probabilities. */
  async check(): Promise<void> {
    if (!this.datasetId) return;
    this.rescore = await this.score.run({ kind: 'propensity-score', datasetId: this.datasetId });
  }
}
