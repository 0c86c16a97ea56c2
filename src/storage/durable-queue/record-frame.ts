import { crc32 } from 'node:zlib';

/**
 * How a durable queue stores one record: a frame of
 *   magic (1 byte, 0xB7) · payload length (UInt32 LE) · CRC-32 of the payload (UInt32 LE) · payload.
 * The length makes records binary-safe; the checksum tells a whole record from a torn write or
 * damaged bytes; the magic byte lets a reader find the next record after damage.
 */
export const frameMagic = 0xb7;
export const frameHeaderBytes = 9;
/** Larger payloads are refused on append (a record is one generation's metadata: a few hundred bytes). */
export const maxPayloadBytes = 16 * 1024 * 1024;

/** Frames every payload into one buffer (one allocation for a whole batch). */
export function frameRecords(payloads: readonly Buffer[]): Buffer {
  let size = 0;
  for (const payload of payloads) {
    if (payload.length > maxPayloadBytes) throw new RangeError(`a queue record may hold at most ${maxPayloadBytes} bytes (got ${payload.length})`);
    size += frameHeaderBytes + payload.length;
  }
  const data = Buffer.allocUnsafe(size);
  let at = 0;
  for (const payload of payloads) {
    data[at] = frameMagic;
    data.writeUInt32LE(payload.length, at + 1);
    data.writeUInt32LE(crc32(payload), at + 5);
    payload.copy(data, at + frameHeaderBytes);
    at += frameHeaderBytes + payload.length;
  }
  return data;
}

/**
 * Checks that `frames` is whole frames back to back (marker, a length within bounds, the bytes to
 * match) and writes each frame's checksum; returns how many there are, or throws a RangeError.
 */
export function sealFrames(frames: Buffer): number {
  let count = 0;
  for (let at = 0; at < frames.length; count++) {
    if (frames.length - at < frameHeaderBytes || frames[at] !== frameMagic) throw new RangeError(`not a frame at byte ${at}`);
    const length = frames.readUInt32LE(at + 1);
    const end = at + frameHeaderBytes + length;
    if (length > maxPayloadBytes || end > frames.length) throw new RangeError(`a frame at byte ${at} runs past the end`);
    frames.writeUInt32LE(crc32(frames.subarray(at + frameHeaderBytes, end)), at + 5);
    at = end;
  }
  return count;
}

export type FrameCheck =
  /** A whole record ends at `end`. */
  | { kind: 'record'; end: number }
  /** The bytes stop inside a record (a write still under way, or one cut short). */
  | { kind: 'incomplete' }
  /** Not a record here: wrong magic, an impossible length, or a checksum that does not match. */
  | { kind: 'damaged' };

/**
 * Whether a whole record starts at `at` in `data` (which holds the bytes up to `limit`). Without
 * `verifyChecksum` only the frame's marker and length are checked (for bytes this process wrote and
 * reads back from the page cache).
 */
export function checkFrame(data: Buffer, at: number, limit = data.length, verifyChecksum = true): FrameCheck {
  if (limit - at < frameHeaderBytes) return data[at] === frameMagic || at >= limit ? { kind: 'incomplete' } : { kind: 'damaged' };
  if (data[at] !== frameMagic) return { kind: 'damaged' };
  const length = data.readUInt32LE(at + 1);
  if (length > maxPayloadBytes) return { kind: 'damaged' };
  const end = at + frameHeaderBytes + length;
  if (end > limit) return { kind: 'incomplete' };
  if (verifyChecksum && crc32(data.subarray(at + frameHeaderBytes, end)) !== data.readUInt32LE(at + 5)) return { kind: 'damaged' };
  return { kind: 'record', end };
}

/** The first offset after `from` where a whole record starts, or -1 (resynchronising after damage). */
export function findNextFrame(data: Buffer, from: number, limit = data.length): number {
  for (let at = data.indexOf(frameMagic, from + 1); at !== -1 && at < limit; at = data.indexOf(frameMagic, at + 1)) {
    if (checkFrame(data, at, limit).kind === 'record') return at;
  }
  return -1;
}

/** Calls `visit` with each payload of a block of whole frames (views, not copies). */
export function forEachPayload(data: Buffer, visit: (payload: Buffer, index: number) => void): number {
  let index = 0;
  for (let at = 0; at < data.length; index++) {
    const length = data.readUInt32LE(at + 1);
    const start = at + frameHeaderBytes;
    visit(data.subarray(start, start + length), index);
    at = start + length;
  }
  return index;
}
