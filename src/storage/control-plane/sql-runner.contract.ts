import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlRunner } from './sql-runner.js';

/**
 * What every SqlRunner must do (SQLite and PostgreSQL): `?` placeholders, changed-row counts, and
 * `atomically` all or none. Call runSqlRunnerContract({ create }) from each database's test.
 */
export function runSqlRunnerContract(options: { create: () => Promise<{ runner: SqlRunner; close: () => Promise<void> }> }): void {
  describe('SqlRunner', () => {
    let runner: SqlRunner;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ runner, close } = await options.create());
      await runner.run('CREATE TABLE runner_rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    });
    afterEach(async () => {
      await close();
    });

    it('binds ? placeholders in order and counts the rows a statement changed', async () => {
      expect(await runner.run('INSERT INTO runner_rows (id, name) VALUES (?, ?), (?, ?)', [1, 'one', 2, "it's two"])).toBe(2);
      expect(await runner.all<{ id: number; name: string }>('SELECT id, name FROM runner_rows WHERE id >= ? ORDER BY id', [1])).toEqual([
        { id: 1, name: 'one' },
        { id: 2, name: "it's two" },
      ]);
      expect(await runner.run('DELETE FROM runner_rows WHERE id = ?', [9])).toBe(0);
    });

    it('applies statements atomically: each one, with its own count, or — when one fails — none', async () => {
      await runner.run('INSERT INTO runner_rows (id, name) VALUES (?, ?)', [1, 'kept']);
      expect(
        await runner.atomically([
          { text: 'INSERT INTO runner_rows (id, name) VALUES (?, ?)', parameters: [2, 'two'] },
          { text: 'UPDATE runner_rows SET name = ? WHERE id <= ?', parameters: ['renamed', 2] },
          { text: 'DELETE FROM runner_rows WHERE id = ?', parameters: [7] },
        ]),
      ).toEqual([1, 2, 0]);
      // The third statement breaks the primary key: the first two are undone with it.
      await expect(
        runner.atomically([
          { text: 'DELETE FROM runner_rows WHERE id = ?', parameters: [1] },
          { text: 'INSERT INTO runner_rows (id, name) VALUES (?, ?)', parameters: [3, 'three'] },
          { text: 'INSERT INTO runner_rows (id, name) VALUES (?, ?)', parameters: [2, 'again'] },
        ]),
      ).rejects.toThrow();
      expect(await runner.all<{ id: number; name: string }>('SELECT id, name FROM runner_rows ORDER BY id')).toEqual([
        { id: 1, name: 'renamed' },
        { id: 2, name: 'renamed' },
      ]);
      expect(await runner.atomically([])).toEqual([]);
    });
  });
}
