// Propensity state (one per app, so a running job outlives the page): the stored model result of the chosen dataset
// and the jobs that train or re-score it.
import type { PropensityJobResult, PropensityScoreResult, PropensitySpec } from '../core/propensity/job.ts';
import { JobRunner } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';
import { StoredResultState } from './stored-result.svelte.ts';
import { data } from './data.svelte.ts';

export class PropensityState extends StoredResultState<PropensityJobResult> {
  constructor() {
    super('propensity');
  }

  rescore = $state.raw<PropensityScoreResult | null>(null);
  readonly job = new JobRunner<'propensity'>(m.job_label_propensity);
  readonly score = new JobRunner<'propensity-score'>(m.job_label_propensity_score);
  readonly exporter = new JobRunner<'propensity-export'>(m.job_label_propensity_export);

  protected override show(result: PropensityJobResult | null, at: number): void {
    super.show(result, at);
    this.rescore = null;
  }

  async run(spec: Omit<PropensitySpec, 'kind' | 'datasetId'>): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.job.run({ kind: 'propensity', datasetId, ...spec }, data.nameOf(datasetId));
    if (out && this.datasetId === datasetId) await this.load(datasetId);
  }

  /** Re-score every row from the stored model and compare with the stored probabilities. */
  async check(): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.score.run({ kind: 'propensity-score', datasetId }, data.nameOf(datasetId));
    if (this.datasetId === datasetId) this.rescore = out;
  }

  /** The scores CSV with each customer's reasons, built in the worker from the stored model; null if it failed. */
  async exportScores(): Promise<string | null> {
    const datasetId = this.datasetId;
    if (!datasetId) return null;
    const out = await this.exporter.run({ kind: 'propensity-export', datasetId }, data.nameOf(datasetId));
    return out?.csv ?? null;
  }
}

export const propensity = new PropensityState();
