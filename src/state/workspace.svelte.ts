// Workspace file state: export this browser's workspace as one .llw file, import one (asking before it replaces a
// non-empty workspace), and the message that says what happened. The worker does the work; this only asks and tells.
import type { WorkspaceExportResult, WorkspaceImportResult } from '../core/workspace/job.ts';
import { data } from './data.svelte.ts';
import { history } from './history.svelte.ts';
import { JobRunner } from './job.svelte.ts';

export type WorkspaceMessage = { kind: 'ok' | 'error' | 'confirm'; text: string };

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

export function exportMessage(r: WorkspaceExportResult): string {
  const c = r.counts;
  return (
    `Saved ${r.fileName}: ${c.datasets ?? 0} datasets, ${c.results ?? 0} results, ${c.models ?? 0} models and ` +
    `${c.runs ?? 0} history entries, ${mb(r.bytes)} (${mb(r.uncompressedBytes)} uncompressed), ` +
    `in ${r.seconds.toFixed(1)} s.` +
    (r.includesPiiKey ? ' The file contains the PII key: keep it as safe as the raw customer data.' : '')
  );
}

export function importMessage(r: WorkspaceImportResult): string {
  const c = r.counts;
  const at = Date.parse(r.createdAt);
  const made = Number.isFinite(at)
    ? ` exported ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at)}`
    : '';
  return (
    `Imported the workspace${made}: ${c.datasets ?? 0} datasets, ${c.results ?? 0} results, ${c.models ?? 0} ` +
    `models and ${c.runs ?? 0} history entries, in ${r.seconds.toFixed(1)} s.` +
    (r.includesPiiKey
      ? ' Its PII key now pseudonymises new imports, so they join with its datasets.'
      : ' The file had no PII key: this browser keeps its own, so e-mails in new imports will not match ' +
        'the pseudonyms in these datasets.')
  );
}

class WorkspaceState {
  readonly exporting = new JobRunner<'workspace-export'>('Exporting the workspace');
  readonly importing = new JobRunner<'workspace-import'>('Importing a workspace');
  includePiiKey = $state(false);
  message = $state<WorkspaceMessage | null>(null);
  /** The file waiting for "Replace everything" (this browser already holds a workspace). */
  pending = $state.raw<File | null>(null);

  /** Runs the export; the caller saves the Blob (a download is UI work). */
  async exportFile(): Promise<WorkspaceExportResult | null> {
    this.message = null;
    const out = await this.exporting.run({ kind: 'workspace-export', includePiiKey: this.includePiiKey });
    if (out) this.message = { kind: 'ok', text: exportMessage(out) };
    else if (this.exporting.error) this.message = { kind: 'error', text: this.exporting.error.message };
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
      this.message = { kind: 'confirm', text: err.message };
    } else this.message = { kind: 'error', text: err.message };
  }

  /** "Replace everything": the same file again, now allowed to replace this browser's workspace. */
  confirmReplace(): Promise<void> {
    const file = this.pending;
    return file ? this.importFile(file, true) : Promise.resolve();
  }

  cancelReplace(): void {
    this.pending = null;
    this.message = { kind: 'ok', text: 'Import cancelled. Nothing was changed.' };
  }

  /** Everything the app holds in memory from storage now describes another workspace. */
  async #reload(): Promise<void> {
    await data.refresh();
    // The imported backend choice applies from the next start, like any stored setting read at start-up.
    await history.load();
  }
}

export const workspace = new WorkspaceState();
