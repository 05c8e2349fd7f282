// The ML client's job queue over a fake worker (Comlink on a MessageChannel): one job at a time in call order,
// a queued job cancels without reaching the worker, a terminated worker fails only the running job; the tray ETA.
import 'fake-indexeddb/auto';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MlClient, type QueuedJob } from '../../../src/state/ml-client.ts';
import type { AnySpec } from '../../../src/core/job-kinds.ts';
import type { EventSink } from '../../../src/core/worker-api.ts';

interface FakeWorker {
  started: string[];
  cancelled: string[];
  finish(jobId: string, value: unknown): void;
}

/** A worker whose jobs end when the test says so; `spawned` lists every fake worker the client created. */
function fakeClient(): { client: MlClient; spawned: FakeWorker[]; ports: MessagePort[] } {
  const spawned: FakeWorker[] = [];
  const ports: MessagePort[] = [];
  const client = new MlClient(() => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const pending = new Map<string, (v: unknown) => void>();
    const fake: FakeWorker = {
      started: [],
      cancelled: [],
      finish: (jobId, value) => pending.get(jobId)?.(value),
    };
    spawned.push(fake);
    Comlink.expose(
      {
        init: () => ({ name: 'cpu', selfTestMs: 1, selfTest: 'passed', skipped: [], forced: false }),
        run: (jobId: string, spec: AnySpec, onEvent: EventSink) => {
          fake.started.push(`${jobId}:${spec.kind}`);
          void onEvent({ type: 'progress', done: 1, total: 2, phase: 'half' });
          return new Promise((resolve) => pending.set(jobId, resolve));
        },
        cancel: (jobId: string) => void fake.cancelled.push(jobId),
      },
      port2,
    );
    port1.start();
    return Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
  });
  return { client, spawned, ports };
}

const until = async (cond: () => boolean, ms = 2000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const demo = (epochs: number): AnySpec => ({ kind: 'demo-fit', epochs });

let open: MessagePort[] = [];
afterEach(() => {
  for (const p of open) p.close();
  open = [];
});

describe('ML client queue', () => {
  it('runs one job at a time in call order and reports the queue to listeners', async () => {
    const { client, spawned, ports } = fakeClient();
    open = ports;
    const views: QueuedJob[][] = [];
    client.subscribe((q) => views.push([...q]));
    const started: string[] = [];
    const a = client.run(demo(1), { jobId: 'a', onStart: () => started.push('a') });
    const b = client.run(demo(2), { jobId: 'b', onStart: () => started.push('b') });
    expect(client.queue()).toEqual([
      { jobId: 'a', kind: 'demo-fit', state: 'running' },
      { jobId: 'b', kind: 'demo-fit', state: 'queued' },
    ]);
    await until(() => spawned[0]?.started.length === 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(spawned[0]!.started).toEqual(['a:demo-fit']); // b waits: the worker runs one job at a time
    expect(started).toEqual(['a']);
    spawned[0]!.finish('a', { slope: 2 });
    await expect(a).resolves.toEqual({ slope: 2 });
    await until(() => spawned[0]!.started.length === 2);
    expect(started).toEqual(['a', 'b']);
    expect(client.queue()).toEqual([{ jobId: 'b', kind: 'demo-fit', state: 'running' }]);
    spawned[0]!.finish('b', 'done');
    await expect(b).resolves.toBe('done');
    expect(client.queue()).toEqual([]);
    expect(views.at(-1)).toEqual([]);
    expect(views.some((v) => v.length === 2 && v[1]!.state === 'queued')).toBe(true);
  });

  it('a queued job cancels at once and never reaches the worker; the running one goes on', async () => {
    const { client, spawned, ports } = fakeClient();
    open = ports;
    const a = client.run(demo(1), { jobId: 'a' });
    const b = client.run(demo(2), { jobId: 'b' });
    await until(() => spawned[0]?.started.length === 1);
    client.cancel('b');
    await expect(b).rejects.toMatchObject({ code: 'cancelled', message: expect.stringMatching(/before it started/) });
    expect(client.queue().map((q) => q.jobId)).toEqual(['a']);
    spawned[0]!.finish('a', 1);
    await expect(a).resolves.toBe(1);
    expect(spawned[0]!.started).toEqual(['a:demo-fit']);
    expect(spawned[0]!.cancelled).toEqual([]);
  });

  it('cancels a running job in the worker; terminating fails only it, the next job runs on a new worker', async () => {
    const { client, spawned, ports } = fakeClient();
    open = ports;
    const a = client.run(demo(1), { jobId: 'a' });
    const b = client.run(demo(2), { jobId: 'b' });
    await until(() => spawned[0]?.started.length === 1);
    client.cancel('a');
    await until(() => spawned[0]!.cancelled.length === 1);
    expect(spawned[0]!.cancelled).toEqual(['a']);
    client.terminate();
    await expect(a).rejects.toMatchObject({ code: 'terminated' });
    await until(() => spawned[1]?.started.length === 1);
    expect(spawned[1]!.started).toEqual(['b:demo-fit']);
    spawned[1]!.finish('b', 'ok');
    await expect(b).resolves.toBe('ok');
    expect(client.spawns).toBe(2);
  });
});

describe('job tray ETA', () => {
  it('is shown only once more than 5 % is done, and counts down from elapsed time and fraction', async () => {
    const { etaSeconds } = await import('../../../src/state/eta.ts');
    expect(etaSeconds(0, 10)).toBeNull();
    expect(etaSeconds(0.05, 10)).toBeNull();
    expect(etaSeconds(0.1, 10)).toBeCloseTo(90);
    expect(etaSeconds(0.5, 30)).toBeCloseTo(30);
    expect(etaSeconds(1, 30)).toBeNull();
    expect(etaSeconds(Number.NaN, 30)).toBeNull();
  });
});
