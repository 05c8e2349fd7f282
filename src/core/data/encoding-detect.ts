// Which text encoding a file's bytes are in, and why: BOMs, UTF-16 from its NUL pattern, UTF-8 validity, and the
// legacy CJK encodings (GB18030/GBK, Big5, Shift_JIS) scored by how many decoded characters are common in their script.
//
// The rule, in order (first match wins):
//  1. a byte-order mark names the encoding (UTF-8, UTF-16 LE/BE);
//  2. NUL bytes concentrated at odd (even) offsets, in ≥ 20 % of the byte pairs, that decode without error: UTF-16 LE
//     (BE) without BOM — an 8-bit text file has no NUL bytes at all, UTF-16 text with ASCII has one per character;
//  3. only ASCII bytes, or valid UTF-8: UTF-8 (random legacy bytes are almost never valid UTF-8 over a whole sample);
//  4. ≥ 80 % of the non-ASCII bytes in well-formed UTF-8 sequences: a UTF-8 file with a few Windows-1252 bytes, read
//     by the mixed decoder (genuine GBK text has well under half of its bytes in such sequences);
//  5. each legacy CJK encoding that decodes the sample (≤ 1 bad byte in 500 non-ASCII characters) is scored by the
//     share of its non-ASCII characters that are *common* in its script: GB2312 hanzi and CJK punctuation for
//     GB18030, Big5 level-1 hanzi and punctuation for Big5, kana and JIS level-1 kanji for Shift_JIS; the best share
//     ≥ 60 % wins. The others land in rare or foreign blocks: Big5 read as GBK gives kana, Greek and private-use
//     characters; GBK read as Shift_JIS gives half-width katakana; a Western file read as GBK gives rare
//     extension hanzi, because an accented letter followed by an ASCII letter is never a GB2312 pair;
//  6. otherwise Windows-1252 (with UTF-8 lines kept: files mixing both decode correctly).
// Failure modes: a very short sample (one or two non-ASCII characters) can be valid UTF-8 by chance; a legacy file
// in another CJK encoding we do not try (EUC-KR, EUC-JP) falls to Windows-1252; a Western file full of accented
// capitals (Latin-1 0xB0–0xF7 pairs) could in principle pass as GBK — the user then overrides with one click.

import { msg, type Msg } from '../msg.ts';

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'shift_jis' | 'windows-1252';

export interface EncodingChoice {
  encoding: EncodingName;
  /** One line a person can read: what was chosen and the evidence (English; the CLI prints it). */
  reason: string;
  /** The same as message parts the UI words in the reader's language (joined with '; '). */
  why: Msg[];
  /** A UTF-8 or UTF-16 byte-order mark starts the bytes. */
  bom?: boolean;
}

/** Legacy CJK encodings tried on bytes that are not UTF-8, most common first (ties go to the earlier one). */
export const CJK_ENCODINGS = ['gb18030', 'big5', 'shift_jis'] as const;
type CjkEncoding = (typeof CJK_ENCODINGS)[number];

const LABEL: Record<EncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  gb18030: 'GB18030 (GBK)',
  big5: 'Big5',
  shift_jis: 'Shift_JIS',
  'windows-1252': 'Windows-1252',
};

export const encodingLabel = (e: EncodingName): string => LABEL[e];

const ALIASES: Record<string, EncodingName> = {
  utf8: 'utf-8',
  utf16: 'utf-16le',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  gbk: 'gb18030',
  gb18030: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
  big5: 'big5',
  big5hkscs: 'big5',
  cp950: 'big5',
  shiftjis: 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  windows31j: 'shift_jis',
  windows1252: 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  iso88591: 'windows-1252',
};

/** The encodings a user may force (and the names they may type), `auto` = detect. */
export const ENCODING_CHOICES = ['auto', 'utf-8', 'gb18030', 'big5', 'shift_jis', 'utf-16', 'windows-1252'] as const;

/** A user's encoding name (any case, with or without `-`/`_`, common aliases) → ours; null when unknown. */
export function normaliseEncoding(name: string): EncodingName | 'utf-16' | 'auto' | null {
  const k = name.toLowerCase().replace(/[-_\s]/g, '');
  if (k === 'auto') return 'auto';
  if (k === 'utf16') return 'utf-16';
  return ALIASES[k] ?? null;
}

