// App-wide rune state: backend status, the dataset library, the selected dataset.
import type { BackendInfo, BackendName } from '../core/tf/backend-names.ts';
import type { DatasetRecord } from '../storage/db.ts';
import { listDatasets } from '../storage/datasets.ts';
import { getSetting, setSetting } from '../storage/settings.ts';
import { ml } from './ml-client.ts';

class AppState {
  backend = $state.raw<BackendInfo | null>(null);
  backendError = $state<string | null>(null);
  forcedBackend = $state<BackendName | null>(null);
  datasets = $state.raw<DatasetRecord[]>([]);
  selectedId = $state<string | null>(null);
  ready = $state(false);
  /** A notice for the whole app (e.g. storage failures), shown in the status bar. */
  notice = $state<string | null>(null);

  get selected(): DatasetRecord | undefined {
    return this.datasets.find((d) => d.id === this.selectedId);
  }

  async start(): Promise<void> {
    try {
      this.forcedBackend = await getSetting('backend');
      await this.refreshDatasets();
    } catch (e) {
      this.notice = `Local storage is unavailable: ${e instanceof Error ? e.message : String(e)}. Data cannot be saved in this browser profile.`;
    }
    this.ready = true;
    await this.#initBackend(() => ml.setBackend(this.forcedBackend));
  }

  async #initBackend(start: () => Promise<BackendInfo>): Promise<void> {
    this.backend = null;
    this.backendError = null;
    try {
      this.backend = await start();
    } catch (e) {
      this.backendError = e instanceof Error ? e.message : String(e);
    }
  }

  async setBackend(name: BackendName | null): Promise<void> {
    this.forcedBackend = name;
    await setSetting('backend', name);
    await this.#initBackend(() => ml.setBackend(name));
  }

  async refreshDatasets(): Promise<void> {
    this.datasets = await listDatasets();
    if (!this.datasets.some((d) => d.id === this.selectedId)) this.selectedId = this.datasets[0]?.id ?? null;
  }

  /** Datasets that carry every one of the given roles. */
  datasetsWith(...roles: string[]): DatasetRecord[] {
    return this.datasets.filter((d) => roles.every((r) => Object.values(d.roles).includes(r as never)));
  }
}

export const app = new AppState();
