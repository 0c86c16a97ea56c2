import type { GenerationRecord } from './generation-record.js';

/** Where generation records end up and are read back (the embedded chDB store or a ClickHouse server). */
export interface GenerationStore {
  /** Creates the schema when missing. */
  migrate(): Promise<void>;
  /**
   * Inserts a batch. Delivering the same batch again with the same token must not store it twice
   * (a batch is re-delivered after a crash between insert and checkpoint).
   */
  insert(records: GenerationRecord[], deduplicationToken: string): Promise<void>;
  /** Bulk insert of rows already in TabSeparated form (see tab-separated-rows.ts), for imports and generated workloads. */
  insertTabSeparated(rows: string | Buffer, deduplicationToken?: string): Promise<void>;
  /** One record by generation id, restricted to an account when given. */
  get(id: string, accountId?: string): Promise<GenerationRecord | undefined>;
  /** Which of these generation ids are stored (for crash recovery: what reached the log). */
  existingIds(ids: readonly string[]): Promise<Set<string>>;
  /** Number of stored records and of distinct ids (equal when nothing is duplicated). */
  count(): Promise<{ rows: number; distinctIds: number }>;
  close(): Promise<void>;
}
