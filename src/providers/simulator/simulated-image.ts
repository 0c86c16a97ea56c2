import { crc32, deflateSync } from 'node:zlib';
import { hashText } from '../../spec/text-hash.js';

/** Side of a simulated image, in pixels: small, so that tests and demos move little data. */
export const simulatedImageSide = 64;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, checksum]);
}

/**
 * A real PNG (64×64, RGB) for a prompt: a diagonal blend of two colours drawn from the prompt, the
 * image's index and the seed — the same request always gives the same picture, another prompt
 * another one. What an image model would be asked for, at no cost.
 */
export function simulatedPng(prompt: string, index: number, seed: number): Buffer {
  const hash = hashText(`${prompt}\u0000${index}`, seed);
  const from = [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff];
  const to = [255 - from[0]!, (hash >>> 24) & 0xff, 128];
  const side = simulatedImageSide;
  const rows = Buffer.alloc(side * (1 + side * 3));
  for (let y = 0; y < side; y++) {
    const row = y * (1 + side * 3);
    rows[row] = 0; // filter: none
    for (let x = 0; x < side; x++) {
      const mix = (x + y) / (2 * (side - 1));
      for (let channel = 0; channel < 3; channel++) rows[row + 1 + x * 3 + channel] = Math.round(from[channel]! * (1 - mix) + to[channel]! * mix);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
