// The job contract shared by UI, worker and CLI: events, errors, and the context a core job runs in.

export type JobEvent =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'epoch'; epoch: number; logs: Record<string, number> }
  | { type: 'log'; message: string };

/** An error a person can act on. Crosses the worker boundary as plain data. */
export interface JobErrorData {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class JobError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'JobError';
    this.code = code;
    this.details = details;
  }
  toData(): JobErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export class CancelledError extends JobError {
  constructor() {
    super('cancelled', 'The job was cancelled; the previous result is unchanged.');
  }
}

export function toJobErrorData(e: unknown): JobErrorData {
  if (e instanceof JobError) return e.toData();
  if (e && typeof e === 'object' && 'name' in e && (e as Error).name === 'QuotaExceededError') {
    return {
      code: 'quota',
      message:
        'The browser storage quota is full: delete old datasets or results in the Data page, or allow persistent storage, then try again.',
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message };
}

/**
 * What a core job receives. Core jobs never talk to the UI or storage directly:
 * they report through `progress`/`epoch`/`log` and poll `checkCancelled()` per batch/iteration.
 */
export interface JobContext {
  progress(done: number, total: number, phase: string): void;
  epoch(epoch: number, logs: Record<string, number>): void;
  log(message: string): void;
  /** Throws CancelledError when the job was cancelled. Cheap: call it per batch/iteration. */
  checkCancelled(): void;
  /** Gives the event loop a turn so a cancel message can arrive (await it in long loops). */
  yield(): Promise<void>;
}

/** A context that reports nowhere (tests, CLI without --verbose). */
export function silentContext(isCancelled: () => boolean = () => false): JobContext {
  return {
    progress() {},
    epoch() {},
    log() {},
    checkCancelled() {
      if (isCancelled()) throw new CancelledError();
    },
    yield: () => new Promise((r) => setTimeout(r, 0)),
  };
}

/**
 * Wraps an event sink into a JobContext that enforces the event invariants:
 * `done` never decreases; progress and epoch events are each ≥ `minIntervalMs` apart (a fast fit's epochs are
 * subsampled, the latest one is always delivered by `finish()`); logs always pass; `finish()` emits the final 100 %.
 */
export function eventContext(
  emit: (e: JobEvent) => void,
  isCancelled: () => boolean,
  minIntervalMs = 100,
  now: () => number = () => Date.now(),
): JobContext & { finish(phase?: string): void } {
  let lastAt = -Infinity;
  let lastFraction = 0;
  let lastPhase = '';
  let lastTotal = 1;
  let lastEpochAt = -Infinity;
  let pendingEpoch: JobEvent | null = null;
  return {
    progress(done, total, phase) {
      const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
      if (fraction < lastFraction) return; // monotone: ignore regressions
      lastFraction = fraction;
      lastPhase = phase;
      if (total > 0) lastTotal = total;
      const t = now();
      if (t - lastAt < minIntervalMs || fraction >= 1) return; // 100 % is sent once, by finish()
      lastAt = t;
      emit({ type: 'progress', done, total, phase });
    },
    epoch(epoch, logs) {
      const t = now();
      pendingEpoch = { type: 'epoch', epoch, logs };
      if (t - lastEpochAt < minIntervalMs) return;
      lastEpochAt = t;
      emit(pendingEpoch);
      pendingEpoch = null;
    },
    log(message) {
      emit({ type: 'log', message });
    },
    checkCancelled() {
      if (isCancelled()) throw new CancelledError();
    },
    yield: () => new Promise((r) => setTimeout(r, 0)),
    finish(phase) {
      if (pendingEpoch) emit(pendingEpoch);
      pendingEpoch = null;
      emit({ type: 'progress', done: lastTotal, total: lastTotal, phase: phase ?? (lastPhase || 'done') });
    },
  };
}

/**
 * A context whose progress lands in [from, to] % of the parent's bar, so a sub-step (one model of several) can report
 * 0…100 % of its own work without pushing the whole job to 100 % early. Everything else passes through.
 */
export function scopedContext(ctx: JobContext, from: number, to: number): JobContext {
  return {
    ...ctx,
    progress(done, total, phase) {
      const f = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
      ctx.progress(from + (to - from) * f, 100, phase);
    },
  };
}
