import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (let index = 0; index < length; index++) text += alphabet[bytes[index]! % alphabet.length];
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
