// Data state for the whole app: the dataset library, the selection, storage use, the importer, and every dataset
// write (rename, roles, delete, repair) as a worker job, so the worker's table cache stays true to storage.
import type { DatasetRecord } from '../core/data/dataset-record.ts';
import type { DatasetUpdateResult, DatasetUpdateSpec } from '../core/data/job.ts';
import type { RepairStep } from '../core/data/repairs.ts';
import type { Role } from '../core/data/table.ts';
import { ROLE_NAME } from './data-words.ts';
import { listDatasets } from '../storage/datasets.ts';
import { requestPersistence, storageInfo, type StorageInfo } from '../storage/quota.ts';
import type { DatasetPreview } from '../core/worker-api.ts';
import { JobRunner } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';
import { ImportState } from './import.svelte.ts';
import { ml } from './ml-client.ts';
import type { DatasetShapeResult } from '../core/data/job.ts';

class DataState {
  datasets = $state.raw<DatasetRecord[]>([]);
  selectedId = $state<string | null>(null);
  storage = $state.raw<StorageInfo | null>(null);
  /** What the last repair did, for the dataset it ran on. */
  lastRepair = $state<{ datasetId: string; text: string } | null>(null);
  readonly importer = new ImportState(this);
  readonly update = new JobRunner<'dataset-update'>(m.job_label_dataset_update);
  readonly deleting = new JobRunner<'dataset-delete'>(m.job_label_dataset_delete);
  readonly repairing = new JobRunner<'repair'>(m.job_label_repair);
  readonly rereading = new JobRunner<'import'>(m.job_label_reread);
  /** Edits run one after another: a second role change made while the first waits is not dropped. */
  #edits: Promise<unknown> = Promise.resolve();

  get selected(): DatasetRecord | undefined {
    return this.datasets.find((d) => d.id === this.selectedId);
  }

  nameOf(id: string | null | undefined): string {
    return this.datasets.find((d) => d.id === id)?.name ?? '';
  }

  /** Datasets that carry every one of the given roles. */
  datasetsWith(...roles: Role[]): DatasetRecord[] {
    return this.datasets.filter((d) => roles.every((r) => Object.values(d.roles).includes(r)));
  }

  select(id: string): void {
    this.selectedId = id;
  }

  /** Re-reads the library (storage is read-only here: the worker writes datasets). */
  async refresh(): Promise<void> {
    this.datasets = await listDatasets();
    if (!this.datasets.some((d) => d.id === this.selectedId)) this.selectedId = this.datasets[0]?.id ?? null;
    void this.refreshStorage();
  }

  async refreshStorage(): Promise<void> {
    this.storage = await storageInfo().catch(() => null);
  }

  /** Asks the browser to keep our data under storage pressure; true when granted. */
  async persist(): Promise<boolean> {
    const ok = await requestPersistence().catch(() => false);
    await this.refreshStorage();
    return ok;
  }

  /** Renames a dataset in the worker; resolves to an error message, or null when saved. */
  async rename(id: string, name: string): Promise<string | null> {
    if (!name.trim()) return m.data_name_needed();
    const out = await this.#edit({ kind: 'dataset-update', datasetId: id, name });
    if (out) await this.refresh();
    return out ? null : (this.update.error?.message ?? m.data_not_renamed());
  }

  /** Maps a column to a role in the worker; resolves to what the user sees next to the table. */
  async setRole(id: string, column: string, role: Role): Promise<{ ok: boolean; text: string }> {
    const out = await this.#edit({ kind: 'dataset-update', datasetId: id, roles: { [column]: role } });
    if (!out)
      return {
        ok: false,
        text: m.data_role_save_failed({ why: this.update.error?.message ?? m.data_unknown_error() }),
      };
    await this.refresh();
    return { ok: true, text: m.data_role_now({ column, role: ROLE_NAME[role]() }) };
  }

  #edit(spec: DatasetUpdateSpec): Promise<DatasetUpdateResult | null> {
    const run = () => this.update.run(spec, this.nameOf(spec.datasetId));
    const next = this.#edits.then(run, run);
    this.#edits = next;
    return next;
  }

  /** Deletes a dataset with its models and results in the worker; resolves to an error message or null. */
  async remove(id: string): Promise<string | null> {
    const out = await this.deleting.run({ kind: 'dataset-delete', datasetId: id }, this.nameOf(id));
    await this.refresh();
    return out ? null : m.data_delete_failed({ why: this.deleting.error?.message ?? m.data_unknown_error() });
  }

  /** Rows [offset, offset+limit) as display strings, read by the worker (a read: it does not wait in the queue). */
  /**
   * "What is this file?" for a stored dataset (its shape, reasons and the analysis that fits); null if it failed. A
   * quick query straight through the worker queue (each call answered, no tray entry), like the preview.
   */
  async shape(id: string): Promise<DatasetShapeResult | null> {
    try {
      return await ml.run<'dataset-shape'>({ kind: 'dataset-shape', datasetId: id });
    } catch {
      return null;
    }
  }

  async preview(id: string, offset: number, limit: number): Promise<DatasetPreview> {
    return (await ml.api()).preview(id, offset, limit);
  }

  async repair(id: string, step: RepairStep): Promise<void> {
    const out = await this.repairing.run({ kind: 'repair', datasetId: id, step }, this.nameOf(id));
    if (!out) return;
    this.lastRepair = { datasetId: id, text: out.applied.description };
    await this.refresh();
  }

  /** Reverts the dataset's newest repair that can still be undone (the worker keeps the last few). */
  async undoRepair(id: string): Promise<void> {
    const out = await this.repairing.run({ kind: 'repair', datasetId: id, undo: true }, this.nameOf(id));
    if (!out) return;
    this.lastRepair = { datasetId: id, text: out.applied.description };
    await this.refresh();
  }

  /** "Read as …": the same file bytes imported again in another encoding (`auto` detects again), in place. */
  async reread(id: string, encoding: string): Promise<void> {
    const out = await this.rereading.run(
      { kind: 'import', reread: id, name: this.nameOf(id), encoding },
      this.nameOf(id),
    );
    if (out) await this.refresh();
  }
}

export const data = new DataState();
export type { DataState };
