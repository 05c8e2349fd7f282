// History state: the run records of this browser profile, newest first, and clearing them (runs only; datasets,
// models and results stay). Runs are not datasets, so this state may write the runs store itself.
import type { RunRecord } from '../storage/db.ts';
import { clearRuns, listRuns } from '../storage/runs.ts';

class HistoryState {
  runs = $state.raw<RunRecord[]>([]);
  error = $state<string | null>(null);
  loaded = $state(false);

  async load(): Promise<void> {
    try {
      this.runs = await listRuns();
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
    this.loaded = true;
  }

  async clear(): Promise<void> {
    try {
      await clearRuns();
    } catch (e) {
      this.error = `Could not clear the history: ${e instanceof Error ? e.message : String(e)}`;
    }
    await this.load();
  }
}

export const history = new HistoryState();
