// One runnable job as rune state: progress, epoch logs, error, cancel. Pages own one per job kind.
import type { JobKind, ResultOf, SpecOf } from '../core/job-kinds.ts';
import { JobError, type JobEvent } from '../core/jobs.ts';
import { ml } from './ml-client.ts';

export class JobRunner<K extends JobKind> {
  running = $state(false);
  done = $state(0);
  total = $state(1);
  phase = $state('');
  startedAt = $state(0);
  epochs = $state<{ epoch: number; logs: Record<string, number> }[]>([]);
  log = $state<string[]>([]);
  error = $state<{ code: string; message: string } | null>(null);
  result = $state.raw<ResultOf<K> | null>(null);
  #jobId: string | null = null;

  get fraction(): number {
    return this.total > 0 ? Math.min(1, this.done / this.total) : 0;
  }

  async run(spec: SpecOf<K>): Promise<ResultOf<K> | null> {
    if (this.running) return null;
    this.running = true;
    this.error = null;
    this.done = 0;
    this.total = 1;
    this.phase = 'starting';
    this.epochs = [];
    this.log = [];
    this.startedAt = performance.now();
    const jobId = ml.nextJobId();
    this.#jobId = jobId;
    try {
      // $state.snapshot: rune proxies cannot be structured-cloned.
      const plain = $state.snapshot(spec) as SpecOf<K>;
      const out = await ml.run<K>(plain, (e) => this.#onEvent(e), jobId);
      this.result = out;
      return out;
    } catch (e) {
      const err = e instanceof JobError ? e : new JobError('internal', String(e));
      this.error = { code: err.code, message: err.message };
      return null;
    } finally {
      this.running = false;
      this.#jobId = null;
    }
  }

  cancel(): void {
    if (this.#jobId) ml.cancel(this.#jobId);
  }

  #onEvent(e: JobEvent): void {
    if (e.type === 'progress') {
      this.done = e.done;
      this.total = e.total;
      this.phase = e.phase;
    } else if (e.type === 'epoch') {
      this.epochs = [...this.epochs, { epoch: e.epoch, logs: e.logs }];
    } else {
      this.log = [...this.log.slice(-49), e.message];
    }
  }
}
