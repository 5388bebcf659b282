import { deflateSync } from 'node:zlib';

/** Bytes that look random but are the same on every run (mulberry32). */
export function noiseBytes(length: number, seed = 42): Buffer {
  let state = seed;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    bytes[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return bytes;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  // The CRC is left zero: nothing here decodes the image, only its bytes matter.
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

/** A 2×2 grey PNG, as an image saved under a .csv name would start. */
export function pngBytes(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 128, 128, 0, 128, 128]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * What a binary file's bytes leave in text they were echoed into: control characters (all but tab
 * and line breaks), and U+FFFD where they were not UTF-8.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const RAW_BYTES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;
