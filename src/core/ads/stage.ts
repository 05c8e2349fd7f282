// Progress sub-ranges: a job context whose phases each report into their own slice of the whole job's 0–100 %.
import type { JobContext } from '../jobs.ts';

/** A view of `ctx` whose progress maps into [from, to] % of the whole job (phases report their own done/total). */
export function stage(ctx: JobContext, from: number, to: number): JobContext {
  return {
    progress: (done, total, phase) => ctx.progress(from + ((to - from) * done) / Math.max(1, total), 100, phase),
    epoch: (e, logs) => ctx.epoch(e, logs),
    log: (m) => ctx.log(m),
    checkCancelled: () => ctx.checkCancelled(),
    yield: () => ctx.yield(),
  };
}
