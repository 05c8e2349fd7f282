// Packs every store's records into one zip (manifest + one entry per record + its binary parts) and unpacks and
// verifies one — everything is checked here, before the caller writes anything.
import { unzipSync, Zip, ZipDeflate, strFromU8, strToU8 } from 'fflate';
import type { JobContext } from '../jobs.ts';
import { msg } from '../msg.ts';
import { CodecError, decodeRecord, encodeRecord, LITTLE_ENDIAN } from './codec.ts';
import {
  corrupt,
  MANIFEST_PATH,
  notWorkspace,
  parseManifest,
  partPath,
  recordPath,
  WORKSPACE_FORMAT,
  type KnownVersions,
  type ManifestEntry,
  type StoreSchema,
  type StoredItem,
  type WorkspaceManifest,
  type WorkspaceStores,
} from './format.ts';

/** Bytes deflated between two cancel checks / progress events. */
const SLICE = 1 << 20;

export interface PackInfo extends KnownVersions {
  includesPiiKey: boolean;
  schema: StoreSchema[];
}
export interface Packed {
  /** The zip, in the chunks the compressor emitted (a Blob can be built from them without another copy). */
  chunks: Uint8Array[];
  bytes: number;
  uncompressedBytes: number;
  manifest: WorkspaceManifest;
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Overall progress over three phases (encode 20 %, checksums 30 %, compress 50 %): one monotone scale. */
function phased(ctx: JobContext) {
  const weights = { encoding: [0, 0.2], checksums: [0.2, 0.3], compressing: [0.5, 0.5] } as const;
  return (phase: keyof typeof weights, done: number, total: number) => {
    const [start, span] = weights[phase];
    ctx.progress(Math.round(1000 * (start + (span * done) / Math.max(1, total))), 1000, phase);
  };
}

function encodeAll(stores: WorkspaceStores): { files: Map<string, Uint8Array>; counts: Record<string, number> } {
  const files = new Map<string, Uint8Array>();
  const counts: Record<string, number> = {};
  for (const [store, items] of Object.entries(stores)) {
    counts[store] = items.length;
    items.forEach((item, n) => {
      const path = recordPath(store, n);
      const { json, parts } = encodeRecord(item, `${store}[${n}]`);
      files.set(path, strToU8(json));
      parts.forEach((p, i) => files.set(partPath(path, i), p));
    });
  }
  return { files, counts };
}

function deflateInto(zip: Zip, path: string, data: Uint8Array, level: 0 | 1 | 6): void {
  const file = new ZipDeflate(path, { level });
  zip.add(file);
  file.push(data, true);
}

/** Records → one zip. Binary parts deflate at level 1 (floats barely compress further; 3–4× faster than 6). */
export async function packWorkspace(
  stores: WorkspaceStores,
  info: PackInfo,
  ctx: JobContext,
  now = new Date(),
): Promise<Packed> {
  const report = phased(ctx);
  report('encoding', 0, 1);
  const { files, counts } = encodeAll(stores);
  ctx.checkCancelled();
  report('encoding', 1, 1);
  const entries: ManifestEntry[] = [];
  const uncompressedBytes = [...files.values()].reduce((s, b) => s + b.byteLength, 0);
  let hashed = 0;
  for (const [path, bytes] of files) {
    entries.push({ path, bytes: bytes.byteLength, sha256: await sha256(bytes) });
    hashed += bytes.byteLength;
    report('checksums', hashed, uncompressedBytes);
    ctx.checkCancelled();
  }
  const manifest: WorkspaceManifest = {
    format: WORKSPACE_FORMAT,
    formatVersion: info.formatVersion,
    appVersion: info.appVersion,
    dbVersion: info.dbVersion,
    recordVersion: info.recordVersion,
    createdAt: now.toISOString(),
    littleEndian: LITTLE_ENDIAN,
    includesPiiKey: info.includesPiiKey,
    counts,
    schema: info.schema,
    entries,
  };
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  deflateInto(zip, MANIFEST_PATH, strToU8(JSON.stringify(manifest)), 6);
  let compressed = 0;
  let sinceYield = 0;
  for (const [path, bytes] of files) {
    deflateInto(zip, path, bytes, path.endsWith('.bin') ? 1 : 6);
    compressed += bytes.byteLength;
    sinceYield += bytes.byteLength;
    if (sinceYield >= SLICE) {
      sinceYield = 0;
      report('compressing', compressed, uncompressedBytes);
      ctx.checkCancelled();
      await ctx.yield();
    }
  }
  zip.end();
  if (failure) throw failure;
  return { chunks, bytes: chunks.reduce((s, c) => s + c.byteLength, 0), uncompressedBytes, manifest };
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  const zipMagic = bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!zipMagic) throw notWorkspace('it is not a zip archive', msg('ws_why_not_zip'));
  try {
    return unzipSync(bytes);
  } catch (e) {
    throw corrupt(
      `the zip cannot be read: ${e instanceof Error ? e.message : String(e)}`,
      msg('ws_why_zip_unreadable'),
    );
  }
}

