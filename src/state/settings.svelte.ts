// Settings state: the engine check (a small TF.js fit in the worker) with its form values, and switching backend.
// Module-level, so a long check keeps running, with progress and Cancel, while other pages are open.
import type { BackendName } from '../core/tf/backend-names.ts';
import { getSetting, setSetting } from '../storage/settings.ts';
import { app } from './app.svelte.ts';
import { JobRunner } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';
import { fmtInt } from '../core/format.ts';

class SettingsState {
  readonly check = new JobRunner<'demo-fit'>(m.job_label_engine_check);
  epochs = $state(150);
  rows = $state(256);
  switching = $state(false);
  /** Reports and summary exports leave out every group with fewer customers or rows than this (k-anonymity). */
  minGroupSize = $state(10);
  #prefs: Promise<void> | null = null;

  constructor() {
    // Read at start, so a summary export made before any report or Settings visit already uses the stored k.
    if (typeof indexedDB !== 'undefined') void this.loadPrefs();
  }

  /** Reads the remembered minimum group size once (the key predates reports: it was the segments' minimum size). */
  loadPrefs(): Promise<void> {
    this.#prefs ??= getSetting('minSegmentSize')
      .then((k) => {
        if (Number.isFinite(k) && k >= 1) this.minGroupSize = Math.round(k);
      })
      .catch(() => undefined);
    return this.#prefs;
  }

  setMinGroupSize(value: number): void {
    const k = Math.max(1, Math.min(1000, Math.round(Number(value) || 10)));
    this.minGroupSize = k;
    void setSetting('minSegmentSize', k);
  }

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
    void this.check.run({ kind: 'demo-fit', epochs, rows }, () => m.job_epochs({ epochs: fmtInt(epochs) }));
  }
}

export const settings = new SettingsState();