function hasBom(b: Uint8Array): EncodingName | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** UTF-16 without BOM from where the NUL bytes sit (ASCII characters have a 0 high byte); null when not UTF-16. */
export function utf16ByNuls(b: Uint8Array): { order: 'utf-16le' | 'utf-16be'; share: number } | null {
  const n = Math.min(b.length, 65536) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  const [hi, lo, order] = odd >= even ? [odd, even, 'utf-16le' as const] : [even, odd, 'utf-16be' as const];
  if (hi < 0.2 * pairs || lo > 0.1 * hi) return null;
  return { order, share: hi / pairs };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Decodes without throwing; counts non-ASCII characters and replacement characters (bytes that did not decode). */
function decodeCount(enc: string, bytes: Uint8Array): { text: string; nonAscii: number; bad: number } {
  // stream: true leaves a character cut at the end of the sample undecoded instead of counting it as an error.
  const text = new TextDecoder(enc).decode(bytes, { stream: true });
  let nonAscii = 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) nonAscii++;
    if (c === 0xfffd) bad++;
  }
  return { text, nonAscii, bad };
}

/** Share of the non-ASCII bytes that sit in well-formed UTF-8 sequences (shortest form, no surrogates). */
export function utf8Share(b: Uint8Array): number {
  let inSeq = 0;
  let high = 0;
  for (let i = 0; i < b.length;) {
    const x = b[i]!;
    if (x < 0x80) {
      i++;
      continue;
    }
    const len = x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xf0 && x <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= b.length;
    for (let k = 1; ok && k < len; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    if (ok && len === 3) ok = !(x === 0xe0 && b[i + 1]! < 0xa0) && !(x === 0xed && b[i + 1]! >= 0xa0);
    if (ok && len === 4) ok = !(x === 0xf0 && b[i + 1]! < 0x90) && !(x === 0xf4 && b[i + 1]! >= 0x90);
    const step = ok ? len : 1;
    high += step;
    if (ok) inSeq += len;
    i += step;
  }
  return high ? inSeq / high : 1;
}

function isAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return false;
  return true;
}

/** Characters in `ranges` of two-byte codes ([lead lo, lead hi, trail lo, trail hi]) decoded one pair at a time. */
function charsOf(enc: string, ranges: [number, number, number, number][]): Set<string> {
  const bytes: number[] = [];
  for (const [l0, l1, t0, t1] of ranges)
    for (let l = l0; l <= l1; l++) for (let t = t0; t <= t1; t++) bytes.push(l, t, 0x0a);
  const out = new Set<string>();
  for (const s of new TextDecoder(enc).decode(new Uint8Array(bytes)).split('\n'))
    if (s.length === 1 && s !== '\ufffd') out.add(s);
  return out;
}

let common: Record<CjkEncoding, Set<string>> | null = null;

/** The characters that make up almost all everyday text in each script, built once from the decoders themselves. */
function commonSets(): Record<CjkEncoding, Set<string>> {
  common ??= {
    // GB2312: symbols and full-width forms (rows A1–A3), the 6,763 hanzi (rows B0–F7).
    gb18030: charsOf('gb18030', [
      [0xa1, 0xa3, 0xa1, 0xfe],
      [0xb0, 0xf7, 0xa1, 0xfe],
    ]),
    // Big5: symbols (A140–A3BF) and the 5,401 level-1 (frequent) hanzi (A440–C67E).
    big5: charsOf('big5', [
      [0xa1, 0xa3, 0x40, 0x7e],
      [0xa1, 0xa3, 0xa1, 0xfe],
      [0xa4, 0xc5, 0x40, 0x7e],
      [0xa4, 0xc5, 0xa1, 0xfe],
      [0xc6, 0xc6, 0x40, 0x7e],
    ]),
    // Shift_JIS: symbols (row 81), kana (82–83) and the 2,965 JIS level-1 kanji (889F–9872). Half-width katakana
    // (single bytes A1–DF) are left out: modern text rarely uses them, and GBK lead bytes read as them.
    shift_jis: charsOf('shift_jis', [
      [0x81, 0x83, 0x40, 0x7e],
      [0x81, 0x83, 0x80, 0xfc],
      [0x88, 0x88, 0x9f, 0xfc],
      [0x89, 0x97, 0x40, 0x7e],
      [0x89, 0x97, 0x80, 0xfc],
      [0x98, 0x98, 0x40, 0x72],
    ]),
  };
  return common;
}

export interface CjkScore {
  encoding: CjkEncoding;
  nonAscii: number;
  bad: number;
  /** Share of non-ASCII characters that are common in the encoding's script. */
  share: number;
}

/** Scores every legacy CJK encoding on the sample (see the rule at the top). */
export function scoreCjk(sample: Uint8Array): CjkScore[] {
  const sets = commonSets();
  return CJK_ENCODINGS.map((encoding) => {
    const { text, nonAscii, bad } = decodeCount(encoding, sample);
    const set = sets[encoding];
    let hits = 0;
    for (const ch of text) if (set.has(ch)) hits++;
    return { encoding, nonAscii, bad, share: nonAscii ? hits / nonAscii : 0 };
  });
}

