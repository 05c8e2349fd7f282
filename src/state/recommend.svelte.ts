// Recommendations state (one per app, so training outlives the page): the stored comparison of the chosen dataset,
// the training job, and the quick queries (a user's top-N, similar items, a basket) and exports that run against
// the stored model in the worker.
import type { RecommendSpec, RecommendSummary, RecommendUserResult } from '../core/recommend/job.ts';
import type { Recommendation, SimilarItem } from '../core/recommend/serve.ts';
import { JobRunner } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';
import { StoredResultState } from './stored-result.svelte.ts';
import { data } from './data.svelte.ts';

export class RecommendState extends StoredResultState<RecommendSummary> {
  constructor() {
    super('recommend');
  }

  user = $state.raw<RecommendUserResult | null>(null);
  similar = $state.raw<{ item: string; similar: SimilarItem[] } | null>(null);
  basket = $state.raw<{ recommendations: Recommendation[]; unknown: string[] } | null>(null);
  /** The catalogue whose titles the queries show (per app session; null = the names the model has). */
  catalogueId = $state<string | null>(null);
  /** How many of the model's items the joined catalogue named. */
  titles = $state.raw<{ catalogue: string; matched: number; items: number } | null>(null);
  #lastUser: { user: string; n: number } | null = null;
  #lastItem: string | null = null;
  readonly training = new JobRunner<'recommend'>(m.job_label_recommend);
  readonly userQuery = new JobRunner<'recommend-user'>(m.job_label_recommend_user);
  readonly similarQuery = new JobRunner<'recommend-similar'>(m.job_label_recommend_similar);
  readonly basketQuery = new JobRunner<'recommend-basket'>(m.job_label_recommend_basket);
  readonly exporting = new JobRunner<'recommend-export'>(m.job_label_recommend_export);

  /** A new comparison: the query answers of the old model go with it. */
  protected override show(result: RecommendSummary | null, at: number): void {
    super.show(result, at);
    this.user = null;
    this.similar = null;
    this.basket = null;
    this.titles = null;
    this.#lastUser = null;
    this.#lastItem = null;
  }

  get #titlesFrom(): { catalogueId?: string } {
    return this.catalogueId ? { catalogueId: this.catalogueId } : {};
  }

  /** One click: show titles from a catalogue dataset, and ask the shown answers again with them. */
  async useCatalogue(id: string | null): Promise<void> {
    this.catalogueId = id;
    if (!id) this.titles = null;
    if (this.#lastUser) await this.forUser(this.#lastUser.user, this.#lastUser.n);
    if (this.#lastItem) await this.similarTo(this.#lastItem);
  }

  async train(spec: Omit<RecommendSpec, 'kind' | 'datasetId'>): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.training.run({ kind: 'recommend', datasetId, ...spec }, data.nameOf(datasetId));
    if (out && this.datasetId === datasetId) await this.load(datasetId);
  }

  get #name(): string {
    return data.nameOf(this.datasetId);
  }

  async forUser(user: string, n = 10): Promise<void> {
    if (!this.datasetId || !user.trim()) return;
    this.#lastUser = { user, n };
    const out = await this.userQuery.run(
      { kind: 'recommend-user', datasetId: this.datasetId, user, n, ...this.#titlesFrom },
      this.#name,
    );
    if (out) {
      this.user = out;
      this.titles = out.titles ?? null;
    }
  }

  async similarTo(item: string, n = 10): Promise<void> {
    if (!this.datasetId || !item.trim()) return;
    this.#lastItem = item;
    const out = await this.similarQuery.run(
      { kind: 'recommend-similar', datasetId: this.datasetId, item, n, ...this.#titlesFrom },
      this.#name,
    );
    if (out) this.similar = out;
  }

  async forBasket(basket: { item: string; value?: number }[], n = 10): Promise<void> {
    if (!this.datasetId || basket.length === 0) return;
    const out = await this.basketQuery.run(
      { kind: 'recommend-basket', datasetId: this.datasetId, basket, n, ...this.#titlesFrom },
      this.#name,
    );
    if (out) this.basket = out;
  }

  /** CSV built in the worker; null when the job failed or was cancelled. */
  async exportCsv(what: 'top-n' | 'similar', n = 10): Promise<string | null> {
    if (!this.datasetId) return null;
    const out = await this.exporting.run(
      { kind: 'recommend-export', datasetId: this.datasetId, what, n, ...this.#titlesFrom },
      this.#name,
    );
    return out?.csv ?? null;
  }
}

export const recommend = new RecommendState();
