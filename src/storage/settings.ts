// Settings store: small typed key/value preferences remembered across reloads.
import type { BackendName } from '../core/tf/backend-names.ts';
import { db } from './db.ts';

export interface Settings {
  backend: BackendName | null;
  /** Per-workspace secret for PII pseudonymisation (raw bytes, never leaves the machine). */
  piiKey: ArrayBuffer | null;
  minSegmentSize: number;
  /** Set once the first-run sample workspace was imported (deleting samples later does not bring them back). */
  samplesAutoLoaded: boolean;
}

export const DEFAULT_SETTINGS: Settings = { backend: null, piiKey: null, minSegmentSize: 10, samplesAutoLoaded: false };

export async function getSetting<K extends keyof Settings>(key: K): Promise<Settings[K]> {
  const v = (await (await db()).get('settings', key)) as Settings[K] | undefined;
  return v === undefined ? DEFAULT_SETTINGS[key] : v;
}

export async function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  await (await db()).put('settings', value, key);
}

/** The workspace PII key, created on first use. */
export async function workspaceKey(): Promise<ArrayBuffer> {
  const existing = await getSetting('piiKey');
  if (existing) return existing;
  const key = crypto.getRandomValues(new Uint8Array(32)).buffer;
  await setSetting('piiKey', key);
  return key;
}
