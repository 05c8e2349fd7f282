// The PWA icons: committed files equal what scripts/gen-icons.ts draws, decode as PNGs of the named size, the
// maskable ones are full-bleed with the mark inside the safe circle, and every icon the app names exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_DIR, ICONS, renderIcon } from '../../../scripts/gen-icons.ts';

/** Decodes the 8-bit RGBA, filter-0 PNGs the generator writes (enough to check pixels; not a general decoder). */
function decode(png: Buffer): { size: number; rgba: Buffer } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  let off = 8;
  let size = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.subarray(off + 4, off + 8).toString('latin1');
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      size = body.readUInt32BE(0);
      expect(body.readUInt32BE(4)).toBe(size);
      expect([...body.subarray(8, 10)]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === 'IDAT') idat.push(body);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(size * (size * 4 + 1));
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    expect(raw[y * (size * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * size * 4, y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1));
  }
  return { size, rgba };
}

const pixel = (img: { size: number; rgba: Buffer }, x: number, y: number) => [
  ...img.rgba.subarray((y * img.size + x) * 4, (y * img.size + x) * 4 + 4),
];
const NAVY = [0x14, 0x21, 0x3d, 255];

describe('PWA icons', () => {
  it.each(ICONS)('%s is what the generator draws, %i px', (name, size, kind) => {
    const committed = readFileSync(join(ICON_DIR, name));
    expect(committed.equals(renderIcon(size, kind))).toBe(true);
    expect(decode(committed).size).toBe(size);
  });

  it('maskable icons are full-bleed navy with the mark inside the 80 % safe circle; the tile has clear corners', () => {
    for (const [name, , kind] of ICONS) {
      const img = decode(readFileSync(join(ICON_DIR, name)));
      const n = img.size;
      if (kind === 'any') {
        expect(pixel(img, 0, 0)[3]).toBe(0);
        expect(pixel(img, n >> 1, n >> 1)[3]).toBe(255);
        continue;
      }
      let markPixels = 0;
      let translucent = 0;
      let outsideSafe = 0;
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) {
          const p = pixel(img, x, y);
          if (p[3] !== 255) translucent++;
          if (p.every((v, i) => v === NAVY[i])) continue;
          markPixels++;
          if (Math.hypot(x + 0.5 - n / 2, y + 0.5 - n / 2) > 0.4 * n) outsideSafe++;
        }
      expect({ name, translucent, outsideSafe }).toEqual({ name, translucent: 0, outsideSafe: 0 });
      expect(markPixels).toBeGreaterThan(0.05 * n * n);
    }
  });

  it('every icon named by the manifest and index.html is generated', () => {
    const named = [
      ...readFileSync('vite.config.ts', 'utf8').matchAll(/src: 'icons\/([\w-]+\.png)'/g),
      ...readFileSync('index.html', 'utf8').matchAll(/href="\/icons\/([\w-]+\.png)"/g),
    ].map((m) => m[1]);
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const name of named) expect(ICONS.map(([n]) => n)).toContain(name);
  });
});
