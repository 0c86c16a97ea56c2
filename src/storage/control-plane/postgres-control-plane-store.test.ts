import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgresServer } from '../../../test/helpers/postgres-server.js';
import postgres from 'postgres';
import { runControlPlaneStoreContract } from './control-plane-store.contract.js';
import { postgresRunner } from './sql-runner.js';
import { runSqlRunnerContract } from './sql-runner.contract.js';
import { PostgresControlPlaneStore, postgresMigrations } from './postgres-control-plane-store.js';

/** The PostgreSQL control plane against a real server (initdb in a temporary directory), by the same contract as SQLite. */
let server: PostgresServer;
let databases = 0;
beforeAll(async () => {
  server = await startPostgresServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('PostgresControlPlaneStore', () => {
  runControlPlaneStoreContract({ create: async () => PostgresControlPlaneStore.open(await server.createDatabase(`contract_${++databases}`)) });
  runSqlRunnerContract({
    create: async () => {
      const sql = postgres(await server.createDatabase(`runner_${++databases}`), { onnotice: () => undefined });
      return { runner: postgresRunner(sql), close: () => sql.end() };
    },
  });

  it('applies its migrations once, however many nodes start at once, and keeps its data', async () => {
    const url = await server.createDatabase('migrations');
    const [first, second, third] = await Promise.all([PostgresControlPlaneStore.open(url), PostgresControlPlaneStore.open(url), PostgresControlPlaneStore.open(url)]);
    expect(await first!.migrate()).toBe(0);
    await first!.createAccount({ id: 'kept', name: 'Kept' });
    await Promise.all([first!.close(), second!.close(), third!.close()]);
    const again = await PostgresControlPlaneStore.open(url);
    expect(await again.getAccount('kept')).toMatchObject({ name: 'Kept' });
    expect(postgresMigrations.length).toBeGreaterThan(0);
    await again.close();
  });

  it('keeps nano-USD amounts beyond 2^31 exact', async () => {
    const store = await PostgresControlPlaneStore.open(await server.createDatabase('large'));
    await store.createAccount({ id: 'big', name: 'Big' });
    const account = await store.addCredits('big', 4_000_000_000_000_123, 'purchase');
    expect(account.creditsNano).toBe(4_000_000_000_000_123);
    await store.close();
  });
});
