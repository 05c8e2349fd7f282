// The one IndexedDB database: typed schema, DB_VERSION and the upgrade ladder (never edit a shipped step).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetRecord, UndoChunk } from '../core/data/dataset-record.ts';

export const DB_NAME = 'locallift';
export const DB_VERSION = 1;
/** Version of the record shapes below; readers normalise older records. */
export const RECORD_VERSION = 1;

export type { DatasetRecord, RepairLogEntry as RepairStep } from '../core/data/dataset-record.ts';

/** Column data of rows [index·chunkRows, (index+1)·chunkRows); index -1 holds the dictionaries. */
export interface ChunkRecord {
  datasetId: string;
  index: number;
  columns?: (Float64Array | Int32Array)[];
  dictionaries?: (string[] | null)[];
  /** At index undoIndex(seq) (< -1): what undoing one repair needs. */
  undo?: UndoChunk;
}

export interface ModelRecord {
  schemaVersion: number;
  id: string;
  kind: string;
  datasetId: string;
  createdAt: number;
  /** Plain-data model: weights as typed arrays/ArrayBuffers plus its feature pipeline. */
  model: unknown;
}

export interface ResultRecord {
  schemaVersion: number;
  /** `${kind}:${datasetId}`: the current result of a kind for a dataset. */
  id: string;
  kind: string;
  datasetId: string;
  modelId?: string;
  runId?: string;
  createdAt: number;
  /** Settings the job ran with. */
  spec: unknown;
  result: unknown;
}

export interface RunRecord {
  schemaVersion: number;
  id: string;
  kind: string;
  datasetId?: string;
  datasetName?: string;
  spec: unknown;
  startedAt: number;
  finishedAt?: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  metrics?: Record<string, number | string>;
  /** `details` carry what the error's message (err_<code>) needs in the reader's language. */
  error?: { code: string; message: string; details?: Record<string, unknown> };
  backend?: string;
}

export interface LocalLiftDB extends DBSchema {
  datasets: { key: string; value: DatasetRecord; indexes: { importedAt: number } };
  datasetChunks: { key: [string, number]; value: ChunkRecord; indexes: { datasetId: string } };
  models: { key: string; value: ModelRecord; indexes: { datasetId: string } };
  results: { key: string; value: ResultRecord; indexes: { datasetId: string; kind: string } };
  runs: { key: string; value: RunRecord; indexes: { startedAt: number } };
  settings: { key: string; value: unknown };
}

export type DB = IDBPDatabase<LocalLiftDB>;

let dbPromise: Promise<DB> | null = null;

export function openDatabase(name = DB_NAME): Promise<DB> {
  return openDB<LocalLiftDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const datasets = db.createObjectStore('datasets', { keyPath: 'id' });
        datasets.createIndex('importedAt', 'importedAt');
        const chunks = db.createObjectStore('datasetChunks', { keyPath: ['datasetId', 'index'] });
        chunks.createIndex('datasetId', 'datasetId');
        const models = db.createObjectStore('models', { keyPath: 'id' });
        models.createIndex('datasetId', 'datasetId');
        const results = db.createObjectStore('results', { keyPath: 'id' });
        results.createIndex('datasetId', 'datasetId');
        results.createIndex('kind', 'kind');
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('startedAt', 'startedAt');
        db.createObjectStore('settings');
      }
      // Future steps: `if (oldVersion < 2) { … }` — append only.
    },
    blocking() {
      // Another tab wants a newer version: close so it can upgrade; the next call reopens.
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
}

/** The shared connection (one per thread). */
export function db(): Promise<DB> {
  dbPromise ??= openDatabase();
  return dbPromise;
}

/** For tests: forget the cached connection. */
export async function closeDb(): Promise<void> {
  const p = dbPromise;
  dbPromise = null;
  if (p) (await p).close();
}

export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}
