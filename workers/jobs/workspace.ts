// Workspace file jobs in the worker: read every store and pack it into one .llw file; unpack, check everything,
// then replace every store in one transaction (and drop the table cache, which now describes another workspace).
import { JobError, type JobContext } from '../../src/core/jobs.ts';
import { WORKSPACE_FORMAT_VERSION, workspaceFileName, type KnownVersions } from '../../src/core/workspace/format.ts';
import { packWorkspace, unpackWorkspace } from '../../src/core/workspace/package.ts';
import type {
  WorkspaceExportResult,
  WorkspaceExportSpec,
  WorkspaceImportResult,
  WorkspaceImportSpec,
} from '../../src/core/workspace/job.ts';
import { DB_VERSION, RECORD_VERSION } from '../../src/storage/db.ts';
import {
  checkStores,
  isEmptyProfile,
  profileCounts,
  readAllStores,
  replaceAllStores,
  type ProfileCounts,
} from '../../src/storage/workspace.ts';
import { version as appVersion } from '../../package.json';
import { upgradeThroughLadder } from '../../src/storage/workspace-upgrade.ts';
import { forgetTable } from '../tables.ts';

export const KNOWN: KnownVersions = {
  formatVersion: WORKSPACE_FORMAT_VERSION,
  dbVersion: DB_VERSION,
  recordVersion: RECORD_VERSION,
  appVersion,
};

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export async function workspaceExportJob(spec: WorkspaceExportSpec, ctx: JobContext): Promise<WorkspaceExportResult> {
  const t0 = performance.now();
  ctx.progress(0, 1000, 'reading');
  const { stores, schema } = await readAllStores(spec.includePiiKey);
  ctx.checkCancelled();
  const packed = await packWorkspace(stores, { ...KNOWN, includesPiiKey: spec.includePiiKey, schema }, ctx);
  const file = new Blob(packed.chunks as Uint8Array<ArrayBuffer>[], { type: 'application/zip' });
  const seconds = (performance.now() - t0) / 1000;
  return {
    file,
    fileName: workspaceFileName(new Date()),
    bytes: packed.bytes,
    uncompressedBytes: packed.uncompressedBytes,
    counts: packed.manifest.counts,
    includesPiiKey: spec.includePiiKey,
    seconds,
    metrics: {
      datasets: packed.manifest.counts.datasets ?? 0,
      'file MB': round(packed.bytes / 1e6, 2),
      'uncompressed MB': round(packed.uncompressedBytes / 1e6, 2),
      seconds: round(seconds, 2),
    },
  };
}

function notEmpty(c: ProfileCounts): JobError {
  return new JobError(
    'workspace-not-empty',
    `This browser already holds ${c.datasets} datasets, ${c.results} results, ${c.models} models and ${c.runs} ` +
      'history entries. Importing replaces all of them with the file’s workspace (they are not merged). ' +
      'Export this workspace first if you want to keep it. Nothing was changed.',
    { ...c },
  );
}

export async function workspaceImportJob(spec: WorkspaceImportSpec, ctx: JobContext): Promise<WorkspaceImportResult> {
  const t0 = performance.now();
  ctx.progress(0, 1000, 'reading file');
  const bytes = new Uint8Array(await spec.file.arrayBuffer());
  const { manifest, stores } = await unpackWorkspace(bytes, KNOWN, ctx);
  // An older file's records take the same path as an old browser profile's: today's upgrade ladder.
  const current =
    manifest.dbVersion < DB_VERSION ? await upgradeThroughLadder(stores, manifest.schema, manifest.dbVersion) : stores;
  const checked = checkStores(current);
  const before = await profileCounts();
  if (!spec.replace && !isEmptyProfile(before)) throw notEmpty(before);
  // The last point where cancel leaves everything as it was: the write below is one transaction.
  ctx.checkCancelled();
  ctx.progress(850, 1000, 'writing');
  await replaceAllStores(checked);
  forgetTable();
  const seconds = (performance.now() - t0) / 1000;
  const counts = Object.fromEntries(Object.entries(checked).map(([k, v]) => [k, v.length]));
  return {
    counts,
    appVersion: manifest.appVersion,
    createdAt: manifest.createdAt,
    includesPiiKey: manifest.includesPiiKey,
    replaced: before,
    bytes: bytes.byteLength,
    seconds,
    metrics: {
      datasets: counts.datasets ?? 0,
      results: counts.results ?? 0,
      'file MB': round(bytes.byteLength / 1e6, 2),
      seconds: round(seconds, 2),
    },
  };
}
