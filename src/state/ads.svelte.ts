// Ads state (one per app, so an analysis outlives the page): the stored analysis and plan of the chosen dataset,
// the three jobs, coalesced what-if queries and the audience a what-if is targeted at.
import type {
  AdsAudienceSpec,
  AdsAllocateSpec,
  AdsAllocationRecord,
  AdsJobResult,
  AdsSpec,
  AdsWhatIfResult,
  AdsWhatIfSpec,
} from '../core/ads/job.ts';
import type { SegmentJobResult } from '../core/segments/job.ts';
import { getResult, listResults } from '../storage/results.ts';
import { JobRunner } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';
import { data } from './data.svelte.ts';

/** A stored audience the what-if can target: a segment of a segmented dataset, or a propensity model's scores. */
export interface AudienceChoice {
  key: string;
  label: string;
  kind: 'segment' | 'propensity';
  datasetId: string;
  segment?: number;
}

/** The stored segments (by name) and propensity models, as audience choices. */
async function audienceChoices(): Promise<AudienceChoice[]> {
  const out: AudienceChoice[] = [];
  for (const r of await listResults()) {
    const name = data.nameOf(r.datasetId) || r.datasetId;
    if (r.kind === 'segment')
      for (const c of (r.result as SegmentJobResult).cards ?? [])
        out.push({
          key: `seg:${r.datasetId}:${c.id}`,
          label: `segment “${c.name}” of ${name}`,
          kind: 'segment',
          datasetId: r.datasetId,
          segment: c.id,
        });
    if (r.kind === 'propensity')
      out.push({
        key: `top:${r.datasetId}`,
        label: `top deciles of the propensity model on ${name}`,
        kind: 'propensity',
        datasetId: r.datasetId,
      });
  }
  return out;
}

export class AdsState {
  datasetId = $state<string | null>(null);
  result = $state.raw<AdsJobResult | null>(null);
  resultAt = $state(0);
  plan = $state.raw<AdsAllocationRecord | null>(null);
  whatIf = $state.raw<AdsWhatIfResult | null>(null);
  mixWhatIf = $state.raw<AdsWhatIfResult | null>(null);
  whatIfError = $state<string | null>(null);
  /** The audience every what-if is targeted at (null: none). */
  audience = $state.raw<AdsAudienceSpec | null>(null);
  audiences = $state.raw<AudienceChoice[]>([]);
  #lastSpend: Record<string, number> | null = null;
  #lastMix: Record<string, Record<string, number>> | null = null;
  readonly analysis = new JobRunner<'ads'>(m.job_label_ads);
  readonly allocate = new JobRunner<'ads-allocate'>(m.job_label_ads_allocate);
  readonly query = new JobRunner<'ads-whatif'>(m.job_label_ads_whatif);
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
    void audienceChoices().then((a) => (this.audiences = a));
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
    this.#lastSpend = null;
    this.#lastMix = null;
  }

  /** Targets the what-ifs at an audience (or none) and asks the last spend and mix scenarios again. */
  async target(audience: AdsAudienceSpec | null): Promise<void> {
    this.audience = audience;
    const spend = this.#lastSpend ?? {};
    await this.ask({ spend, ...(this.#lastMix ? { mix: this.#lastMix } : {}) });
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
    if (spec.spend) this.#lastSpend = spec.spend;
    if (spec.mix) this.#lastMix = spec.mix;
    const audience = this.audience ? { audience: this.audience } : {};
    this.#pending = { kind: 'ads-whatif', datasetId: this.datasetId, ...spec, ...audience };
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
