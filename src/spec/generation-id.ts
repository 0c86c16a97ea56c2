import { randomFillSync } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random bytes drawn 4 KiB at a time: one system call per ~200 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomText(length: number): string {
  let text = '';
  // 62 letters: bytes at or above 248 would favour the first eight; draw again for them.
  for (let index = 0; index < length; ) {
    if (poolOffset >= pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const byte = pool[poolOffset++]!;
    if (byte >= 248) continue;
    text += alphabet[byte % alphabet.length];
    index++;
  }
  return text;
}

/** OpenRouter's generation id form: gen-<unix seconds>-<20 random characters>. */
export function createGenerationId(nowMs: number = Date.now()): string {
  return `gen-${Math.floor(nowMs / 1000)}-${randomText(20)}`;
}

/** Request ids group the generations of one API request (req-<unix seconds>-<random>). */
export function createRequestId(nowMs: number = Date.now()): string {
  return `req-${Math.floor(nowMs / 1000)}-${randomText(12)}`;
}

/** The creation time a generation id carries, in seconds; null for ids not of the gen-<unix>-… form. */
export function generationIdTime(id: string): number | null {
  const match = /^gen-(\d{9,11})-[A-Za-z0-9]+$/.exec(id);
  return match ? Number(match[1]) : null;
}
