// App-wide rune state: backend status, the dataset library, the selected dataset.
import type { BackendInfo, BackendName } from '../core/tf/backend-names.ts';
import type { DatasetRecord } from '../storage/db.ts';
import { listDatasets } from '../storage/datasets.ts';
import { getSetting, setSetting } from '../storage/settings.ts';
import { ml } from './ml-client.ts';
import { closeInterruptedRuns } from '../storage/runs.ts';
import { loadSamples } from './samples.ts';

class AppState {
  backend = $state.raw<BackendInfo | null>(null);
  backendError = $state<string | null>(null);
  forcedBackend = $state<BackendName | null>(null);
  datasets = $state.raw<DatasetRecord[]>([]);
  selectedId = $state<string | null>(null);
  ready = $state(false);
  /** A notice for the whole app (e.g. storage failures), shown in the status bar. */
  notice = $state<string | null>(null);
  samples = $state<{ loading: boolean; done: number; total: number; error: string | null; loaded: number }>({ loading: false, done: 0, total: 0, error: null, loaded: 0 });

  get selected(): DatasetRecord | undefined {
    return this.datasets.find((d) => d.id === this.selectedId);
  }

  async start(): Promise<void> {
    try {
      this.forcedBackend = await getSetting('backend');
      await closeInterruptedRuns(performance.timeOrigin);
      await this.refreshDatasets();
    } catch (e) {
      this.notice = `Local storage is unavailable: ${e instanceof Error ? e.message : String(e)}. Data cannot be saved in this browser profile.`;
    }
    this.ready = true;
    await this.#initBackend(() => ml.setBackend(this.forcedBackend));
    // First run: a sample workspace, ready to explore (workshops, demos). Only once per browser profile.
    try {
      if (this.backend && this.datasets.length === 0 && !(await getSetting('samplesAutoLoaded'))) {
        await setSetting('samplesAutoLoaded', true);
        await this.loadSamples();
      }
    } catch { /* storage unavailable: already reported in the notice */ }
  }

  async loadSamples(): Promise<void> {
    if (this.samples.loading) return;
    this.samples = { loading: true, done: 0, total: 0, error: null, loaded: this.samples.loaded };
    try {
      const n = await loadSamples((_name, done, total) => {
        this.samples = { ...this.samples, done, total };
        void this.refreshDatasets();
      });
      this.samples = { ...this.samples, loading: false, loaded: this.samples.loaded + n };
    } catch (e) {
      this.samples = { ...this.samples, loading: false, error: e instanceof Error ? e.message : String(e) };
    }
    await this.refreshDatasets();
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
