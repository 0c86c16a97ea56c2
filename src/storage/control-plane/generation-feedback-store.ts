import { randomUUID } from 'node:crypto';
import type { SqlRunner } from './sql-runner.js';

/** Ratings of generations by their accounts (OpenRouter's /generation/feedback). */
export const generationFeedbackTableSql = `CREATE TABLE generation_feedback (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     generation_id TEXT NOT NULL,
     category TEXT NOT NULL,
     comment TEXT,
     key_hash TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX generation_feedback_generation ON generation_feedback(account_id, generation_id);`;

export const feedbackCategories = ['latency', 'incoherence', 'incorrect_response', 'formatting', 'billing', 'api_error', 'other'] as const;
export type FeedbackCategory = (typeof feedbackCategories)[number];

export interface GenerationFeedback {
  id: string;
  accountId: string;
  generationId: string;
  category: FeedbackCategory;
  comment: string | null;
  keyHash: string | null;
  createdAt: string;
}

interface FeedbackRow {
  id: string;
  account_id: string;
  generation_id: string;
  category: FeedbackCategory;
  comment: string | null;
  key_hash: string | null;
  created_at: string;
}

/** One SQL text for both databases (sql-runner.ts). */
export class GenerationFeedbackStore {
  constructor(private readonly sql: SqlRunner) {}

  async add(feedback: Omit<GenerationFeedback, 'id' | 'createdAt'>): Promise<GenerationFeedback> {
    const [row] = await this.sql.all<FeedbackRow>('INSERT INTO generation_feedback (id, account_id, generation_id, category, comment, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *', [
      randomUUID(),
      feedback.accountId,
      feedback.generationId,
      feedback.category,
      feedback.comment,
      feedback.keyHash,
      new Date().toISOString(),
    ]);
    return toFeedback(row!);
  }

  /** An account's feedback on one generation, oldest first. */
  async list(accountId: string, generationId: string): Promise<GenerationFeedback[]> {
    return (await this.sql.all<FeedbackRow>('SELECT * FROM generation_feedback WHERE account_id = ? AND generation_id = ? ORDER BY created_at, id', [accountId, generationId])).map(toFeedback);
  }
}

function toFeedback(row: FeedbackRow): GenerationFeedback {
  return { id: row.id, accountId: row.account_id, generationId: row.generation_id, category: row.category, comment: row.comment, keyHash: row.key_hash, createdAt: row.created_at };
}