/** The accepted score: decodes (≤ 1 bad character per 500 non-ASCII), ≥ 60 % common; the best share wins. */
function bestCjk(scores: CjkScore[]): CjkScore | null {
  let best: CjkScore | null = null;
  for (const s of scores) {
    if (s.bad > s.nonAscii / 500 || s.share < 0.6) continue;
    if (!best || s.share > best.share + 1e-9) best = s;
  }
  return best;
}

function cjkChoice(s: CjkScore): EncodingChoice {
  const decoded = s.bad === 0 ? 'decodes every byte' : `decodes all but ${s.bad} characters`;
  const script = s.encoding === 'shift_jis' ? 'kana or common kanji' : 'common CJK characters';
  const share = pct(s.share);
  const encoding = encodingLabel(s.encoding);
  return {
    encoding: s.encoding,
    reason: `not valid UTF-8; ${encoding} ${decoded} and ${share} of the non-ASCII characters are ${script}`,
    why: [
      msg('enc_not_utf8'),
      s.bad === 0 ? msg('enc_cjk_fit', { encoding, share }) : msg('enc_cjk_fit_bad', { encoding, share, bad: s.bad }),
    ],
  };
}

/**
 * Picks the encoding of a sample of the file's first bytes. `notUtf8` (set when UTF-8 decoding failed further in
 * the file) skips the UTF-8 steps.
 */
export function detectEncoding(sample: Uint8Array, notUtf8 = false): EncodingChoice {
  const bom = hasBom(sample);
  if (bom && !(bom === 'utf-8' && notUtf8)) {
    const encoding = encodingLabel(bom);
    const reason = `the file starts with a ${encoding} byte-order mark`;
    return { encoding: bom, bom: true, reason, why: [msg('enc_bom', { encoding })] };
  }
  const u16 = utf16ByNuls(sample);
  if (u16 && decodeCount(u16.order, sample).bad === 0) {
    const parity = u16.order === 'utf-16le' ? 'odd' : 'even';
    return {
      encoding: u16.order,
      reason: `no byte-order mark, but ${pct(u16.share)} of the ${parity} bytes are 0 (the high byte of ASCII characters in ${encodingLabel(u16.order)}) and it decodes without error`,
      why: [msg(u16.order === 'utf-16le' ? 'enc_utf16_le' : 'enc_utf16_be', { share: pct(u16.share) })],
    };
  }
  if (!notUtf8) {
    if (isAscii(sample))
      return {
        encoding: 'utf-8',
        reason: 'only ASCII characters in the first bytes (read as UTF-8)',
        why: [msg('enc_ascii')],
      };
    const u = decodeCount('utf-8', sample);
    if (u.bad === 0) {
      const reason = `valid UTF-8 (${u.nonAscii.toLocaleString('en-US')} non-ASCII characters)`;
      return { encoding: 'utf-8', reason, why: [msg('enc_utf8_valid', { count: u.nonAscii })] };
    }
  }
  // 256 kB hold thousands of non-ASCII characters: enough evidence, and scoring three decoders stays ~50 ms.
  const head = sample.subarray(0, 1 << 18);
  const u8 = utf8Share(head);
  if (u8 >= 0.8) {
    return {
      encoding: 'windows-1252',
      reason: `not valid UTF-8 everywhere, but ${pct(u8)} of the non-ASCII bytes form UTF-8 characters: those are read as UTF-8, the other bytes as Windows-1252`,
      why: [msg('enc_mixed', { share: pct(u8) })],
    };
  }
  const scores = scoreCjk(head);
  const best = bestCjk(scores);
  if (best) return cjkChoice(best);
  const top = [...scores].sort((a, b) => a.bad - b.bad || b.share - a.share)[0]!;
  const encoding = encodingLabel(top.encoding);
  const undecodable = top.bad > top.nonAscii / 500;
  const tried = undecodable
    ? `no CJK encoding decodes it (${encoding}: ${top.bad} bad characters)`
    : `no CJK encoding fits (${encoding}: only ${pct(top.share)} common characters)`;
  const part = undecodable
    ? msg('enc_no_cjk_decodes', { encoding, bad: top.bad })
    : msg('enc_no_cjk_fits', { encoding, share: pct(top.share) });
  return {
    encoding: 'windows-1252',
    reason: `not valid UTF-8; ${tried}; read as Windows-1252`,
    why: [msg('enc_not_utf8'), part],
  };
}
