import type { SealedGenerationContent } from '../../spec/generation-content.js';
import type { SqlRunner } from './sql-runner.js';

/** The sealed texts of generations whose workspace logs prompts: kept, read by their account, deleted when their retention ends. */
export const generationContentTableSql = `CREATE TABLE generation_content (
     generation_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     sealed TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   CREATE INDEX generation_content_expiry ON generation_content(expires_at);`;

interface ContentRow {
  generation_id: string;
  account_id: string;
  sealed: string;
  created_at: string;
  expires_at: string;
}

/** One SQL text for both databases (sql-runner.ts). */
export class GenerationContentStore {
  constructor(private readonly sql: SqlRunner) {}

  async keep(content: SealedGenerationContent): Promise<void> {
    await this.sql.run('INSERT INTO generation_content (generation_id, account_id, sealed, created_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
      content.generationId,
      content.accountId,
      content.sealed,
      content.createdAt,
      content.expiresAt,
    ]);
  }

  /** The account's kept text of a generation, unless its retention ended (then as good as gone). */
  async get(accountId: string, generationId: string, now: string): Promise<SealedGenerationContent | undefined> {
    const [row] = await this.sql.all<ContentRow>('SELECT * FROM generation_content WHERE account_id = ? AND generation_id = ? AND expires_at > ?', [accountId, generationId, now]);
    return row ? { generationId: row.generation_id, accountId: row.account_id, sealed: row.sealed, createdAt: row.created_at, expiresAt: row.expires_at } : undefined;
  }

  /** Deletes every text whose retention ended; how many. */
  async deleteExpired(now: string): Promise<number> {
    return this.sql.run('DELETE FROM generation_content WHERE expires_at <= ?', [now]);
  }
}
