import type { ObservabilityDestination } from '../../spec/observability-destination.js';
import { type DestinationRow, destinationColumns, toDestination } from './destination-rows.js';
import type { DestinationPatch, DestinationStore } from './destination-store.js';
import type { SqlRunner } from './sql-runner.js';

/** Observability destinations on either database, through a SqlRunner. */
export class SqlDestinationStore implements DestinationStore {
  constructor(private readonly sql: SqlRunner) {}

  async create(destination: Omit<ObservabilityDestination, 'createdAt' | 'updatedAt'>): Promise<ObservabilityDestination> {
    const now = new Date().toISOString();
    const columns = { id: destination.id, account_id: destination.accountId, ...destinationColumns(destination), created_at: now, updated_at: now };
    const names = Object.keys(columns);
    const [row] = await this.sql.all<DestinationRow>(`INSERT INTO observability_destinations (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) RETURNING *`, Object.values(columns));
    return toDestination(row!);
  }

  async list(accountId: string): Promise<ObservabilityDestination[]> {
    return (await this.sql.all<DestinationRow>('SELECT * FROM observability_destinations WHERE account_id = ? ORDER BY created_at, id', [accountId])).map(toDestination);
  }

  async get(accountId: string, id: string): Promise<ObservabilityDestination | undefined> {
    const [row] = await this.sql.all<DestinationRow>('SELECT * FROM observability_destinations WHERE account_id = ? AND id = ?', [accountId, id]);
    return row ? toDestination(row) : undefined;
  }

  async update(accountId: string, id: string, patch: DestinationPatch): Promise<ObservabilityDestination | undefined> {
    const columns = { ...destinationColumns(patch), updated_at: new Date().toISOString() };
    const names = Object.keys(columns);
    const [row] = await this.sql.all<DestinationRow>(`UPDATE observability_destinations SET ${names.map((name) => `${name} = ?`).join(', ')} WHERE account_id = ? AND id = ? RETURNING *`, [
      ...Object.values(columns),
      accountId,
      id,
    ]);
    return row ? toDestination(row) : undefined;
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM observability_destinations WHERE account_id = ? AND id = ?', [accountId, id])) > 0;
  }

  async listEnabled(): Promise<ObservabilityDestination[]> {
    return (await this.sql.all<DestinationRow>('SELECT * FROM observability_destinations WHERE enabled = 1 ORDER BY account_id, created_at, id')).map(toDestination);
  }
}
