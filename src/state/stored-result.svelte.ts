// The part every feature's state shares: the chosen dataset and its stored result of one kind, loaded from storage
// and kept on screen when a page comes back to the same dataset and nothing new was stored.
import { getResult } from '../storage/results.ts';

export abstract class StoredResultState<T> {
  datasetId = $state<string | null>(null);
  result = $state.raw<T | null>(null);
  resultAt = $state(0);
  #loaded = false;

  constructor(private readonly resultKind: string) {}

  /** Shows what is stored for a dataset; coming back to the same dataset keeps the screen unless storage changed. */
  async load(datasetId: string | null): Promise<void> {
    const same = this.#loaded && datasetId === this.datasetId;
    this.#loaded = true;
    this.datasetId = datasetId;
    if (!same) this.show(null, 0);
    if (!datasetId) return;
    const rec = await getResult<T>(this.resultKind, datasetId);
    if (this.datasetId !== datasetId || (same && (rec?.createdAt ?? 0) === this.resultAt)) return;
    this.show(rec?.result ?? null, rec?.createdAt ?? 0);
  }

  /** A new result on screen; subclasses also clear what was derived from the old one. */
  protected show(result: T | null, at: number): void {
    this.result = result;
    this.resultAt = at;
  }
}
