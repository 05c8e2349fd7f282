// PII detection (e-mail, phone, personal names) and pseudonymisation by keyed hash (HMAC-SHA-256 via WebCrypto).
import type { CategoricalColumn } from './table.ts';
import { isPersonNameColumn } from './person-names.ts';

export type PiiKind = 'email' | 'phone' | 'name';

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]+\.[A-Za-z]{2,}$/;
const PHONE_RE = /^\+?[\d\s().-]{7,20}$/;
/** Dates written with dashes or slashes (`2023-13-01`, `31/02/2020`): digit runs that are never phone numbers. */
const DATE_SHAPED_RE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/;
const PHONE_NAME_RE = /phone|mobile|tel(?:ephone)?$|^tel|cell|fax|whatsapp|手机|电话|联系方式/i;

/** Looks at up to 2,000 distinct values; returns the PII kind when ≥ 80 % of them fit. */
export function detectPii(name: string, dictionary: readonly string[]): PiiKind | null {
  const n = Math.min(dictionary.length, 2000);
  if (n === 0) return null;
  let email = 0;
  let phone = 0;
  for (let i = 0; i < n; i++) {
    const s = dictionary[i]!;
    if (EMAIL_RE.test(s)) email++;
    if (PHONE_RE.test(s) && !DATE_SHAPED_RE.test(s)) {
      const digits = s.replace(/\D/g, '').length;
      // Plain digit strings are ids unless the name says phone; formatted ones (+44 20 …, (555) 123-4567) are phones.
      if (digits >= 7 && digits <= 15 && (PHONE_NAME_RE.test(name) || /[\s()+.-]/.test(s))) phone++;
    }
  }
  if (email >= 0.8 * n) return 'email';
  if (phone >= 0.8 * n && (PHONE_NAME_RE.test(name) || phone === n)) return 'phone';
  if (isPersonNameColumn(name, n < dictionary.length ? dictionary.slice(0, n) : dictionary)) return 'name';
  return null;
}

/** Column-level check for a name that says phone although values parsed as plain numbers. */
export function isPhoneName(name: string): boolean {
  return PHONE_NAME_RE.test(name);
}

export type HashFn = (value: string) => Promise<string>;

const enc = new TextEncoder();

function toHex(buf: ArrayBuffer, bytes: number): string {
  const b = new Uint8Array(buf, 0, bytes);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/** A workspace key as raw bytes or a string secret; returns an HMAC-SHA-256 hasher (first 16 bytes, hex, prefixed). */
export async function hmacHasher(key: Uint8Array | string): Promise<HashFn> {
  const raw = typeof key === 'string' ? enc.encode(key) : key;
  if (raw.length === 0) throw new Error('empty pseudonymisation key');
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    'raw',
    raw as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return async (value: string) =>
    'h_' + toHex(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, enc.encode(value.trim().toLowerCase())), 16);
}

/** A fresh random 32-byte key (for a new workspace, or a CLI run without --pii-key). */
export function randomKey(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

/**
 * Replaces every dictionary entry by its keyed hash. Values are normalised (trim, lower case) before hashing so
 * `Ann@X.com` and `ann@x.com` join; equal hashes are merged into one dictionary entry.
 */
export async function pseudonymiseColumn(col: CategoricalColumn, hash: HashFn): Promise<CategoricalColumn> {
  const hashed = await Promise.all(col.dictionary.map((v) => hash(v)));
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const remap = new Int32Array(hashed.length);
  hashed.forEach((h, i) => {
    let code = index.get(h);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(h);
      index.set(h, code);
    }
    remap[i] = code;
  });
  const codes = new Int32Array(col.codes.length);
  for (let r = 0; r < codes.length; r++) {
    const c = col.codes[r]!;
    codes[r] = c < 0 ? -1 : remap[c]!;
  }
  return { kind: 'categorical', name: col.name, type: 'id', codes, dictionary };
}
