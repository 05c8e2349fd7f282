// The workspace file's format: name, version, manifest shape and its validation, entry paths, refusal errors.
import { JobError } from '../jobs.ts';
import { msg, type Msg } from '../msg.ts';

export const WORKSPACE_FORMAT = 'locallift-workspace';
/** Bump when the file layout changes; a reader refuses files newer than it knows. */
export const WORKSPACE_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
export const WORKSPACE_EXTENSION = '.llw';

/** One stored record: `key` only for stores with out-of-line keys (settings). */
export interface StoredItem {
  key?: unknown;
  value: unknown;
}
/** Every record of every store, by store name. */
export type WorkspaceStores = Record<string, StoredItem[]>;

/** A store's layout at the file's dbVersion: enough to recreate that database and run today's upgrade ladder on it. */
export interface StoreSchema {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
}

export interface ManifestEntry {
  path: string;
  /** Uncompressed size. */
  bytes: number;
  /** Hex SHA-256 of the uncompressed bytes. */
  sha256: string;
}

export interface WorkspaceManifest {
  format: typeof WORKSPACE_FORMAT;
  formatVersion: number;
  appVersion: string;
  /** IndexedDB schema version (DB_VERSION) the records were read at. */
  dbVersion: number;
  /** Newest record schemaVersion the writing app knew (RECORD_VERSION). */
  recordVersion: number;
  createdAt: string;
  littleEndian: boolean;
  includesPiiKey: boolean;
  /** Records per store. */
  counts: Record<string, number>;
  /** The stores' layout at dbVersion. */
  schema: StoreSchema[];
  entries: ManifestEntry[];
}

/** What this app can read. */
export interface KnownVersions {
  formatVersion: number;
  dbVersion: number;
  recordVersion: number;
  appVersion: string;
}

/** `locallift-workspace-YYYYMMDD.llw` in local time (the day the person exported it). */
export function workspaceFileName(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `locallift-workspace-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${WORKSPACE_EXTENSION}`;
}

/** Entry path of record `n` of a store; its binary parts are `<base>.<i>.bin`. */
export function recordPath(store: string, n: number): string {
  return `records/${store}/${String(n).padStart(6, '0')}.json`;
}
export function partPath(recordJsonPath: string, i: number): string {
  return `${recordJsonPath.slice(0, -'.json'.length)}.${i}.bin`;
}

// `why` is the English detail (logs); `reason`, where given, the same detail as a message the UI words in the reader's
// language (details.why is then that Msg; sayError words it). Rare manifest-structure details stay English only.
export function notWorkspace(why: string, reason?: Msg): JobError {
  return new JobError(
    'workspace-not-workspace',
    `This file is not a LocalLift workspace (${why}). Choose a .llw file made with "Export workspace". Nothing was changed.`,
    { why: reason ?? why },
  );
}
export function corrupt(why: string, reason?: Msg): JobError {
  return new JobError(
    'workspace-corrupt',
    `This workspace file is damaged (${why}). Export it again from the original browser. Nothing was changed.`,
    { why: reason ?? why },
  );
}
/** `what` as a message: the format, the database or a store's record version (other names stay as they are). */
function whatMsg(what: string): Msg | string {
  if (what === 'workspace format') return msg('ws_what_format');
  if (what === 'database version') return msg('ws_what_db');
  const store = /^(\S+) record version$/.exec(what)?.[1];
  return store ? msg('ws_what_record', { store }) : what;
}
export function newer(what: string, theirs: number | string, ours: number | string): JobError {
  return new JobError(
    'workspace-newer',
    `This workspace was made by a newer LocalLift (${what} ${theirs}; this app reads up to ${ours}). ` +
      'Update LocalLift (reload the page when online) and import it again. Nothing was changed.',
    { what: whatMsg(what), theirs, ours },
  );
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function checkEntries(entries: unknown): ManifestEntry[] {
  if (!Array.isArray(entries)) throw corrupt('the manifest has no entry list');
  const seen = new Set<string>();
  for (const e of entries as unknown[]) {
    const ok =
      e !== null &&
      typeof e === 'object' &&
      typeof (e as ManifestEntry).path === 'string' &&
      isCount((e as ManifestEntry).bytes) &&
      typeof (e as ManifestEntry).sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test((e as ManifestEntry).sha256);
    if (!ok) throw corrupt('a manifest entry is malformed');
    const path = (e as ManifestEntry).path;
    if (seen.has(path) || path === MANIFEST_PATH) throw corrupt(`the manifest lists ${path} twice`);
    seen.add(path);
  }
  return entries as ManifestEntry[];
}

const isKeyPath = (k: unknown): k is string | string[] =>
  typeof k === 'string' || (Array.isArray(k) && k.every((x) => typeof x === 'string'));

function checkSchema(schema: unknown): StoreSchema[] {
  const ok =
    Array.isArray(schema) &&
    schema.every(
      (s: Partial<StoreSchema>) =>
        s !== null &&
        typeof s === 'object' &&
        typeof s.name === 'string' &&
        (s.keyPath === null || isKeyPath(s.keyPath)) &&
        typeof s.autoIncrement === 'boolean' &&
        Array.isArray(s.indexes) &&
        s.indexes.every((i) => typeof i?.name === 'string' && isKeyPath(i.keyPath)),
    );
  if (!ok) throw corrupt('the manifest has no valid store layout');
  return schema as StoreSchema[];
}

/**
 * Parses and checks the manifest: not ours → not-workspace; newer format or database → newer; anything missing or
 * of the wrong type → corrupt. Versions are checked before the rest, so a newer file is named as such.
 */
export function parseManifest(text: string, known: KnownVersions): WorkspaceManifest {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    throw corrupt('its manifest is not valid JSON');
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw corrupt('its manifest is not an object');
  const o = m as Record<string, unknown>;
  if (o.format !== WORKSPACE_FORMAT) throw notWorkspace(`its manifest says format "${String(o.format)}"`);
  if (!isCount(o.formatVersion) || o.formatVersion < 1) throw corrupt('the manifest has no valid formatVersion');
  if (o.formatVersion > known.formatVersion) throw newer('workspace format', o.formatVersion, known.formatVersion);
  if (!isCount(o.dbVersion) || o.dbVersion < 1) throw corrupt('the manifest has no valid dbVersion');
  if (o.dbVersion > known.dbVersion) throw newer('database version', o.dbVersion, known.dbVersion);
  if (!isCount(o.recordVersion)) throw corrupt('the manifest has no valid recordVersion');
  if (typeof o.littleEndian !== 'boolean' || typeof o.includesPiiKey !== 'boolean')
    throw corrupt('the manifest lacks its byte order or PII-key flag');
  if (!o.counts || typeof o.counts !== 'object' || !Object.values(o.counts).every(isCount))
    throw corrupt('the manifest has no valid record counts');
  const entries = checkEntries(o.entries);
  const schema = checkSchema(o.schema);
  return {
    format: WORKSPACE_FORMAT,
    formatVersion: o.formatVersion,
    appVersion: typeof o.appVersion === 'string' ? o.appVersion : 'unknown',
    dbVersion: o.dbVersion,
    recordVersion: o.recordVersion,
    createdAt: typeof o.createdAt === 'string' ? o.createdAt : '',
    littleEndian: o.littleEndian,
    includesPiiKey: o.includesPiiKey,
    counts: o.counts as Record<string, number>,
    schema,
    entries,
  };
}
