// Draw the add-in's ribbon and manifest icons (16, 32, 64, 80 px PNGs) into addin/assets/.
// A blue sheet with grid lines and a green check: drawn with 4×4 supersampling and a minimal PNG encoder.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const BLUE = [0x1f, 0x4e, 0x99];
const WHITE = [0xff, 0xff, 0xff];
const GREEN = [0x2e, 0x9d, 0x4a];

/** The colour at (x, y) in a unit square, or null for transparent. */
function shade(x, y) {
  const distToSegment = (px, py, ax, ay, bx, by) => {
    const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
  };
  // The check mark, over everything.
  if (Math.min(distToSegment(x, y, 0.42, 0.68, 0.58, 0.84), distToSegment(x, y, 0.58, 0.84, 0.92, 0.42)) < 0.075) return GREEN;
  // The sheet: a rounded square with two white grid lines each way.
  const r = 0.14;
  const [l, t, rr, b] = [0.06, 0.06, 0.86, 0.86];
  const cx = Math.max(l + r, Math.min(rr - r, x));
  const cy = Math.max(t + r, Math.min(b - r, y));
  if (Math.hypot(x - cx, y - cy) > r) return null;
  const line = (v) => Math.abs(v - 0.33) < 0.025 || Math.abs(v - 0.59) < 0.025;
  return line(x) || line(y) ? WHITE : BLUE;
}

for (const size of [16, 32, 64, 80]) {
  const rgba = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const c = shade((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      const i = (y * size + x) * 4;
      if (a > 0) rgba.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / (S * S))], i);
    }
  writeFileSync(new URL(`../addin/assets/icon-${size}.png`, import.meta.url), png(size, rgba));
}
console.log("addin/assets/icon-{16,32,64,80}.png written");
