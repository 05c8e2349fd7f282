// The event invariants every job relies on: monotone, throttled progress; subsampled epochs; a final 100 %.
import { describe, expect, it } from 'vitest';
import { CancelledError, eventContext, JobError, toJobErrorData, type JobEvent } from '../../../src/core/jobs.ts';

function clocked() {
  let t = 0;
  const events: JobEvent[] = [];
  let cancelled = false;
  const ctx = eventContext(
    (e) => events.push(e),
    () => cancelled,
    100,
    () => t,
  );
  return {
    ctx,
    events,
    advance: (ms: number) => {
      t += ms;
    },
    cancel: () => {
      cancelled = true;
    },
  };
}

describe('eventContext', () => {
  it('throttles progress to ≥100 ms apart, never goes back, and ends at exactly 100 %', () => {
    const { ctx, events, advance } = clocked();
    for (let i = 0; i <= 1000; i++) {
      ctx.progress(i, 1000, 'rows');
      if (i === 500) ctx.progress(10, 1000, 'rows'); // a regression is ignored
      advance(1);
    }
    ctx.finish();
    const prog = events.filter((e): e is Extract<JobEvent, { type: 'progress' }> => e.type === 'progress');
    expect(prog.length).toBe(11); // t = 0,100,…,900 plus the final event
    for (let i = 1; i < prog.length; i++)
      expect(prog[i]!.done / prog[i]!.total).toBeGreaterThanOrEqual(prog[i - 1]!.done / prog[i - 1]!.total);
    expect(prog.at(-1)).toEqual({ type: 'progress', done: 1000, total: 1000, phase: 'rows' });
  });

  it('subsamples fast epochs but always delivers the last one', () => {
    const { ctx, events, advance } = clocked();
    for (let e = 1; e <= 50; e++) {
      ctx.epoch(e, { loss: 1 / e });
      advance(10);
    }
    ctx.finish();
    const epochs = events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch);
    expect(epochs).toEqual([1, 11, 21, 31, 41, 50]);
  });

  it('checkCancelled throws a CancelledError once cancelled', () => {
    const { ctx, cancel } = clocked();
    expect(() => ctx.checkCancelled()).not.toThrow();
    cancel();
    expect(() => ctx.checkCancelled()).toThrow(CancelledError);
  });
});

describe('errors', () => {
  it('cross the boundary as plain {code, message, details}', () => {
    expect(
      toJobErrorData(new JobError('bad-column', 'column `Revenue` has 3 non-numeric values', { first: 18 })),
    ).toEqual({ code: 'bad-column', message: 'column `Revenue` has 3 non-numeric values', details: { first: 18 } });
    expect(toJobErrorData(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    expect(toJobErrorData(quota).code).toBe('quota');
  });
});
