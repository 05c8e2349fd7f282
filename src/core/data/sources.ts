// ByteSource adapters shared by browser and Node: a Blob/File (`file.stream()`), in-memory bytes or text (tests).
import type { ByteSource } from './csv-stream.ts';

/** A File or Blob: re-openable, so the Windows-1252 fallback can read it again. */
export function blobSource(blob: Blob, name?: string): ByteSource {
  return {
    size: blob.size,
    ...(name ? { name } : {}),
    open: () => streamToIterable(blob.stream() as ReadableStream<Uint8Array>),
  };
}

async function* streamToIterable(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** In-memory bytes, delivered in chunks of `chunkBytes` (small chunks exercise the carry-over paths). */
export function bytesSource(bytes: Uint8Array, chunkBytes = 1 << 20): ByteSource {
  return {
    size: bytes.length,
    open: async function* () {
      for (let i = 0; i < bytes.length; i += chunkBytes)
        yield bytes.subarray(i, Math.min(bytes.length, i + chunkBytes));
    },
  };
}

export function textSource(text: string, chunkBytes?: number): ByteSource {
  return bytesSource(new TextEncoder().encode(text), chunkBytes);
}
