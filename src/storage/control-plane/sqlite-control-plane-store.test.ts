import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { runControlPlaneStoreContract } from './control-plane-store.contract.js';
import { sqliteRunner } from './sql-runner.js';
import { runSqlRunnerContract } from './sql-runner.contract.js';
import { SqliteControlPlaneStore } from './sqlite-control-plane-store.js';

describe('SqliteControlPlaneStore', () => {
  runControlPlaneStoreContract({ create: async () => new SqliteControlPlaneStore(':memory:') });
  runSqlRunnerContract({
    create: async () => {
      const database = new Database(':memory:');
      return { runner: sqliteRunner(database), close: async () => void database.close() };
    },
  });

  it('keeps its data and schema version across reopenings', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'switchboard-sqlite-')), 'control-plane.sqlite');
    const first = new SqliteControlPlaneStore(path);
    await first.createAccount({ id: 'kept', name: 'Kept' });
    await first.close();
    const second = new SqliteControlPlaneStore(path);
    expect(await second.getAccount('kept')).toMatchObject({ name: 'Kept' });
    await second.close();
  });
});
