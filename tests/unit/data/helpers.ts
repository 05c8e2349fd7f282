// Test helpers for the data-import tests: ingest from text/bytes/fixtures, find columns and findings.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { silentContext } from '../../../src/core/jobs.ts';
import { ingestCsv, bytesSource, textSource, type IngestOptions } from '../../../src/core/data/ingest.ts';
import type { ColumnSummary, IngestResult, QualityFinding } from '../../../src/core/data/schema.ts';
import { loadCsvFile } from '../../../src/cli/load-file.ts';
import { JobError } from '../../../src/core/jobs.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const BAD = join(here, '../../fixtures/bad');
export { DATASETS } from '../../datasets.ts';

export const fromText = (text: string, options: IngestOptions = {}, chunkBytes?: number): Promise<IngestResult> =>
  ingestCsv(textSource(text, chunkBytes), silentContext(), { pii: { key: 'test-key' }, ...options });

export const fromBytes = (bytes: Uint8Array, options: IngestOptions = {}, chunkBytes?: number): Promise<IngestResult> =>
  ingestCsv(bytesSource(bytes, chunkBytes), silentContext(), { pii: { key: 'test-key' }, ...options });

export const fixture = (name: string, options: IngestOptions = {}): Promise<IngestResult> =>
  loadCsvFile(join(BAD, name), { pii: { key: 'test-key' }, ...options });

export function col(r: IngestResult, name: string): ColumnSummary {
  const c = r.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}; have ${r.columns.map((x) => x.name).join(', ')}`);
  return c;
}

export function finding(r: IngestResult, code: string, column?: string): QualityFinding | undefined {
  return r.quality.find((q) => q.code === code && (column === undefined || q.column === column));
}

/** Resolves to the JobError a promise rejects with (fails the test if it resolves or throws something else). */
export async function jobError(p: Promise<unknown>): Promise<JobError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof JobError) return e;
    throw e;
  }
  throw new Error('expected a JobError, but the import succeeded');
}
