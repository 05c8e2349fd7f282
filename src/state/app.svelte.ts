// App-wide rune state: start-up, the TF.js backend status and choice, and the app-wide notice.
import type { BackendInfo, BackendName } from '../core/tf/backend-names.ts';
import { getSetting, setSetting } from '../storage/settings.ts';
import { closeInterruptedRuns } from '../storage/runs.ts';
import { ml } from './ml-client.ts';
import { data } from './data.svelte.ts';
import { msg, type Msg } from '../core/msg.ts';

class AppState {
  backend = $state.raw<BackendInfo | null>(null);
  backendError = $state<string | null>(null);
  forcedBackend = $state<BackendName | null>(null);
  ready = $state(false);
  /** A notice for the whole app (e.g. storage failures), shown in the status bar (worded there). */
  notice = $state.raw<Msg | null>(null);

  async start(): Promise<void> {
    try {
      this.forcedBackend = await getSetting('backend');
      await closeInterruptedRuns(performance.timeOrigin);
      await data.refresh();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.notice = msg('app_storage_unavailable', { error: why });
    }
    this.ready = true;
    await this.#initBackend(() => ml.setBackend(this.forcedBackend));
    // First run: a sample workspace, ready to explore (workshops, demos). Only once per browser profile.
    try {
      if (this.backend && data.datasets.length === 0 && !(await getSetting('samplesAutoLoaded'))) {
        await setSetting('samplesAutoLoaded', true);
        await data.importer.loadSamples();
      }
    } catch {
      /* storage unavailable: already reported in the notice */
    }
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
}

export const app = new AppState();
