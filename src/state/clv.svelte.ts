// Lifetime-value state (one per app, so a running job outlives the page): the stored CLV result of the chosen
// dataset, the segmentation stored for the same dataset (for CLV per segment), and the job that fits the models.
import type { ClvResult, ClvSpec } from '../core/clv/job.ts';
import type { SegmentJobResult } from '../core/segments/job.ts';
import { getResult } from '../storage/results.ts';
import { JobRunner } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';
import { StoredResultState } from './stored-result.svelte.ts';
import { data } from './data.svelte.ts';

/** What CLV per segment needs of a stored segmentation: customer ids, their segment, the segment names. */
export interface ClvSegmentLabels {
  customers: string[];
  labels: ArrayLike<number>;
  names: string[];
  /** The segments' cards by id: the automatic name as a message, worded when shown (the reader's language). */
  cards: Pick<SegmentJobResult['cards'][number], 'name' | 'nameMsg'>[];
}

export class ClvState extends StoredResultState<ClvResult> {
  constructor() {
    super('clv');
  }

  segments = $state.raw<ClvSegmentLabels | null>(null);
  readonly job = new JobRunner<'clv'>(m.job_label_clv);

  override async load(datasetId: string | null): Promise<void> {
    await super.load(datasetId);
    await this.#loadSegments(datasetId);
  }

  async #loadSegments(datasetId: string | null): Promise<void> {
    if (!datasetId) {
      this.segments = null;
      return;
    }
    const rec = await getResult<SegmentJobResult>('segment', datasetId);
    if (this.datasetId !== datasetId) return;
    const r = rec?.result;
    if (!r) {
      this.segments = null;
      return;
    }
    const names: string[] = [];
    const cards: ClvSegmentLabels['cards'] = [];
    for (const c of r.cards) {
      names[c.id] = c.name;
      cards[c.id] = c;
    }
    this.segments = { customers: r.customers, labels: r.labels, names, cards };
  }

  async run(spec: Omit<ClvSpec, 'kind' | 'datasetId'>): Promise<void> {
    const datasetId = this.datasetId;
    if (!datasetId) return;
    const out = await this.job.run({ kind: 'clv', datasetId, ...spec }, data.nameOf(datasetId));
    if (out && this.datasetId === datasetId) await this.load(datasetId);
  }
}

export const clv = new ClvState();
