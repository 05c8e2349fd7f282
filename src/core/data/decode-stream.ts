// The decoder choice of an import: the user's encoding or one detected from the first bytes, the stream parsed with
// it, and a second detection when a file that starts as UTF-8 stops being valid UTF-8 further on.
import { JobError, type JobContext } from '../jobs.ts';
import { fallbackDecoder, NotUtf8Error, textDecoderFor, utf8Decoder, type TextDecoderLike } from './decode.ts';
import {
  detectEncoding,
  encodingLabel,
  ENCODING_CHOICES,
  normaliseEncoding,
  utf16ByNuls,
  type EncodingChoice,
} from './encoding-detect.ts';
import { streamCsv, type ByteSource, type StreamOptions, type StreamResult } from './csv-stream.ts';
import { msg, type Msg } from '../msg.ts';

/** Bytes the detection looks at: enough for thousands of rows, decoded by four decoders in a few milliseconds. */
export const SAMPLE_BYTES = 1 << 20;

export interface Decoded {
  parsed: StreamResult;
  encoding: string;
  encodingReason: string;
  encodingWhy: Msg[];
}

/** Bytes [from, from + bytes) of the source (fewer at its end). */
async function readRange(source: ByteSource, from: number, bytes: number): Promise<Uint8Array> {
  const out = new Uint8Array(bytes);
  let n = 0;
  let pos = 0;
  for await (const chunk of source.open()) {
    const end = pos + chunk.length;
    if (end > from) {
      const s = Math.max(0, from - pos);
      const take = Math.min(chunk.length - s, bytes - n);
      out.set(chunk.subarray(s, s + take), n);
      n += take;
    }
    pos = end;
    if (n >= bytes) break;
  }
  return out.subarray(0, n);
}

/**
 * The same bytes with a first chunk of at least `min` bytes: the stream's binary check looks at the first chunk only,
 * and UTF-16 is recognised there by its NUL pattern, which a few bytes cannot show.
 */
function withFirstChunk(source: ByteSource, min: number): ByteSource {
  return {
    ...source,
    open: async function* () {
      let head: Uint8Array[] | null = [];
      let n = 0;
      for await (const chunk of source.open()) {
        if (!head) {
          yield chunk;
          continue;
        }
        head.push(chunk);
        n += chunk.length;
        if (n >= min) {
          yield concat(head, n);
          head = null;
        }
      }
      if (head?.length) yield concat(head, n);
    },
  };
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** The user's choice of encoding as a decision with its reason; null for `auto`. JobError for an unknown name. */
export function forcedEncoding(name: string | undefined, head: Uint8Array): EncodingChoice | null {
  if (name === undefined) return null;
  const e = normaliseEncoding(name);
  if (!e) {
    throw new JobError(
      'unknown-encoding',
      `\`${name}\` is not an encoding LocalLift can read; use one of ${ENCODING_CHOICES.join(', ')}.`,
      { encoding: name, choices: ENCODING_CHOICES.join(', ') },
    );
  }
  if (e === 'auto') return null;
  const encoding =
    e !== 'utf-16'
      ? e
      : head[0] === 0xfe && head[1] === 0xff
        ? 'utf-16be'
        : head[0] === 0xff && head[1] === 0xfe
          ? 'utf-16le'
          : (utf16ByNuls(head)?.order ?? 'utf-16le');
  const label = encodingLabel(encoding);
  return { encoding, reason: `read as ${label}, as you chose`, why: [msg('enc_forced', { encoding: label })] };
}

/** What the bad-byte count adds to a reason: nothing, or how many characters show as �. */
function badNote(bad: number): string {
  return bad ? `; ${bad.toLocaleString('en-US')} bytes did not decode and show as �` : '';
}

function badWhy(bad: number): Msg[] {
  return bad ? [msg('enc_bad_bytes', { bad })] : [];
}

/** Parses with a platform decoder for a detected or chosen encoding (Windows-1252 detected → the mixed decoder). */
async function parseAs(
  source: ByteSource,
  choice: EncodingChoice,
  forced: boolean,
  ctx: JobContext,
  so: StreamOptions,
): Promise<Decoded> {
  if (choice.encoding === 'windows-1252' && !forced) {
    const fb = fallbackDecoder();
    const parsed = await streamCsv(source, fb, ctx, so);
    return { parsed, encoding: fb.encoding, encodingReason: choice.reason, encodingWhy: choice.why };
  }
  const name = choice.encoding === 'utf-8' && choice.bom ? 'utf-8 (BOM)' : choice.encoding;
  const dec = textDecoderFor(choice.encoding, name);
  const src = choice.encoding.startsWith('utf-16') ? withFirstChunk(source, 4096) : source;
  const parsed = await streamCsv(src, dec as TextDecoderLike, ctx, so);
  return {
    parsed,
    encoding: dec.encoding,
    encodingReason: choice.reason + badNote(dec.bad),
    encodingWhy: [...choice.why, ...badWhy(dec.bad)],
  };
}

/**
 * Streams the source into rows with the right decoder: the user's `encoding` when given, else the one detected on
 * the first SAMPLE_BYTES. UTF-8 is decoded strictly; when it fails further in the file, the bytes around the failure
 * are detected again (without UTF-8) and the file is read once more.
 */
export async function streamDecoded(
  source: ByteSource,
  ctx: JobContext,
  so: StreamOptions,
  encoding?: string,
): Promise<Decoded> {
  const head = await readRange(source, 0, SAMPLE_BYTES);
  const forced = forcedEncoding(encoding, head);
  if (forced) return parseAs(source, forced, true, ctx, so);
  const choice = detectEncoding(head);
  if (choice.encoding !== 'utf-8') return parseAs(source, choice, false, ctx, so);
  const utf8 = utf8Decoder();
  try {
    const parsed = await streamCsv(source, utf8, ctx, so);
    return { parsed, encoding: utf8.encoding, encodingReason: choice.reason, encodingWhy: choice.why };
  } catch (e) {
    if (!(e instanceof NotUtf8Error)) throw e;
    ctx.log(`Not valid UTF-8 near byte ${e.byteOffset}: detecting the encoding again from there.`);
    // Start the second sample at a line break before the failure, so it does not begin inside a character.
    let sample = await readRange(source, Math.max(0, e.byteOffset - 4096), SAMPLE_BYTES);
    const nl = e.byteOffset > 4096 ? sample.indexOf(0x0a) : -1;
    if (nl >= 0 && nl < 4096) sample = sample.subarray(nl + 1);
    const again = detectEncoding(sample, true);
    const where = `the first ${e.byteOffset.toLocaleString('en-US')} bytes are UTF-8, then not`;
    const why = [msg('enc_utf8_then_not', { bytes: e.byteOffset }), ...again.why];
    return parseAs(source, { ...again, reason: `${where}: ${again.reason}`, why }, false, ctx, so);
  }
}
