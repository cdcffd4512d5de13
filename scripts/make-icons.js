#!/usr/bin/env node
/**
 * Generates the add-in's icons (assets/icon-16.png ... icon-128.png) with no dependency beyond
 * Node's zlib: a blue rounded square with three white bars, like stacked inventory layers (FIFO).
 * Run: node scripts/make-icons.js   (the PNGs are committed; re-run only to change the design)
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80, 128];
const BLUE = [0x1f, 0x5f, 0xa8, 0xff];
const WHITE = [0xff, 0xff, 0xff, 0xff];
const CLEAR = [0, 0, 0, 0];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixel of the icon at (x, y) for a size-pixel square. */
function pixel(size, x, y) {
  const radius = Math.max(2, Math.round(size * 0.18));
  const cx = x < radius ? radius : x >= size - radius ? size - radius - 1 : x;
  const cy = y < radius ? radius : y >= size - radius ? size - radius - 1 : y;
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return CLEAR;
  const margin = Math.round(size * 0.2);
  const barHeight = Math.max(2, Math.round(size * 0.12));
  const gap = Math.max(1, Math.round((size - 2 * margin - 3 * barHeight) / 2));
  for (let bar = 0; bar < 3; bar += 1) {
    const top = margin + bar * (barHeight + gap);
    // Each layer a little shorter than the one below it.
    const left = margin + (2 - bar) * Math.round(size * 0.06);
    const right = size - margin - (2 - bar) * Math.round(size * 0.06);
    if (y >= top && y < top + barHeight && x >= left && x < right) return WHITE;
  }
  return BLUE;
}

function png(size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x += 1) Buffer.from(pixel(size, x, y)).copy(raw, row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.join(__dirname, '..', 'assets');
fs.mkdirSync(out, { recursive: true });
for (const size of SIZES) {
  const file = path.join(out, `icon-${size}.png`);
  fs.writeFileSync(file, png(size));
  process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
}
