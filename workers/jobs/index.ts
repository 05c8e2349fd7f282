// The worker's job registry: one entry per job kind. Add a kind by importing its handler and listing it here.
import type { JobContext } from '../../src/core/jobs.ts';
import { demoFit } from './demo-fit.ts';
import { importJob } from './import.ts';

export const handlers = {
  'demo-fit': demoFit,
  import: importJob,
} satisfies Record<string, (spec: never, ctx: JobContext) => Promise<unknown>>;

export type JobKind = keyof typeof handlers;
export type SpecOf<K extends JobKind> = Parameters<(typeof handlers)[K]>[0];
export type ResultOf<K extends JobKind> = Awaited<ReturnType<(typeof handlers)[K]>>;
export type AnySpec = { [K in JobKind]: SpecOf<K> }[JobKind];
