// The one client of the ML worker: lazy creation, typed calls, progress proxies, cancel with terminate + respawn.
import * as Comlink from 'comlink';
import type { MlApi } from '../core/worker-api.ts';
import type { JobKind, ResultOf, SpecOf } from '../core/job-kinds.ts';
import { JobError, type JobErrorData, type JobEvent } from '../core/jobs.ts';
import type { BackendInfo, BackendName } from '../core/tf/backend-names.ts';
import { closeRun } from '../storage/runs.ts';

/** How long a cancelled job may take to stop before the worker is terminated. */
export const CANCEL_GRACE_MS = 4000;

interface Running { reject(e: unknown): void; settled: boolean }

function asJobError(e: unknown): JobError {
  if (e instanceof JobError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const d = e as JobErrorData;
    return new JobError(d.code, d.message, d.details);
  }
  return new JobError('internal', e instanceof Error ? e.message : String(e));
}

export class MlClient {
  #worker: Worker | null = null;
  #api: Comlink.Remote<MlApi> | null = null;
  #backend: Promise<BackendInfo> | null = null;
  #force: BackendName | null = null;
  #running = new Map<string, Running>();
  #seq = 0;
  /** Number of times the worker was (re)started. */
  spawns = 0;

  constructor(private readonly factory: () => Worker) {}

  #spawn(): Comlink.Remote<MlApi> {
    if (this.#api) return this.#api;
    this.#worker = this.factory();
    this.#api = Comlink.wrap<MlApi>(this.#worker);
    this.spawns++;
    this.#backend = this.#api.init(this.#force).catch((e: unknown) => {
      throw asJobError(e);
    });
    return this.#api;
  }

  /** Backend in use (starts the worker if needed). */
  backend(): Promise<BackendInfo> {
    this.#spawn();
    return this.#backend!;
  }

  /** Switch backend: restarts the worker (setBackend would dispose live tensors). */
  async setBackend(force: BackendName | null): Promise<BackendInfo> {
    this.#force = force;
    this.terminate(new JobError('restarted', 'The ML engine restarted to switch backend.'));
    return this.backend();
  }

  async run<K extends JobKind>(spec: SpecOf<K>, onEvent?: (e: JobEvent) => void, jobId = this.nextJobId()): Promise<ResultOf<K>> {
    const api = this.#spawn();
    await this.backend();
    const sink = Comlink.proxy((e: JobEvent) => onEvent?.(e));
    const running: Running = { reject: () => {}, settled: false };
    const aborted = new Promise<never>((_, reject) => { running.reject = reject; });
    this.#running.set(jobId, running);
    try {
      return (await Promise.race([api.run(jobId, spec, sink), aborted])) as ResultOf<K>;
    } catch (e) {
      throw asJobError(e);
    } finally {
      running.settled = true;
      this.#running.delete(jobId);
    }
  }

  /** Id for the next job, so callers can cancel it. */
  nextJobId(): string {
    // Unique across tabs and reloads: it is also the id of the job's History record.
    return `job-${++this.#seq}-${crypto.randomUUID()}`;
  }

  /** Cooperative cancel; if the job has not stopped within the grace period, terminate and respawn. */
  cancel(jobId: string): void {
    const running = this.#running.get(jobId);
    if (!running || !this.#api) return;
    void this.#api.cancel(jobId);
    setTimeout(() => {
      if (!running.settled) this.terminate(new JobError('cancelled', 'The job did not stop in time; the ML engine was restarted. Stored results are unchanged.'));
    }, CANCEL_GRACE_MS);
  }

  /** Kills the worker; pending jobs reject with `reason`; the next call respawns. */
  terminate(reason: JobError = new JobError('terminated', 'The ML engine was stopped.')): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#api = null;
    this.#backend = null;
    for (const [jobId, r] of this.#running) {
      r.reject(reason);
      void closeRun(jobId, reason.code === 'cancelled' ? 'cancelled' : 'failed', { code: reason.code, message: reason.message }).catch(() => undefined);
    }
    this.#running.clear();
  }

  /** Direct access for small non-job calls (preview, forget). */
  async api(): Promise<Comlink.Remote<MlApi>> {
    const api = this.#spawn();
    await this.backend();
    return api;
  }
}

export const ml = new MlClient(
  () => new Worker(new URL('../../workers/ml.worker.ts', import.meta.url), { type: 'module', name: 'locallift-ml' }),
);
