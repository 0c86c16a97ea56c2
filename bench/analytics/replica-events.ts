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

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const prefix: number[] = [];
  let rest = bytes.length;
  while (rest >= 0x80) {
    prefix.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  prefix.push(rest);
  return Buffer.concat([Buffer.from(prefix), bytes]);
}

/**
 * Event number `index`: base event index mod the base size; copies beyond the first get a new
 * generation id (still of the gen-<unix>-<alphanumeric> form) and a new account, so ids stay unique
 * and the number of users grows with the log.
 */
export function replicaEvent(base: readonly EventPieces[], index: number): Buffer {
  const pieces = base[index % base.length]!;
  const copy = Math.floor(index / base.length);
  const account = copy === 0 ? pieces.account : `${pieces.account}-c${copy}`;
  const id = copy === 0 ? pieces.id : `${pieces.id}c${copy}`;
  return Buffer.concat([pieces.head, lengthPrefixed(account), pieces.middle, lengthPrefixed(id), pieces.tail]);
}
