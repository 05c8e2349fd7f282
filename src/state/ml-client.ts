// The one client of the ML worker: lazy creation, typed calls, progress proxies, the job queue (the worker runs one
// job at a time, first come first served; the job tray shows the queue), cancel with terminate + respawn.
import * as Comlink from 'comlink';
import type { MlApi } from '../core/worker-api.ts';
import type { JobKind, ResultOf, SpecOf } from '../core/job-kinds.ts';
import { JobError, type JobErrorData, type JobEvent } from '../core/jobs.ts';
import type { BackendInfo, BackendName } from '../core/tf/backend-names.ts';
import { closeRun } from '../storage/runs.ts';

/** How long a cancelled job may take to stop before the worker is terminated. */
export const CANCEL_GRACE_MS = 4000;

/** One job in the queue as the job tray sees it. */
export interface QueuedJob {
  jobId: string;
  kind: JobKind;
  state: 'queued' | 'running';
}

export interface RunOptions {
  onEvent?: (e: JobEvent) => void;
  /** Called when the job leaves the queue and starts in the worker. */
  onStart?: () => void;
  jobId?: string;
}

interface Entry extends QueuedJob {
  start(): void;
  reject(e: unknown): void;
  settled: boolean;
}

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
  #queue: Entry[] = [];
  #listeners = new Set<(queue: readonly QueuedJob[]) => void>();
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

  /** Switch backend: restarts the worker (setBackend would dispose live tensors). Queued jobs wait for it. */
  async setBackend(force: BackendName | null): Promise<BackendInfo> {
    this.#force = force;
    this.terminate(new JobError('restarted', 'The ML engine restarted to switch backend.'));
    return this.backend();
  }

  /** Queues a job; it runs when every job queued before it has finished. */
  async run<K extends JobKind>(spec: SpecOf<K>, opts: RunOptions = {}): Promise<ResultOf<K>> {
    const jobId = opts.jobId ?? this.nextJobId();
    const entry: Entry = { jobId, kind: spec.kind, state: 'queued', start: () => {}, reject: () => {}, settled: false };
    const turn = new Promise<void>((resolve) => (entry.start = resolve));
    const aborted = new Promise<never>((_, reject) => (entry.reject = reject));
    aborted.catch(() => undefined); // observed through the races below
    this.#queue.push(entry);
    this.#pump();
    try {
      await Promise.race([turn, aborted]);
      opts.onStart?.();
      const api = this.#spawn();
      await Promise.race([this.backend(), aborted]);
      const sink = Comlink.proxy((e: JobEvent) => opts.onEvent?.(e));
      return (await Promise.race([api.run(jobId, spec, sink), aborted])) as ResultOf<K>;
    } catch (e) {
      throw asJobError(e);
    } finally {
      entry.settled = true;
      this.#queue = this.#queue.filter((q) => q !== entry);
      this.#pump();
    }
  }

  /** Starts the head of the queue when nothing runs; tells the listeners either way. */
  #pump(): void {
    const next = this.#queue[0];
    if (next && next.state === 'queued') {
      next.state = 'running';
      next.start();
    }
    const view = this.queue();
    for (const l of this.#listeners) l(view);
  }

  /** Running job first, then the queued ones in the order they will run. */
  queue(): QueuedJob[] {
    return this.#queue.map(({ jobId, kind, state }) => ({ jobId, kind, state }));
  }

  /** Calls `listener` with the queue now and after every change; returns the unsubscribe function. */
  subscribe(listener: (queue: readonly QueuedJob[]) => void): () => void {
    this.#listeners.add(listener);
    listener(this.queue());
    return () => this.#listeners.delete(listener);
  }

  /** Id for the next job, so callers can cancel it. */
  nextJobId(): string {
    // Unique across tabs and reloads: it is also the id of the job's History record.
    return `job-${++this.#seq}-${crypto.randomUUID()}`;
  }

  /**
   * A queued job leaves the queue at once. A running one is cancelled cooperatively; if it has not stopped within
   * the grace period, the worker is terminated and respawned.
   */
  cancel(jobId: string): void {
    const entry = this.#queue.find((q) => q.jobId === jobId);
    if (!entry) return;
    if (entry.state === 'queued') {
      entry.reject(new JobError('cancelled', 'Cancelled before it started; nothing was changed.', { why: 'queued' }));
      return;
    }
    if (!this.#api) return;
    void this.#api.cancel(jobId);
    setTimeout(() => {
      if (!entry.settled) {
        this.terminate(
          new JobError(
            'cancelled',
            'The job did not stop in time; the ML engine was restarted. Stored results are unchanged.',
            { why: 'restarted' },
          ),
        );
      }
    }, CANCEL_GRACE_MS);
  }

  /** Kills the worker; the running job rejects with `reason`; queued jobs stay queued; the next call respawns. */
  terminate(reason: JobError = new JobError('terminated', 'The ML engine was stopped.')): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#api = null;
    this.#backend = null;
    for (const entry of this.#queue) {
      if (entry.state !== 'running') continue;
      entry.reject(reason);
      const status = reason.code === 'cancelled' ? 'cancelled' : 'failed';
      void closeRun(entry.jobId, status, reason.toData()).catch(() => undefined);
    }
  }

  /** Direct access for small non-job reads (preview); they do not wait in the queue. */
  async api(): Promise<Comlink.Remote<MlApi>> {
    const api = this.#spawn();
    await this.backend();
    return api;
  }
}

export const ml = new MlClient(
  () => new Worker(new URL('../../workers/ml.worker.ts', import.meta.url), { type: 'module', name: 'locallift-ml' }),
);
