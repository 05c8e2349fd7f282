// One runnable job as rune state: queued/running, progress, epoch logs, error, cancel. Feature states own one per
// job kind at module level, so a job and its progress outlive the page that started it; the job tray lists it.
// Epoch logs collect in a plain array; the rune copy (and so every chart drawn from it) changes at most 4×/s.
import type { JobKind, ResultOf, SpecOf } from '../core/job-kinds.ts';
import { JobError, type JobEvent } from '../core/jobs.ts';
import { ml } from './ml-client.ts';
import { jobs, type TrackedRunner } from './jobs.svelte.ts';

export type EpochLog = { epoch: number; logs: Record<string, number> };

/** A label worded when it is shown (a message function), so a job started in one language reads in the other. */
export type JobLabel = string | (() => string);
const word = (l: JobLabel): string => (typeof l === 'function' ? l() : l);

/** A job's error as the UI keeps it: `details` carry what its `err_<code>` message needs (src/ui/say.ts). */
export type RunnerError = { code: string; message: string; details?: Record<string, unknown> };

/** Shortest gap between two published epoch snapshots: at most 4 chart updates a second. */
export const EPOCH_SNAPSHOT_MS = 250;

export class JobRunner<K extends JobKind> implements TrackedRunner {
  /** True from the call until the job ends, while queued too: the page's start button stays disabled. */
  running = $state(false);
  /** Waiting in the worker's queue behind another job. */
  queued = $state(false);
  done = $state(0);
  total = $state(1);
  phase = $state('');
  startedAt = $state(0);
  /** Epoch logs so far, as a frozen snapshot (raw: no proxies) republished at most every EPOCH_SNAPSHOT_MS. */
  epochs = $state.raw<readonly EpochLog[]>([]);
  log = $state.raw<readonly string[]>([]);
  error = $state<RunnerError | null>(null);
  result = $state.raw<ResultOf<K> | null>(null);
  /** What the current job works on (e.g. the dataset name), shown after the label in the tray. */
  detail = $state<JobLabel>('');
  #jobId: string | null = null;
  #epochs: EpochLog[] = [];
  #epochsAt = -Infinity;
  #epochTimer: ReturnType<typeof setTimeout> | null = null;

  /** `label` names the job in the tray and the page (m.job_label_segment: "Finding segments"). */
  constructor(readonly labelOf: JobLabel) {}

  /** The label in the reader's language now. */
  get label(): string {
    return word(this.labelOf);
  }

  get title(): string {
    const detail = word(this.detail);
    return detail ? `${this.label} · ${detail}` : this.label;
  }

  get fraction(): number {
    return this.total > 0 ? Math.min(1, this.done / this.total) : 0;
  }

  async run(spec: SpecOf<K>, detail: JobLabel = ''): Promise<ResultOf<K> | null> {
    if (this.running) return null;
    this.#reset(detail);
    const jobId = ml.nextJobId();
    this.#jobId = jobId;
    jobs.track(jobId, this);
    try {
      // $state.snapshot: rune proxies cannot be structured-cloned.
      const plain = $state.snapshot(spec) as SpecOf<K>;
      const out = await ml.run<K>(plain, { jobId, onEvent: (e) => this.#onEvent(e), onStart: () => this.#started() });
      this.result = out;
      return out;
    } catch (e) {
      const err = e instanceof JobError ? e : new JobError('internal', String(e));
      this.error = err.toData();
      return null;
    } finally {
      this.#publishEpochs();
      this.running = false;
      this.queued = false;
      this.#jobId = null;
      jobs.untrack(jobId);
    }
  }

  cancel(): void {
    if (this.#jobId) ml.cancel(this.#jobId);
  }

  #reset(detail: JobLabel): void {
    this.running = true;
    this.queued = true;
    this.error = null;
    this.done = 0;
    this.total = 1;
    this.phase = 'queued';
    this.#epochs = [];
    this.#publishEpochs();
    this.log = [];
    this.detail = detail;
    this.startedAt = performance.now();
  }

  #started(): void {
    this.queued = false;
    this.phase = 'starting';
    // Elapsed time and ETA count from the start in the worker, not from the click.
    this.startedAt = performance.now();
  }

  #onEvent(e: JobEvent): void {
    if (e.type === 'progress') {
      this.done = e.done;
      this.total = e.total;
      this.phase = e.phase;
    } else if (e.type === 'epoch') {
      this.#epochs.push({ epoch: e.epoch, logs: e.logs });
      this.#scheduleEpochs();
    } else {
      this.log = [...this.log.slice(-49), e.message];
    }
  }

  /** Publishes at once when the last snapshot is old enough, else once when it is (leading and trailing edge). */
  #scheduleEpochs(): void {
    if (this.#epochTimer) return;
    const wait = this.#epochsAt + EPOCH_SNAPSHOT_MS - performance.now();
    if (wait <= 0) this.#publishEpochs();
    else this.#epochTimer = setTimeout(() => this.#publishEpochs(), wait);
  }

  #publishEpochs(): void {
    if (this.#epochTimer) clearTimeout(this.#epochTimer);
    this.#epochTimer = null;
    this.#epochsAt = performance.now();
    if (this.#epochs.length !== this.epochs.length) this.epochs = Object.freeze(this.#epochs.slice());
  }
}
