// A stored dataset's metadata record (the rows live in chunks): shared by storage, the worker's jobs and the UI.
import type { Msg } from '../msg.ts';
import type { ColumnSummary, IngestFormat, QualityFinding } from './schema.ts';
import type { RoleMap } from './table.ts';
import type { RepairDelta, RepairStep } from './repairs.ts';

export interface RepairLogEntry {
  /** What was done, e.g. 'drop-rows', 'impute-median'. */
  action: string;
  column?: string;
  /** Rows affected. */
  count: number;
  message: string;
  /** The message in the reader's language (absent on records from before it). */
  text?: Msg;
  at: number;
}

/** A repair that can still be undone (newest last); its delta is stored beside the chunks (UndoChunk). */
export interface UndoEntry {
  /** Sequence number: the delta's chunk index is undoIndex(seq). */
  seq: number;
  message: string;
  text?: Msg;
  /** Bytes the delta keeps in storage. */
  bytes: number;
  at: number;
}

/** What undoing one repair needs: the inverse delta and the metadata as it was before the repair. */
export interface UndoChunk {
  step: RepairStep;
  delta: RepairDelta;
  before: Pick<DatasetRecord, 'columns' | 'quality' | 'repairs'>;
}

/** How many repairs of a dataset can be undone (older deltas are dropped). */
export const MAX_UNDO = 5;

/**
 * Chunk index of an undo delta: below the dictionaries' -1, so loading or rewriting a table's chunks (indexes ≥ -1)
 * never touches them; deleting a dataset removes every index.
 */
export function undoIndex(seq: number): number {
  return -2 - seq;
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
  /** Repairs that can be undone, oldest first (absent on records from before undo existed). */
  undo?: UndoEntry[];
  /** Bytes of stored column data. */
  storedBytes: number;
  chunkRows: number;
  chunkCount: number;
  importedAt: number;
  /** True for datasets created by "Load sample data". */
  sample?: boolean;
}
