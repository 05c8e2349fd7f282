// The importer: a file's PII head scan, the user's PII review, the import job with its options, and the sample
// workspaces (load one with a click). Module-level (inside `data`), so an import keeps its progress and Cancel when the
// Data page is left.
import type { ImportScanResult } from '../core/data/job.ts';
import { JobRunner } from './job.svelte.ts';
import { m } from '../paraglide/messages.js';
import {
  DEFAULT_WORKSPACE,
  fetchManifest,
  fetchSample,
  filesToImport,
  sampleDatasetName,
  type SampleManifest,
} from './samples.ts';

/** A file name's extension, left out of the dataset's name. Any extension is read: the content decides (a binary
 * file is refused by the reader with its own message). */
export const EXTENSION = /\.[A-Za-z0-9]{1,8}$/;

export type Delimiter = 'auto' | ',' | ';' | '\t' | '|';

/** A file waiting for the user's PII decision: keep[column] = true keeps that column in clear text. */
export interface PiiReview {
  file: File;
  pii: ImportScanResult['columns'];
  keep: Record<string, boolean>;
}

export interface SamplesStatus {
  loading: boolean;
  done: number;
  total: number;
  error: string | null;
  loaded: number;
  /** The workspace being (or last) loaded. */
  workspace: string;
}

/** What an import needs of the dataset list: refresh it and select the new dataset. */
interface DatasetList {
  readonly datasets: readonly { name: string }[];
  refresh(): Promise<void>;
  select(id: string): void;
}

export class ImportState {
  readonly scan = new JobRunner<'import-scan'>(m.job_label_import_scan);
  readonly job = new JobRunner<'import'>(m.job_label_import);
  readonly sample = new JobRunner<'import'>(m.job_label_import_sample);
  delimiter = $state<Delimiter>('auto');
  header = $state<'auto' | 'yes' | 'no'>('auto');
  /** `auto` detects; otherwise the encoding the user picked (encoding-detect.ts names and aliases). */
  encoding = $state<string>('auto');
  /** Why a file was turned away, worded when shown (the reader may switch language meanwhile). */
  rejected = $state<(() => string) | null>(null);
  review = $state<PiiReview | null>(null);
  samples = $state<SamplesStatus>({ loading: false, done: 0, total: 0, error: null, loaded: 0, workspace: '' });
  /** The build's sample manifest, once read (for the per-workspace buttons). */
  manifest = $state.raw<SampleManifest | null>(null);

  constructor(private readonly data: DatasetList) {}

  get busy(): boolean {
    return this.job.running || this.scan.running;
  }

  /** Scans the head for PII (any file name: the reader judges the content); asks the user when some is found, else
   * imports straight away. */
  async pick(file: File): Promise<void> {
    this.rejected = null;
    if (this.busy) {
      this.rejected = () => m.imp_busy({ file: file.name });
      return;
    }
    this.review = null;
    const encoding = this.encoding !== 'auto' ? { encoding: this.encoding } : {};
    const head = await this.scan.run({ kind: 'import-scan', file, name: file.name, ...encoding }, file.name);
    if (!head && this.scan.error?.code === 'cancelled') return;
    // A scan that fails (an empty or broken file) falls through: the import reports the problem in full.
    const pii = head?.columns.filter((c) => c.pii) ?? [];
    if (pii.length) {
      this.review = { file, pii, keep: Object.fromEntries(pii.map((c) => [c.name, false])) };
      return;
    }
    await this.importFile(file, []);
  }

  /** Imports the reviewed file, keeping the ticked PII columns in clear text. */
  async confirm(): Promise<void> {
    const r = this.review;
    if (!r) return;
    await this.importFile(
      r.file,
      r.pii.filter((c) => r.keep[c.name]).map((c) => c.name),
    );
  }

  dismiss(): void {
    this.review = null;
  }

  async importFile(file: File, optOut: string[]): Promise<void> {
    this.review = null;
    const options = {
      ...(this.delimiter !== 'auto' ? { delimiter: this.delimiter } : {}),
      ...(this.header !== 'auto' ? { hasHeader: this.header === 'yes' } : {}),
      ...(this.encoding !== 'auto' ? { encoding: this.encoding } : {}),
      ...(optOut.length ? { piiOptOut: optOut } : {}),
    };
    const name = file.name.replace(EXTENSION, '') || file.name;
    const out = await this.job.run({ kind: 'import', file, name, source: file.name, options }, file.name);
    if (!out) return;
    await this.data.refresh();
    this.data.select(out.dataset.id);
  }

  /** Reads the sample manifest once; a build without samples leaves it null (loading then reports why). */
  async loadManifest(): Promise<SampleManifest | null> {
    this.manifest ??= await fetchManifest().catch(() => null);
    return this.manifest;
  }

  /**
   * Imports a sample workspace (default: the one a fresh profile starts with), one import job per file; files whose
   * dataset name is already in the library are skipped.
   */
  async loadSamples(workspace = DEFAULT_WORKSPACE): Promise<void> {
    if (this.samples.loading) return;
    const { loaded } = this.samples;
    this.samples = { loading: true, done: 0, total: 0, error: null, loaded, workspace };
    let done = 0;
    try {
      this.manifest ??= await fetchManifest();
      const files = filesToImport(
        this.manifest,
        workspace,
        this.data.datasets.map((d) => d.name),
      );
      this.samples = { ...this.samples, total: files.length };
      for (const f of files) {
        const file = await fetchSample(f.name);
        const name = sampleDatasetName(f.name);
        const out = await this.sample.run({ kind: 'import', file, name, source: f.name, sample: true }, name);
        if (!out) throw new Error(this.sample.error?.message ?? `${f.name} was not imported`);
        this.samples = { ...this.samples, done: ++done };
        await this.data.refresh();
      }
      this.samples = { ...this.samples, loading: false, loaded: loaded + done };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.samples = { ...this.samples, loading: false, error };
    }
    await this.data.refresh();
  }
}
