// Recommendations page state: the stored comparison of the chosen dataset, the training job, and the quick
// queries (a user's top-N, similar items, a basket) and exports that run against the stored model in the worker.
import type { RecommendSpec, RecommendSummary, RecommendUserResult } from '../core/recommend/job.ts';
import type { Recommendation, SimilarItem } from '../core/recommend/serve.ts';
import { getResult } from '../storage/results.ts';
import { JobRunner } from './job.svelte.ts';

export class RecommendState {
  datasetId = $state<string | null>(null);
  result = $state.raw<RecommendSummary | null>(null);
  resultAt = $state(0);
  user = $state.raw<RecommendUserResult | null>(null);
  similar = $state.raw<{ item: string; similar: SimilarItem[] } | null>(null);
  basket = $state.raw<{ recommendations: Recommendation[]; unknown: string[] } | null>(null);
  readonly training = new JobRunner<'recommend'>();
  readonly userQuery = new JobRunner<'recommend-user'>();
  readonly similarQuery = new JobRunner<'recommend-similar'>();
  readonly basketQuery = new JobRunner<'recommend-basket'>();
  readonly exporting = new JobRunner<'recommend-export'>();

  /** Loads the stored comparison for a dataset, so it survives reloads. */
  async load(datasetId: string | null): Promise<void> {
    this.datasetId = datasetId;
    this.result = null;
    this.user = null;
    this.similar = null;
    this.basket = null;
    if (!datasetId) return;
    const rec = await getResult<RecommendSummary>('recommend', datasetId);
    if (this.datasetId !== datasetId) return;
    this.result = rec?.result ?? null;
    this.resultAt = rec?.createdAt ?? 0;
  }

  async train(spec: Omit<RecommendSpec, 'kind' | 'datasetId'>): Promise<void> {
    if (!this.datasetId) return;
    const out = await this.training.run({ kind: 'recommend', datasetId: this.datasetId, ...spec });
    if (out) await this.load(this.datasetId);
  }

  async forUser(user: string, n = 10): Promise<void> {
    if (!this.datasetId || !user.trim()) return;
    const out = await this.userQuery.run({ kind: 'recommend-user', datasetId: this.datasetId, user, n });
    if (out) this.user = out;
  }

  async similarTo(item: string, n = 10): Promise<void> {
    if (!this.datasetId || !item.trim()) return;
    const out = await this.similarQuery.run({ kind: 'recommend-similar', datasetId: this.datasetId, item, n });
    if (out) this.similar = out;
  }

  async forBasket(basket: { item: string; value?: number }[], n = 10): Promise<void> {
    if (!this.datasetId || basket.length === 0) return;
    const out = await this.basketQuery.run({ kind: 'recommend-basket', datasetId: this.datasetId, basket, n });
    if (out) this.basket = out;
  }

  /** CSV built in the worker; null when the job failed or was cancelled. */
  async exportCsv(what: 'top-n' | 'similar', n = 10): Promise<string | null> {
    if (!this.datasetId) return null;
    const out = await this.exporting.run({ kind: 'recommend-export', datasetId: this.datasetId, what, n });
    return out?.csv ?? null;
  }
}
