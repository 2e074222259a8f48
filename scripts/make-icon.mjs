// Draws media/icon.png, the marketplace icon (128x128 RGBA): a lens over a chip's traces.
// Plain geometry, 4x4 supersampled; `node scripts/make-icon.mjs` writes the same bytes every time.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

/** The colour (r, g, b, a in 0..1) at a point of the 128x128 square. */
function shade(x, y) {
  // Rounded square background, dark blue to teal from top to bottom.
  const r = 22;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  if (Math.hypot(x - cx, y - cy) > r) return [0, 0, 0, 0];
  const t = y / SIZE;
  let colour = [0.07 + 0.02 * t, 0.13 + 0.2 * t, 0.27 + 0.12 * t, 1];
  // Traces: three horizontal wires with pads, behind the lens.
  for (const wy of [40, 64, 88]) {
    if (Math.abs(y - wy) < 2.5 && x > 14 && x < 114) colour = [0.55, 0.78, 0.85, 1];
    for (const px of [16, 112]) if (Math.hypot(x - px, y - wy) < 5) colour = [0.55, 0.78, 0.85, 1];
  }
  // The lens: a disc that brightens what is under it, and its ring.
  const d = Math.hypot(x - 58, y - 58);
  if (d < 27) colour = [Math.min(1, colour[0] + 0.25), Math.min(1, colour[1] + 0.25), Math.min(1, colour[2] + 0.2), 1];
  if (d >= 27 && d < 34) colour = [1, 0.73, 0.2, 1];
  // The handle, from the ring towards the lower right corner.
  const along = ((x - 58) + (y - 58)) / Math.SQRT2;
  const across = ((x - 58) - (y - 58)) / Math.SQRT2;
  if (along > 33 && along < 78 && Math.abs(across) < 6) colour = [1, 0.73, 0.2, 1];
  return colour;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = shade(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        for (let k = 0; k < 3; k++) sum[k] += c[k] * c[3];
        sum[3] += c[3];
      }
    }
    const n = SAMPLES * SAMPLES;
    const alpha = sum[3] / n;
    const at = y * (SIZE * 4 + 1) + 1 + x * 4;
    for (let k = 0; k < 3; k++) raw[at + k] = alpha > 0 ? Math.round((sum[k] / sum[3]) * 255) : 0;
    raw[at + 3] = Math.round(alpha * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
