import { frameHeaderBytes } from '../durable-queue/record-frame.js';
import { readEventUsage } from './usage-events/usage-event.js';

/** Whether the control plane's consumer takes an event's charge (it skips what it cannot read). */
export function chargeable(payload: Buffer): boolean {
  try {
    readEventUsage(payload);
    return true;
  } catch {
    return false;
  }
}

/** Where each frame of a block starts (and, last, where the block ends). */
export function frameOffsets(data: Buffer, records: number): Uint32Array {
  const offsets = new Uint32Array(records + 1);
  let at = 0;
  for (let index = 0; index < records; index++) {
    offsets[index] = at;
    at += frameHeaderBytes + data.readUInt32LE(at + 1);
  }
  offsets[records] = at;
  return offsets;
}

/** The frames of `data` at `keep` (indexes), copied into a block of their own; `replaced` gives another frame for an index. */
export function selectFrames(data: Buffer, offsets: Uint32Array, keep: readonly number[], replaced?: ReadonlyMap<number, Buffer>): Batch {
  const pieces = keep.map((index) => replaced?.get(index) ?? data.subarray(offsets[index]!, offsets[index + 1]!));
  const selected = Buffer.concat(pieces);
  const selectedOffsets = new Uint32Array(keep.length + 1);
  pieces.forEach((piece, position) => {
    selectedOffsets[position + 1] = selectedOffsets[position]! + piece.length;
  });
  return { data: selected, indexes: [...keep], offsets: selectedOffsets };
}

/** Events of a block, by their index in it, the store can be given. */
export interface Batch {
  data: Buffer;
  /** Each frame's index in the queue block (for quarantine keys). */
  indexes: number[];
  offsets: Uint32Array;
}
