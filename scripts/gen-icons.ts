// Writes the PWA icons (public/icons/*.png) from geometry: a rising bar chart on the header's navy, PNG via node:zlib.
// Deterministic and download-free; run `npx tsx scripts/gen-icons.ts` after changing the drawing, then commit the PNGs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
const NAVY: Rgba = [0x14, 0x21, 0x3d, 255];
const WHITE: Rgba = [0xff, 0xff, 0xff, 255];
const GREEN: Rgba = [0x3c, 0xc8, 0x7a, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** A shape in unit coordinates (0..1, y down): the colour at a point, or null where the shape is absent. */
type Layer = (x: number, y: number) => Rgba | null;

const rect =
  (x0: number, y0: number, x1: number, y1: number, c: Rgba): Layer =>
  (x, y) =>
    x >= x0 && x <= x1 && y >= y0 && y <= y1 ? c : null;

/** A square with rounded corners: the "any" icon's tile (the launcher may show it as is). */
const roundedSquare =
  (r: number, c: Rgba): Layer =>
  (x, y) => {
    const dx = Math.max(r - x, x - (1 - r), 0);
    const dy = Math.max(r - y, y - (1 - r), 0);
    return dx * dx + dy * dy <= r * r ? c : null;
  };

/** A thick segment from (ax, ay) to (bx, by): the trend line over the bars. */
const segment =
  (ax: number, ay: number, bx: number, by: number, w: number, c: Rgba): Layer =>
  (x, y) => {
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.min(1, Math.max(0, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
    const px = ax + t * vx - x;
    const py = ay + t * vy - y;
    return px * px + py * py <= (w / 2) ** 2 ? c : null;
  };

/** Arrow head: the triangle with its tip at (tx, ty), pointing up-right. */
const arrowHead =
  (tx: number, ty: number, s: number, c: Rgba): Layer =>
  (x, y) => {
    const u = tx - x;
    const v = y - ty;
    return u >= 0 && v >= 0 && u + v <= s ? c : null;
  };

/** The mark inside a box (x0, y0, size): three rising bars and an upward trend arrow. */
function mark(x0: number, y0: number, size: number): Layer[] {
  const p = (u: number, v: number): [number, number] => [x0 + u * size, y0 + v * size];
  const bar = (u0: number, v0: number, u1: number): Layer => {
    const [a, b] = p(u0, v0);
    const [c, d] = p(u1, 1);
    return rect(a, b, c, d, WHITE);
  };
  const [ax, ay] = p(0.02, 0.62);
  const [bx, by] = p(0.9, 0.06);
  return [
    bar(0.05, 0.7, 0.3),
    bar(0.375, 0.5, 0.625),
    bar(0.7, 0.28, 0.95),
    segment(ax, ay, bx, by, size * 0.075, GREEN),
    arrowHead(...p(0.98, 0.0), size * 0.3, GREEN),
  ];
}

/** Renders layers (last on top) at n×n pixels with 4×4 supersampling, straight (non-premultiplied) RGBA. */
function render(n: number, layers: Layer[]): Uint8Array {
  const out = new Uint8Array(n * n * 4);
  const ss = 4;
  for (let py = 0; py < n; py++)
    for (let px = 0; px < n; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / n;
          const y = (py + (sy + 0.5) / ss) / n;
          let c: Rgba = CLEAR;
          for (const layer of layers) c = layer(x, y) ?? c;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      const o = (py * n + px) * 4;
      out.set(a ? [Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round(a / ss / ss)] : CLEAR, o);
    }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit RGBA PNG: each scanline with filter 0, deflated at level 9 (zlib is deterministic for a given input). */
export function encodePng(n: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(n, 0);
  ihdr.writeUInt32BE(n, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(n * (n * 4 + 1));
  for (let y = 0; y < n; y++) raw.set(rgba.subarray(y * n * 4, (y + 1) * n * 4), y * (n * 4 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** "any": a rounded navy tile with the mark; "maskable": full-bleed navy, the mark inside the 80 % safe circle. */
export function iconLayers(kind: 'any' | 'maskable'): Layer[] {
  if (kind === 'any') return [roundedSquare(0.18, NAVY), ...mark(0.2, 0.2, 0.6)];
  return [rect(0, 0, 1, 1, NAVY), ...mark(0.25, 0.25, 0.5)];
}

/** The icons the manifest and index.html name, with their size and kind. */
export const ICONS: readonly (readonly [name: string, size: number, kind: 'any' | 'maskable'])[] = [
  ['icon-192.png', 192, 'any'],
  ['icon-512.png', 512, 'any'],
  ['maskable-512.png', 512, 'maskable'],
  ['apple-touch-icon-180.png', 180, 'maskable'],
];

export function renderIcon(size: number, kind: 'any' | 'maskable'): Buffer {
  return encodePng(size, render(size, iconLayers(kind)));
}

export const ICON_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

function main(): void {
  mkdirSync(ICON_DIR, { recursive: true });
  for (const [name, size, kind] of ICONS) {
    const png = renderIcon(size, kind);
    writeFileSync(join(ICON_DIR, name), png);
    console.log(`${name}: ${size}×${size}, ${png.length} bytes`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
