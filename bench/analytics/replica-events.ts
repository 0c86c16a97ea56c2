import { frameHeaderBytes, frameMagic } from '../../src/storage/durable-queue/record-frame.js';
import { RowBinaryReader } from '../../src/storage/generation-log/usage-events/row-binary.js';

/** A usage event cut around the fields a copy changes: [head, account_id, key…is_byok, id, the rest]. */
export interface EventPieces {
  head: Buffer;
  account: string;
  middle: Buffer;
  id: string;
  tail: Buffer;
}

/** Splits version-2 events (version, created_at, account_id, key_hash, total_cost_nano, is_byok, id, …). */
export function baseEvents(payloads: readonly Buffer[]): EventPieces[] {
  return payloads.map((payload) => {
    const reader = new RowBinaryReader(payload, 9);
    const account = reader.value('string') as string;
    const middleStart = reader.offset;
    reader.skipString();
    reader.offset += 9;
    const middleEnd = reader.offset;
    const id = reader.value('string') as string;
    return { head: payload.subarray(0, 9), account, middle: payload.subarray(middleStart, middleEnd), id, tail: payload.subarray(reader.offset) };
  });
}

const largestSizes = new WeakMap<readonly EventPieces[], number>();

/** The largest base event's size (once per base). */
function largestOf(base: readonly EventPieces[]): number {
  let largest = largestSizes.get(base);
  if (largest === undefined) {
    largest = base.reduce((most, pieces) => Math.max(most, pieces.head.length + pieces.middle.length + pieces.tail.length + Buffer.byteLength(pieces.account) + Buffer.byteLength(pieces.id)), 0);
    largestSizes.set(base, largest);
  }
  return largest;
}

function writeVarUInt(target: Buffer, at: number, value: number): number {
  let rest = value;
  let position = at;
  while (rest >= 0x80) {
    target[position++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  target[position++] = rest;
  return position;
}

/**
 * Events number `from` … `from + count - 1`, framed for the queue (record-frame.ts; the queue writes
 * the checksums): base event index mod the base size; copies beyond the first get a new generation
 * id (still of the gen-<unix>-<alphanumeric> form) and a new account, so ids stay unique and the
 * number of users grows with the log. Written into `scratch.buffer` (grown when too small, and
 * reused by the caller once the queue is done with it); returns the frames.
 */
export function replicaFrames(base: readonly EventPieces[], from: number, count: number, scratch: { buffer: Buffer }): Buffer {
  // Each copy is its base event plus two short suffixes (and at most two more length bytes).
  const capacity = count * (largestOf(base) + frameHeaderBytes + 64);
  if (scratch.buffer.length < capacity) scratch.buffer = Buffer.allocUnsafe(capacity);
  const buffer = scratch.buffer;
  let at = 0;
  for (let index = from; index < from + count; index++) {
    const pieces = base[index % base.length]!;
    const copy = Math.floor(index / base.length);
    const account = copy === 0 ? pieces.account : `${pieces.account}-c${copy}`;
    const id = copy === 0 ? pieces.id : `${pieces.id}c${copy}`;
    const frame = at;
    at += frameHeaderBytes;
    at += pieces.head.copy(buffer, at);
    at = writeVarUInt(buffer, at, Buffer.byteLength(account));
    at += buffer.write(account, at, 'utf8');
    at += pieces.middle.copy(buffer, at);
    at = writeVarUInt(buffer, at, Buffer.byteLength(id));
    at += buffer.write(id, at, 'utf8');
    at += pieces.tail.copy(buffer, at);
    buffer[frame] = frameMagic;
    buffer.writeUInt32LE(at - frame - frameHeaderBytes, frame + 1);
  }
  return buffer.subarray(0, at);
}