async function verifyEntries(
  manifest: WorkspaceManifest,
  files: Record<string, Uint8Array>,
  ctx: JobContext,
): Promise<void> {
  const listed = new Set(manifest.entries.map((e) => e.path));
  const extra = Object.keys(files).find((p) => p !== MANIFEST_PATH && !listed.has(p) && !p.endsWith('/'));
  if (extra !== undefined)
    throw corrupt(`${extra} is in the archive but not in its manifest`, msg('ws_why_extra', { path: extra }));
  const total = manifest.entries.reduce((s, e) => s + e.bytes, 0);
  let done = 0;
  for (const e of manifest.entries) {
    const data = files[e.path];
    if (!data) throw corrupt(`${e.path} is missing`, msg('ws_why_missing', { path: e.path }));
    if (data.byteLength !== e.bytes)
      throw corrupt(
        `${e.path} has ${data.byteLength} bytes, the manifest says ${e.bytes}`,
        msg('ws_why_size', { path: e.path, bytes: data.byteLength, expected: e.bytes }),
      );
    if ((await sha256(data)) !== e.sha256)
      throw corrupt(`${e.path} fails its checksum`, msg('ws_why_checksum', { path: e.path }));
    done += e.bytes;
    ctx.progress(Math.round(200 + (500 * done) / Math.max(1, total)), 1000, 'checksums');
    ctx.checkCancelled();
  }
}

function decodeItem(text: string, parts: Uint8Array[], path: string): StoredItem {
  let item: unknown;
  try {
    item = decodeRecord(text, parts, path);
  } catch (e) {
    throw corrupt(e instanceof CodecError ? e.message : `${path} cannot be decoded`);
  }
  if (!item || typeof item !== 'object' || !('value' in item))
    throw corrupt(`${path} holds no record`, msg('ws_why_no_record', { path }));
  return item as StoredItem;
}

function decodeStores(manifest: WorkspaceManifest, files: Record<string, Uint8Array>): WorkspaceStores {
  const stores: WorkspaceStores = {};
  for (const [store, count] of Object.entries(manifest.counts)) {
    const items: StoredItem[] = [];
    for (let n = 0; n < count; n++) {
      const path = recordPath(store, n);
      const json = files[path];
      if (!json) throw corrupt(`${path} is missing`, msg('ws_why_missing', { path }));
      const parts: Uint8Array[] = [];
      for (let i = 0; files[partPath(path, i)]; i++) parts.push(files[partPath(path, i)]!);
      items.push(decodeItem(strFromU8(json), parts, path));
    }
    stores[store] = items;
  }
  const recordFiles = manifest.entries.filter((e) => e.path.endsWith('.json')).length;
  const counted = Object.values(manifest.counts).reduce((s, c) => s + c, 0);
  if (recordFiles !== counted)
    throw corrupt(
      `the manifest counts ${counted} records but lists ${recordFiles}`,
      msg('ws_why_count', { counted, listed: recordFiles }),
    );
  return stores;
}

/**
 * A workspace file → its manifest and every record, or a refusal (JobError: workspace-not-workspace,
 * workspace-corrupt, workspace-newer). Nothing outside this function is touched.
 */
export async function unpackWorkspace(
  bytes: Uint8Array,
  known: KnownVersions,
  ctx: JobContext,
): Promise<{ manifest: WorkspaceManifest; stores: WorkspaceStores }> {
  ctx.progress(0, 1000, 'unzipping');
  const files = unzip(bytes);
  ctx.checkCancelled();
  ctx.progress(200, 1000, 'unzipping');
  const manifestBytes = files[MANIFEST_PATH];
  if (!manifestBytes) throw notWorkspace('the archive has no manifest.json', msg('ws_why_no_manifest'));
  const manifest = parseManifest(strFromU8(manifestBytes), known);
  if (manifest.littleEndian !== LITTLE_ENDIAN)
    throw corrupt('it was written on a machine of the other byte order', msg('ws_why_byte_order'));
  await verifyEntries(manifest, files, ctx);
  const stores = decodeStores(manifest, files);
  ctx.progress(800, 1000, 'decoding');
  return { manifest, stores };
}
