import type { QueuePosition } from './queue-position.js';

/** A run of whole records read at once. */
export interface QueueBlock {
  /** The records as frames, back to back (see record-frame.ts; forEachPayload walks them). */
  data: Buffer;
  /** How many records `data` holds. */
  records: number;
  /**
   * Bytes between records that are not a record (a damaged disk or a tampered file), each with
   * where it starts. The queue skips them; the consumer decides what to keep of them.
   */
  damaged: { position: QueuePosition; bytes: Buffer }[];
  /** Where the next record starts: the position to resume from once this block is processed. */
  next: QueuePosition;
}

export interface QueueReadOptions {
  /** Stop before this many bytes of records (at least one record is returned when there is one). */
  maxBytes?: number;
  /** Stop at this position (re-reading a remembered block exactly). */
  until?: QueuePosition;
  /**
   * A buffer to read into, grown when too small and kept by the caller for its next read: the
   * block's data may then be a view of it, valid until that next read.
   */
  scratch?: { buffer: Buffer };
}

/**
 * An append-only queue of binary records that survives the process (and, with fsync, the machine).
 * An append resolves once its record is durable; a failed append leaves nothing a reader could see.
 * Consumers keep their own positions; the queue deletes only what they have all released.
 * Every implementation runs durable-queue.contract.ts.
 */
export interface DurableQueue {
  /** What the queue is, for logs and deduplication tokens (its directory, say). */
  readonly name: string;
  /** The position after the last durable record. */
  readonly end: QueuePosition;
  /** The first position still held. */
  start(): Promise<QueuePosition>;
  /** Appends one record; resolves with where it starts once it is durable. */
  append(payload: Buffer): Promise<QueuePosition>;
  /** Appends records in one piece; resolves with where the first starts once all are durable. */
  appendBatch(payloads: readonly Buffer[]): Promise<QueuePosition>;
  /**
   * The bulk path: appends records the caller has framed itself (record-frame.ts, checksum fields
   * left to fill), with no copy; the framing is checked and the checksums written here. The buffer
   * must not change until the promise settles.
   */
  appendFramed(frames: Buffer): Promise<QueuePosition>;
  /** Up to `maxRecords` whole records from `from`, never past what is durable. */
  read(from: QueuePosition, maxRecords: number, options?: QueueReadOptions): Promise<QueueBlock>;
  /** Forgets everything before `position` (every consumer has passed it). */
  release(position: QueuePosition): Promise<void>;
  /** Waits for pending appends, then closes. */
  close(): Promise<void>;
}
