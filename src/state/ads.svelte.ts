// Ads state (one per app, so an analysis outlives the page): the stored analysis and plan of the chosen dataset,
// the three jobs, and coalesced what-if queries.
import type {
  AdsAllocateSpec,
  AdsAllocationRecord,
  AdsJobResult,
  AdsSpec,
  AdsWhatIfResult,
  AdsWhatIfSpec,
} from '../core/ads/job.ts';
import { getResult } from '../storage/results.ts';
import { JobRunner } from './job.svelte.ts';
import { data } from './data.svelte.ts';

export class AdsState {
  datasetId = $state<string | null>(null);
  result = $state.raw<AdsJobResult | null>(null);
  resultAt = $state(0);
  plan = $state.raw<AdsAllocationRecord | null>(null);
  whatIf = $state.raw<AdsWhatIfResult | null>(null);
  mixWhatIf = $state.raw<AdsWhatIfResult | null>(null);
  whatIfError = $state<string | null>(null);
  readonly analysis = new JobRunner<'ads'>('Analysing campaigns');
  readonly allocate = new JobRunner<'ads-allocate'>('Allocating budget');
  readonly query = new JobRunner<'ads-whatif'>('What-if');
  #pending: AdsWhatIfSpec | null = null;
  #loaded = false;

  /** Loads what is stored for a dataset (analysis + plan, so results survive reloads); coming back to the same
   * dataset keeps the screen (what-if answers included) unless storage changed. */
  async load(datasetId: string | null): Promise<void> {
    const same = this.#loaded && datasetId === this.datasetId;
    this.#loaded = true;
    this.datasetId = datasetId;
    if (!same) this.#show(null, 0, null);
    if (!datasetId) return;
    const rec = await getResult<AdsJobResult>('ads', datasetId);
    const stored = await getResult<AdsAllocationRecord>('ads-allocation', datasetId);
    if (this.datasetId !== datasetId) return;
    // A plan made on older curves is stale once the analysis is re-run.
    const plan = stored && rec && stored.result.analysisAt === rec.createdAt ? stored.result : null;
    if (same && (rec?.createdAt ?? 0) === this.resultAt) {
      this.plan = plan;
      return;
    }
    this.#show(rec?.result ?? null, rec?.createdAt ?? 0, plan);
  }

  #show(result: AdsJobResult | null, at: number, plan: AdsAllocationRecord | null): void {
    this.result = result;
    this.resultAt = at;
    this.plan = plan;
    this.whatIf = null;
    this.mixWhatIf = null;
  }

  async run(spec: Omit<AdsSpec, 'kind' | 'datasetId'>): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.analysis.run({ kind: 'ads', datasetId, ...spec }, data.nameOf(datasetId));
    if (out && this.datasetId === datasetId) await this.load(datasetId);
  }

  async allocatePlan(spec: Omit<AdsAllocateSpec, 'kind' | 'datasetId'>): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.allocate.run({ kind: 'ads-allocate', datasetId, ...spec }, data.nameOf(datasetId));
    if (out && this.datasetId === datasetId) this.plan = out;
  }

  /** What-if in the worker; while one runs, only the latest request waits (slider drags do not queue up). */
  async ask(spec: Omit<AdsWhatIfSpec, 'kind' | 'datasetId'>): Promise<void> {
    if (!this.datasetId) return;
    this.#pending = { kind: 'ads-whatif', datasetId: this.datasetId, ...spec };
    if (this.query.running) return;
    while (this.#pending) {
      const next = this.#pending;
      this.#pending = null;
      const out = await this.query.run(next, data.nameOf(next.datasetId));
      this.whatIfError = this.query.error?.message ?? null;
      if (!out) continue;
      if (next.spend) this.whatIf = out;
      if (next.mix) this.mixWhatIf = out;
    }
  }
}

export const ads = new AdsState();
