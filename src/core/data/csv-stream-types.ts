// The CSV stream's contract: where the bytes come from, the ingest limits, the stream options and the result.
import type { RawColumn } from './raw-column.ts';
import type { DirectColumn } from './direct-column.ts';
import type { Sniffed } from './sniff.ts';

/** Where the bytes come from. `open()` may be called twice (the Windows-1252 fallback re-reads). */
export interface ByteSource {
  open(): AsyncIterable<Uint8Array>;
  /** Total bytes when known (progress, ETA). */
  size?: number;
  name?: string;
}

export interface IngestLimits {
  maxColumns: number;
  /** Longest single row, in characters (guards against a file that is one huge line). */
  maxRowChars: number;
  maxRows: number;
}

export const DEFAULT_LIMITS: IngestLimits = { maxColumns: 2000, maxRowChars: 8 * 1024 * 1024, maxRows: 20_000_000 };

export interface StreamOptions {
  delimiter?: string;
  hasHeader?: boolean;
  limits: IngestLimits;
  /** Parse in slices of about this many characters. */
  chunkChars?: number;
}

export type StreamColumn = RawColumn | DirectColumn;

export interface StreamResult {
  names: string[];
  /** Dictionary-encoded raw strings, or (high-cardinality numbers/dates) values parsed while streaming. */
  columns: StreamColumn[];
  rows: number;
  sniffed: Sniffed;
  bytes: number;
  raggedRows: number;
  raggedFirst: number[];
  blankLines: number;
}
