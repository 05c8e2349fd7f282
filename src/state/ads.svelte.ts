// Ads page state: the stored analysis and plan of the chosen dataset, the three jobs, and coalesced what-if queries.
import type { AdsAllocateSpec, AdsAllocationRecord, AdsJobResult, AdsSpec, AdsWhatIfResult, AdsWhatIfSpec } from '../core/ads/job.ts';
import { getResult } from '../storage/results.ts';
import { JobRunner } from './job.svelte.ts';

export class AdsState {
  datasetId = $state<string | null>(null);
  result = $state.raw<AdsJobResult | null>(null);
  resultAt = $state(0);
  plan = $state.raw<AdsAllocationRecord | null>(null);
  whatIf = $state.raw<AdsWhatIfResult | null>(null);
  mixWhatIf = $state.raw<AdsWhatIfResult | null>(null);
  whatIfError = $state<string | null>(null);
  readonly analysis = new JobRunner<'ads'>();
  readonly allocate = new JobRunner<'ads-allocate'>();
  readonly query = new JobRunner<'ads-whatif'>();
  #pending: AdsWhatIfSpec | null = null;

  /** Loads what is stored for a dataset (analysis + plan), so results survive reloads. */
  async load(datasetId: string | null): Promise<void> {
    this.datasetId = datasetId;
    this.result = null;
    this.plan = null;
    this.whatIf = null;
    this.mixWhatIf = null;
    if (!datasetId) return;
    const rec = await getResult<AdsJobResult>('ads', datasetId);
    if (this.datasetId !== datasetId) return;
    this.result = rec?.result ?? null;
    this.resultAt = rec?.createdAt ?? 0;
    const plan = await getResult<AdsAllocationRecord>('ads-allocation', datasetId);
    if (this.datasetId !== datasetId) return;
    // A plan made on older curves is stale once the analysis is re-run.
    this.plan = plan && rec && plan.result.analysisAt === rec.createdAt ? plan.result : null;
  }

  async run(spec: Omit<AdsSpec, 'kind' | 'datasetId'>): Promise<void> {
    if (!this.datasetId) return;
    const out = await this.analysis.run({ kind: 'ads', datasetId: this.datasetId, ...spec });
    if (out) await this.load(this.datasetId);
  }

  async allocatePlan(spec: Omit<AdsAllocateSpec, 'kind' | 'datasetId'>): Promise<void> {
    if (!this.datasetId) return;
    const out = await this.allocate.run({ kind: 'ads-allocate', datasetId: this.datasetId, ...spec });
    if (out) this.plan = out;
  }

  /** What-if in the worker; while one runs, only the latest request waits (slider drags do not queue up). */
  async ask(spec: Omit<AdsWhatIfSpec, 'kind' | 'datasetId'>): Promise<void> {
    if (!this.datasetId) return;
    this.#pending = { kind: 'ads-whatif', datasetId: this.datasetId, ...spec };
    if (this.query.running) return;
    while (this.#pending) {
      const next = this.#pending;
      this.#pending = null;
      const out = await this.query.run(next);
      this.whatIfError = this.query.error?.message ?? null;
      if (!out) continue;
      if (next.spend) this.whatIf = out;
      if (next.mix) this.mixWhatIf = out;
    }
  }
}
