import type { SqlRunner } from './sql-runner.js';

/**
 * Files uploaded through OpenRouter's Files API, kept in the control plane so that every node of a
 * cluster serves them: metadata, and the content as base64 text (one SQL text for SQLite and
 * PostgreSQL; a file is at most server.max_body_bytes).
 */
export const fileTableSql = `CREATE TABLE stored_files (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     workspace_id TEXT NOT NULL,
     filename TEXT NOT NULL,
     mime_type TEXT NOT NULL,
     size_bytes INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     content TEXT NOT NULL
   );
   CREATE INDEX stored_files_owner ON stored_files(account_id, workspace_id, created_at, id);`;

export interface StoredFile {
  id: string;
  accountId: string;
  workspaceId: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  /** ISO-8601 UTC. */
  createdAt: string;
}

interface FileRow {
  id: string;
  account_id: string;
  workspace_id: string;
  filename: string;
  mime_type: string;
  size_bytes: number | string;
  created_at: string;
}

const metadataColumns = 'id, account_id, workspace_id, filename, mime_type, size_bytes, created_at';

function toFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    accountId: row.account_id,
    workspaceId: row.workspace_id,
    filename: row.filename,
    mimeType: row.mime_type,
    sizeBytes: Number(row.size_bytes),
    createdAt: row.created_at,
  };
}

export interface FilePage {
  files: StoredFile[];
  hasMore: boolean;
}

/** One SQL text for both databases (sql-runner.ts). Every read is by owner: an account and workspace never see another's files. */
export class FileStore {
  constructor(private readonly sql: SqlRunner) {}

  async add(file: StoredFile, content: Buffer): Promise<void> {
    await this.sql.run(`INSERT INTO stored_files (${metadataColumns}, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      file.id,
      file.accountId,
      file.workspaceId,
      file.filename,
      file.mimeType,
      file.sizeBytes,
      file.createdAt,
      content.toString('base64'),
    ]);
  }

  async get(accountId: string, workspaceId: string, id: string): Promise<StoredFile | undefined> {
    const [row] = await this.sql.all<FileRow>(`SELECT ${metadataColumns} FROM stored_files WHERE account_id = ? AND workspace_id = ? AND id = ?`, [accountId, workspaceId, id]);
    return row ? toFile(row) : undefined;
  }

  async content(accountId: string, workspaceId: string, id: string): Promise<Buffer | undefined> {
    const [row] = await this.sql.all<{ content: string }>('SELECT content FROM stored_files WHERE account_id = ? AND workspace_id = ? AND id = ?', [accountId, workspaceId, id]);
    return row ? Buffer.from(row.content, 'base64') : undefined;
  }

  /**
   * A page of the owner's files, newest first (or oldest first), after or before a file by its id
   * (the ids are time-ordered: created_at, then id).
   */
  async list(accountId: string, workspaceId: string, options: { limit: number; order: 'asc' | 'desc'; afterId?: string; beforeId?: string }): Promise<FilePage> {
    const conditions = ['account_id = ?', 'workspace_id = ?'];
    const parameters: unknown[] = [accountId, workspaceId];
    const forward = options.order === 'desc' ? '<' : '>';
    const backward = options.order === 'desc' ? '>' : '<';
    for (const [id, comparison] of [
      [options.afterId, forward],
      [options.beforeId, backward],
    ] as const) {
      if (id === undefined) continue;
      const anchor = await this.get(accountId, workspaceId, id);
      if (!anchor) continue;
      conditions.push(`(created_at ${comparison} ? OR (created_at = ? AND id ${comparison} ?))`);
      parameters.push(anchor.createdAt, anchor.createdAt, anchor.id);
    }
    const direction = options.order === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.sql.all<FileRow>(
      `SELECT ${metadataColumns} FROM stored_files WHERE ${conditions.join(' AND ')} ORDER BY created_at ${direction}, id ${direction} LIMIT ${options.limit + 1}`,
      parameters,
    );
    return { files: rows.slice(0, options.limit).map(toFile), hasMore: rows.length > options.limit };
  }

  /** True when the file was the owner's and is gone. */
  async delete(accountId: string, workspaceId: string, id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM stored_files WHERE account_id = ? AND workspace_id = ? AND id = ?', [accountId, workspaceId, id])) > 0;
  }
}
