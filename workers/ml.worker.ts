// The one long-lived ML worker: a thin Comlink `expose` over core jobs and storage.
import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend, type BackendInfo, type BackendName } from '../src/core/tf/backend.ts';
import { eventContext, toJobErrorData } from '../src/core/jobs.ts';
import type { DatasetPreview, EventSink, MlApi } from '../src/core/worker-api.ts';
import { handlers, UNTRACKED, type AnySpec } from './jobs/index.ts';
import { getTable } from './tables.ts';
import { cellText } from '../src/core/data/table.ts';
import { recordRun } from './runs.ts';

const cancelled = new Set<string>();
let backend: Promise<BackendInfo> | null = null;

/** Runs fn; anything thrown crosses the boundary as plain {code, message, details}. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toJobErrorData(e);
  }
}

const api: MlApi = {
  ping(): string {
    return 'pong';
  },

  /** Chooses the TF.js backend (once per worker; the client respawns the worker to switch). */
  init(force: BackendName | null): Promise<BackendInfo> {
    backend ??= initBackend({
      force,
      wasmPaths: {
        'tfjs-backend-wasm.wasm': wasmUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
      },
    });
    return guarded(() => backend!);
  },

  run(jobId: string, spec: AnySpec, onEvent: Comlink.Remote<EventSink> | EventSink): Promise<unknown> {
    return guarded(async () => {
      if (!backend) throw new Error('worker used before init()');
      const ctx = eventContext(onEvent as EventSink, () => cancelled.has(jobId));
      const handler = handlers[spec.kind] as (s: AnySpec, c: typeof ctx) => Promise<unknown>;
      if (!handler) throw new Error(`unknown job kind ${String(spec.kind)}`);
      const info = await backend;
      const work = async () => {
        const out = await handler(spec, ctx);
        ctx.finish('done');
        return out;
      };
      return (UNTRACKED.has(spec.kind) ? work() : recordRun(jobId, spec, info.name, work)).finally(() => {
        cancelled.delete(jobId);
        // The sink is a Comlink proxy: release its port so the main thread side can be collected.
        (onEvent as Partial<Comlink.Remote<EventSink>>)[Comlink.releaseProxy]?.();
      });
    });
  },

  cancel(jobId: string): void {
    cancelled.add(jobId);
  },

  /** Rows [offset, offset+limit) of a stored dataset as display strings (for virtualised previews). */
  preview(datasetId: string, offset: number, limit: number): Promise<DatasetPreview> {
    return guarded(async () => {
      const { table } = await getTable(datasetId);
      const end = Math.min(table.rowCount, offset + limit);
      const rows: string[][] = [];
      for (let r = offset; r < end; r++) rows.push(table.columns.map((c) => cellText(c, r)));
      return { columns: table.columns.map((c) => c.name), rows, total: table.rowCount };
    });
  },
};

export type { MlApi };

Comlink.expose(api);
