// The streaming job contract: progress never decreases and reaches the byte total, cancel stops the import,
// the browser-style Blob source gives the same result as the Node file source.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledError, type JobContext } from '../../../src/core/jobs.ts';
import { blobSource, ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { DATASETS } from './helpers.ts';

function recordingContext(
  cancelAfterBytes = Infinity,
): JobContext & { events: { done: number; total: number; phase: string }[] } {
  const events: { done: number; total: number; phase: string }[] = [];
  return {
    events,
    progress(done, total, phase) {
      events.push({ done, total, phase });
    },
    epoch() {},
    log() {},
    checkCancelled() {
      const last = events[events.length - 1];
      if (last && last.done >= cancelAfterBytes) throw new CancelledError();
    },
    yield: () => Promise.resolve(),
  };
}

const RETAIL_DEC = join(DATASETS, 'online-retail/online-retail-2010-12.csv');

describe('streaming ingest', () => {
  it('reports monotone byte progress up to the file size', async () => {
    const ctx = recordingContext();
    await loadCsvFile(RETAIL_DEC, {}, ctx);
    const parse = ctx.events.filter((e) => e.phase === 'parse');
    expect(parse.length).toBeGreaterThan(2);
    for (let i = 1; i < parse.length; i++) expect(parse[i]!.done).toBeGreaterThanOrEqual(parse[i - 1]!.done);
    expect(parse[parse.length - 1]!.done).toBe(3743717);
    expect(parse[0]!.total).toBe(3743717);
  });

  it('cancels between chunks with CancelledError', async () => {
    const ctx = recordingContext(1_000_000);
    await expect(loadCsvFile(RETAIL_DEC, {}, ctx)).rejects.toBeInstanceOf(CancelledError);
    expect(ctx.events[ctx.events.length - 1]!.done).toBeLessThan(3743717);
  });

  it('a Blob (browser File) source gives the same table as the Node file source', async () => {
    const bytes = readFileSync(join(DATASETS, 'telco-customer-churn/telco-test.csv'));
    const fromBlob = await ingestCsv(blobSource(new Blob([bytes])), recordingContext(), { pii: { key: 'k' } });
    const fromFile = await loadCsvFile(join(DATASETS, 'telco-customer-churn/telco-test.csv'), { pii: { key: 'k' } });
    expect(fromBlob.columns).toEqual(fromFile.columns);
    expect(fromBlob.quality).toEqual(fromFile.quality);
    expect(fromBlob.table.rowCount).toBe(1409);
  });

  it('results are plain data (structured-clone safe)', async () => {
    const r = await ingestCsv(textSource('a,b\n1,x\n2,y\n'), recordingContext());
    expect(() => structuredClone(r)).not.toThrow();
    expect(structuredClone(r).columns).toEqual(r.columns);
  });
});
