// The workspace file jobs' contract: export every store as one file, import one into this browser.

export interface WorkspaceExportSpec {
  kind: 'workspace-export';
  /** Put the PII pseudonymisation key in the file (whoever holds file and key can re-link pseudonyms). */
  includePiiKey: boolean;
}

export interface WorkspaceExportResult {
  /** The .llw file (a Blob crosses the worker boundary without copying its bytes). */
  file: Blob;
  fileName: string;
  bytes: number;
  uncompressedBytes: number;
  /** Records per store. */
  counts: Record<string, number>;
  includesPiiKey: boolean;
  seconds: number;
  metrics: Record<string, number | string>;
}

export interface WorkspaceImportSpec {
  kind: 'workspace-import';
  file: Blob;
  /**
   * In a browser that already holds datasets, results, models or history: true replaces all of it; false refuses
   * (workspace-not-empty) after checking the file, and changes nothing. Merging is not offered: ids inside results,
   * models and history point at each other, and a half-remapped merge would be worse than an honest choice.
   */
  replace: boolean;
}

export interface WorkspaceImportResult {
  counts: Record<string, number>;
  appVersion: string;
  createdAt: string;
  includesPiiKey: boolean;
  /** What this browser held before (now replaced). */
  replaced: { datasets: number; models: number; results: number; runs: number };
  bytes: number;
  seconds: number;
  metrics: Record<string, number | string>;
}
