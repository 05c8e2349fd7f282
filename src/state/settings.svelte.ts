// Settings state: the engine check (a small TF.js fit in the worker) with its form values, and switching backend.
// Module-level, so a long check keeps running, with progress and Cancel, while other pages are open.
import type { BackendName } from '../core/tf/backend-names.ts';
import { app } from './app.svelte.ts';
import { JobRunner } from './job.svelte.ts';

class SettingsState {
  readonly check = new JobRunner<'demo-fit'>('Engine check');
  epochs = $state(150);
  rows = $state(256);
  switching = $state(false);

  async choose(name: BackendName | null): Promise<void> {
    this.switching = true;
    try {
      await app.setBackend(name);
    } finally {
      this.switching = false;
    }
  }

  runCheck(): void {
    const epochs = Math.max(1, Math.min(5000, Math.round(Number(this.epochs) || 1)));
    const rows = Math.max(16, Math.min(5_000_000, Math.round(Number(this.rows) || 16)));
    void this.check.run({ kind: 'demo-fit', epochs, rows }, `${epochs} epochs`);
  }
}

export const settings = new SettingsState();
