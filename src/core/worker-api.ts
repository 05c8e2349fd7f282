// The ML worker's API as the UI sees it (workers/ml.worker.ts implements it; src/state/ml-client.ts wraps it once).
import type { JobEvent } from './jobs.ts';
import type { AnySpec } from './job-kinds.ts';
import type { BackendInfo, BackendName } from './tf/backend-names.ts';

export type EventSink = (e: JobEvent) => void;

export interface DatasetPreview {
  columns: string[];
  rows: string[][];
  total: number;
}

export interface MlApi {
  ping(): string;
  /** Chooses the TF.js backend (once per worker; the client respawns the worker to switch). */
  init(force: BackendName | null): Promise<BackendInfo>;
  /** Runs one job; events stream to `onEvent` (a Comlink proxy across the boundary). */
  run(jobId: string, spec: AnySpec, onEvent: EventSink): Promise<unknown>;
  cancel(jobId: string): void;
  /** Rows [offset, offset+limit) of a stored dataset as display strings (for virtualised previews). */
  preview(datasetId: string, offset: number, limit: number): Promise<DatasetPreview>;
}
