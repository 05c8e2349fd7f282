// A stored dataset's metadata record (the rows live in chunks): shared by storage, the worker's jobs and the UI.
import type { ColumnSummary, IngestFormat, QualityFinding } from './schema.ts';
import type { RoleMap } from './table.ts';

export interface RepairLogEntry {
  /** What was done, e.g. 'drop-rows', 'impute-median'. */
  action: string;
  column?: string;
  /** Rows affected. */
  count: number;
  message: string;
  at: number;
}

export interface DatasetRecord {
  schemaVersion: number;
  id: string;
  name: string;
  /** File name the data came from. */
  source: string;
  rows: number;
  columns: ColumnSummary[];
  roles: RoleMap;
  quality: QualityFinding[];
  format: IngestFormat;
  repairs: RepairLogEntry[];
  /** Bytes of stored column data. */
  storedBytes: number;
  chunkRows: number;
  chunkCount: number;
  importedAt: number;
  /** True for datasets created by "Load sample data". */
  sample?: boolean;
}
