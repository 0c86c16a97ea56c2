import { invalidResponse } from './upstream-errors.js';

/** A response body as undici gives it: chunks, and a way to stop reading. */
export interface BodyStream extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
  }
}

/**
 * Reads a provider's body up to `maxBytes`: past it, stops reading, drops the connection and
 * throws BodyTooLargeError — a hostile or broken provider cannot fill the gateway's memory.
 */
export async function readCappedBody(body: BodyStream, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      body.destroy();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** A whole answer over the cap: invalid, so the next endpoint is tried. */
export function answerTooLarge(providerName: string, limit: number) {
  return invalidResponse(providerName, `the answer is larger than ${limit} bytes (providers[].max_response_bytes)`);
}
