import type { GenerationRecord } from '../../spec/generation-record.js';

/** A batch of usage events for the store: framed as in the durable queue (durable-queue/record-frame.ts), all of the current version. */
export interface EventBlock {
  readonly rows: number;
  /** The framed events, back to back: read by the store as RowBinary (usage-event.ts: framedEventStructure). */
  readonly data: Buffer;
}

/**
 * Where generation records end up and are read back: ClickHouse SQL on the embedded chDB or on a
 * ClickHouse server. Every implementation runs generation-store.contract.ts.
 */
export interface GenerationStore {
  /** Creates the schema, or brings one made by an earlier release up to date. */
  migrate(): Promise<void>;
  /**
   * Inserts a batch of usage events. The same batch again with the same token stores nothing
   * (a batch is re-delivered after a crash between insert and checkpoint). Throws a
   * StoreRefusedError when the store refuses the data itself (as opposed to being unavailable).
   */
  insertEvents(block: EventBlock, deduplicationToken: string): Promise<void>;
  /** Inserts records (bulk loads: imports, generated workloads); with a token, idempotent like insertEvents. */
  insert(records: readonly GenerationRecord[], deduplicationToken?: string): Promise<void>;
  /** One record by generation id, restricted to an account when given. */
  get(id: string, accountId?: string): Promise<GenerationRecord | undefined>;
  /** Which of these generation ids are stored (for crash recovery: what reached the log). */
  existingIds(ids: readonly string[]): Promise<Set<string>>;
  /** Number of stored records and of distinct ids (equal when nothing is duplicated). */
  count(): Promise<{ rows: number; distinctIds: number }>;
  close(): Promise<void>;
}

/** The store refused a batch because of what is in it (a value it cannot take), not because it is down. */
export class StoreRefusedError extends Error {}
