// Test helper: text → bytes in GBK, Big5, Shift_JIS (Node has no encoder for them), UTF-16 LE/BE and Windows-1252.
// The legacy tables are built once by inverting the platform TextDecoder over each encoding's two-byte code space,
// so the tests need no code table file and fetch nothing.

type Table = Map<string, number[]>;

/** Two-byte code spaces: lead bytes × trail bytes, as the WHATWG Encoding standard defines them. */
const SPACES: Record<'gbk' | 'big5' | 'shift_jis', { leads: number[][]; trails: number[][] }> = {
  gbk: { leads: [[0x81, 0xfe]], trails: [[0x40, 0xfe]] },
  big5: {
    leads: [[0x81, 0xfe]],
    trails: [
      [0x40, 0x7e],
      [0xa1, 0xfe],
    ],
  },
  shift_jis: {
    leads: [
      [0x81, 0x9f],
      [0xe0, 0xfc],
    ],
    trails: [
      [0x40, 0x7e],
      [0x80, 0xfc],
    ],
  },
};

const cache = new Map<string, Table>();

function expand(ranges: number[][]): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let x = a!; x <= b!; x++) out.push(x);
  return out;
}

/** char → bytes; the first (lowest) code of a character wins, as encoders pick the primary code of duplicates. */
function table(enc: 'gbk' | 'big5' | 'shift_jis'): Table {
  let t = cache.get(enc);
  if (t) return t;
  t = new Map();
  const dec = new TextDecoder(enc, { fatal: true });
  const { leads, trails } = SPACES[enc];
  for (const l of expand(leads))
    for (const tr of expand(trails)) {
      let s: string;
      try {
        s = dec.decode(new Uint8Array([l, tr]));
      } catch {
        continue;
      }
      // Some Big5 codes decode to two code points (a letter + a combining mark): not a single character's code.
      if ([...s].length === 1 && !t.has(s)) t.set(s, [l, tr]);
    }
  cache.set(enc, t);
  return t;
}

/** Encodes `text` in a legacy CJK encoding; throws on a character the encoding cannot represent. */
export function encodeLegacy(text: string, enc: 'gbk' | 'big5' | 'shift_jis'): Uint8Array<ArrayBuffer> {
  const t = table(enc);
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    const b = t.get(ch);
    if (!b) throw new Error(`${enc} cannot encode ${JSON.stringify(ch)} (U+${c.toString(16)})`);
    out.push(...b);
  }
  return new Uint8Array(out);
}

export function encodeUtf16(text: string, order: 'le' | 'be', bom: boolean): Uint8Array<ArrayBuffer> {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  if (order === 'be') le.swap16();
  return new Uint8Array(le);
}

/** Windows-1252 (Latin-1 letters and the € “ ” ‘ ’ – — … of 0x80–0x9F). */
export function encode1252(text: string): Uint8Array<ArrayBuffer> {
  const dec = new TextDecoder('windows-1252');
  const back = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) back.set(dec.decode(new Uint8Array([b])), b);
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const b = c < 0x80 ? c : back.get(ch);
    if (b === undefined) throw new Error(`windows-1252 cannot encode ${JSON.stringify(ch)}`);
    out.push(b);
  }
  return new Uint8Array(out);
}
