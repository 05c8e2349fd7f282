// Propensity page state: the stored model result of the chosen dataset and the jobs that train or re-score it.
import type { PropensityJobResult, PropensityScoreResult, PropensitySpec } from '../core/propensity/job.ts';
import { getResult } from '../storage/results.ts';
import { JobRunner } from './job.svelte.ts';

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
