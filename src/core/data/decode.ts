// Bytes → text for the streaming ingest: UTF-8 (with/without BOM, UTF-16 BOMs too), binary-content detection,
// a Windows-1252 fallback that also rescues files mixing UTF-8 and Windows-1252 lines, and any other encoding the
// detection (encoding-detect.ts) or the user picked, through the platform's TextDecoder.
import { JobError } from '../jobs.ts';
import { utf16ByNuls } from './encoding-detect.ts';

/** Thrown (internally) when the bytes are not valid UTF-8; the ingest re-reads the source with the fallback. */
export class NotUtf8Error extends Error {
  constructor(readonly byteOffset: number) {
    super(`not valid UTF-8 near byte ${byteOffset}`);
  }
}

export interface TextDecoderLike {
  decode(chunk: Uint8Array, last: boolean): string;
  /** Name reported in IngestResult.format.encoding. */
  readonly encoding: string;
}

/** Rejects content that is clearly not text: NUL bytes or many control characters in the first bytes. */
export function assertTextLike(head: Uint8Array): void {
  // UTF-16 files carry NULs and control bytes legitimately (one NUL per ASCII character, at one parity; CJK code
  // units with a low byte < 0x20); they are decoded, not rejected.
  if (isUtf16Bom(head) || utf16ByNuls(head)) return;
  const n = Math.min(head.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) {
      throw new JobError(
        'binary-file',
        'This file is not a text CSV (it contains binary data, e.g. a spreadsheet or an image renamed to .csv). In Excel or Numbers use "Save as → CSV", then import that file.',
        { byte: i },
      );
    }
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (n > 0 && control / n > 0.05) {
    throw new JobError(
      'binary-file',
      `This file is not a text CSV (${control} control bytes in the first ${n} bytes). Export it as CSV and import that file.`,
      { control },
    );
  }
}

function isUtf16Bom(h: Uint8Array): boolean {
  return h.length >= 2 && ((h[0] === 0xff && h[1] === 0xfe) || (h[0] === 0xfe && h[1] === 0xff));
}

/** UTF-8 (fatal: any invalid sequence throws NotUtf8Error) or UTF-16 when a BOM says so. BOMs are dropped. */
export function utf8Decoder(): TextDecoderLike {
  let inner: TextDecoder | null = null;
  let encoding = 'utf-8';
  let offset = 0;
  return {
    get encoding() {
      return encoding;
    },
    decode(chunk, last) {
      if (!inner) {
        if (isUtf16Bom(chunk)) encoding = chunk[0] === 0xff ? 'utf-16le' : 'utf-16be';
        else if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) encoding = 'utf-8 (BOM)';
        inner = new TextDecoder(encoding.startsWith('utf-8') ? 'utf-8' : encoding, { fatal: true, ignoreBOM: false });
      }
      try {
        const s = inner.decode(chunk, { stream: !last });
        offset += chunk.length;
        return s;
      } catch {
        throw new NotUtf8Error(offset);
      }
    },
  };
}

// Windows-1252 code points for 0x80..0x9F (undefined slots map to the C1 control, as browsers do).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function cp1252(b: number): number {
  return b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
}

/**
 * Decodes valid UTF-8 sequences as UTF-8 and every byte that is not part of one as Windows-1252.
 * A pure Windows-1252 file decodes exactly; a file whose lines were saved in both encodings decodes both correctly.
 */
export function fallbackDecoder(): TextDecoderLike {
  let carry = new Uint8Array(0);
  let sawUtf8 = false;
  let saw1252 = false;
  let first = true;
  return {
    get encoding() {
      return sawUtf8 && saw1252 ? 'mixed (utf-8 + windows-1252)' : saw1252 ? 'windows-1252' : 'utf-8';
    },
    decode(chunk, last) {
      let bytes = chunk;
      if (carry.length) {
        bytes = new Uint8Array(carry.length + chunk.length);
        bytes.set(carry);
        bytes.set(chunk, carry.length);
      }
      let i = 0;
      if (first) {
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
      }
      const n = bytes.length;
      const parts: string[] = [];
      let codes: number[] = [];
      const flush = () => {
        if (codes.length) {
          parts.push(String.fromCharCode(...codes));
          codes = [];
        }
      };
      while (i < n) {
        const b = bytes[i]!;
        if (b < 0x80) {
          codes.push(b);
          i++;
        } else {
          const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
          if (len && i + len > n && !last) break; // incomplete sequence at the chunk end: carry it over
          let ok = len > 0 && i + len <= n;
          for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
          if (ok) {
            let cp = len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
            for (let k = 1; k < len; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
            if (
              (len === 3 && cp < 0x800) ||
              (len === 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
              (cp >= 0xd800 && cp <= 0xdfff)
            )
              ok = false;
            else {
              sawUtf8 = true;
              if (cp > 0xffff) {
                cp -= 0x10000;
                codes.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
              } else codes.push(cp);
              i += len;
            }
          }
          if (!ok) {
            saw1252 = true;
            codes.push(cp1252(b));
            i++;
          }
        }
        if (codes.length >= 8192) flush();
      }
      flush();
      carry = i < n ? bytes.slice(i) : new Uint8Array(0);
      return parts.join('');
    },
  };
}

/**
 * A platform TextDecoder for `encoding` (not fatal: a byte that does not decode becomes U+FFFD, counted in `bad`).
 * `name` is what IngestResult.format.encoding reports.
 */
export function textDecoderFor(encoding: string, name = encoding): TextDecoderLike & { readonly bad: number } {
  const inner = new TextDecoder(encoding, { ignoreBOM: false });
  let bad = 0;
  return {
    encoding: name,
    get bad() {
      return bad;
    },
    decode(chunk, last) {
      const s = inner.decode(chunk, { stream: !last });
      for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) bad++;
      return s;
    },
  };
}
