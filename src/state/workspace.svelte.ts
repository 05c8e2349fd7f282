// Workspace file state: export this browser's workspace as one .llw file, import one (asking before it replaces a
// non-empty workspace), and the message that says what happened. The worker does the work; this only asks and tells.
import type { WorkspaceExportResult, WorkspaceImportResult } from '../core/workspace/job.ts';
import { msg, type Msg } from '../core/msg.ts';
import { data } from './data.svelte.ts';
import { history } from './history.svelte.ts';
import { JobRunner, type RunnerError } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';

/** What happened, worded by the UI: a message (ok, or the question before replacing), or the job's error. */
export type WorkspaceMessage = { kind: 'ok'; text: Msg } | { kind: 'error' | 'confirm'; error: RunnerError };

const mb = (b: number) => Math.round(b / 1e5) / 10;
const round1 = (s: number) => Math.round(s * 10) / 10;

export function exportMessage(r: WorkspaceExportResult): Msg {
  const c = r.counts;
  return msg(r.includesPiiKey ? 'ws_exported_pii' : 'ws_exported', {
    file: r.fileName,
    datasets: c.datasets ?? 0,
    results: c.results ?? 0,
    models: c.models ?? 0,
    runs: c.runs ?? 0,
    size: mb(r.bytes),
    uncompressed: mb(r.uncompressedBytes),
    seconds: round1(r.seconds),
  });
}

/** The import's summary; `made` (when the file was exported, epoch ms) is a date the UI words in its locale. */
export function importMessage(r: WorkspaceImportResult): Msg {
  const c = r.counts;
  const at = Date.parse(r.createdAt);
  const params = {
    datasets: c.datasets ?? 0,
    results: c.results ?? 0,
    models: c.models ?? 0,
    runs: c.runs ?? 0,
    seconds: round1(r.seconds),
  };
  if (Number.isFinite(at))
    return msg(r.includesPiiKey ? 'ws_imported_at_pii' : 'ws_imported_at_no_pii', { ...params, made: at });
  return msg(r.includesPiiKey ? 'ws_imported_pii' : 'ws_imported_no_pii', params);
}

class WorkspaceState {
  readonly exporting = new JobRunner<'workspace-export'>(m.job_label_workspace_export);
  readonly importing = new JobRunner<'workspace-import'>(m.job_label_workspace_import);
  includePiiKey = $state(false);
  message = $state<WorkspaceMessage | null>(null);
  /** The file waiting for "Replace everything" (this browser already holds a workspace). */
  pending = $state.raw<File | null>(null);

  /** Runs the export; the caller saves the Blob (a download is UI work). */
  async exportFile(): Promise<WorkspaceExportResult | null> {
    this.message = null;
    const out = await this.exporting.run({ kind: 'workspace-export', includePiiKey: this.includePiiKey });
    if (out) this.message = { kind: 'ok', text: exportMessage(out) };
    else if (this.exporting.error) this.message = { kind: 'error', error: this.exporting.error };
    return out;
  }

  async importFile(file: File, replace = false): Promise<void> {
    this.message = null;
    this.pending = null;
    const out = await this.importing.run({ kind: 'workspace-import', file, replace }, file.name);
    if (out) {
      this.message = { kind: 'ok', text: importMessage(out) };
      await this.#reload();
      return;
    }
    const err = this.importing.error;
    if (!err) return;
    if (err.code === 'workspace-not-empty') {
      this.pending = file;
      this.message = { kind: 'confirm', error: err };
    } else this.message = { kind: 'error', error: err };
  }

  /** "Replace everything": the same file again, now allowed to replace this browser's workspace. */
  confirmReplace(): Promise<void> {
    const file = this.pending;
    return file ? this.importFile(file, true) : Promise.resolve();
  }

  cancelReplace(): void {
    this.pending = null;
    this.message = { kind: 'ok', text: msg('ws_import_cancelled') };
  }

  /** Everything the app holds in memory from storage now describes another workspace. */
  async #reload(): Promise<void> {
    await data.refresh();
    // The imported backend choice applies from the next start, like any stored setting read at start-up.
    await history.load();
  }
}

export const workspace = new WorkspaceState();
