// The job registry behind the job tray: the ML client's queue as rune state, joined with the JobRunner that started
// each job (label, phase, progress), plus a shared clock for elapsed time and ETA while anything runs.
import type { JobKind } from '../core/job-kinds.ts';
import { ml, type QueuedJob } from './ml-client.ts';
import { m } from '../paraglide/messages.js';

/** What the tray needs of a JobRunner (job.svelte.ts implements it; a type here keeps the imports one way). */
export interface TrackedRunner {
  readonly title: string;
  readonly phase: string;
  readonly fraction: number;
  readonly startedAt: number;
  cancel(): void;
}

export interface TrayJob extends QueuedJob {
  label: string;
  runner: TrackedRunner | undefined;
}

export { ETA_FROM, etaSeconds } from './eta.ts';

/** Labels for jobs no JobRunner announced (worded when the tray renders). */
const KIND_LABELS: Partial<Record<JobKind, () => string>> = {
  import: m.job_label_import,
  'demo-fit': m.job_label_engine_check,
};

class JobsRegistry {
  queue = $state.raw<readonly QueuedJob[]>([]);
  /** performance.now(), ticking every 250 ms while a job is queued or running. */
  now = $state(performance.now());
  #runners = new Map<string, TrackedRunner>();
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    ml.subscribe((q) => {
      this.queue = q;
      this.#tick(q.length > 0);
    });
  }

  /** Every job in the worker's queue, the running one first. */
  get items(): TrayJob[] {
    return this.queue.map((q) => {
      const runner = this.#runners.get(q.jobId);
      return { ...q, runner, label: runner?.title ?? KIND_LABELS[q.kind]?.() ?? q.kind };
    });
  }

  /** The job the worker is running now, if any. */
  get running(): TrayJob | undefined {
    return this.items.find((j) => j.state === 'running');
  }

  /** Label of the job a queued job waits for. */
  get runningLabel(): string {
    return this.running?.label ?? m.job_another_job();
  }

  /** A JobRunner announces its job before it queues it, so the tray can label it from the first frame. */
  track(jobId: string, runner: TrackedRunner): void {
    this.#runners.set(jobId, runner);
  }

  untrack(jobId: string): void {
    this.#runners.delete(jobId);
  }

  cancel(jobId: string): void {
    const runner = this.#runners.get(jobId);
    if (runner) runner.cancel();
    else ml.cancel(jobId);
  }

  #tick(on: boolean): void {
    if (on && !this.#timer) this.#timer = setInterval(() => (this.now = performance.now()), 250);
    if (!on && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
    this.now = performance.now();
  }
}

export const jobs = new JobsRegistry();
