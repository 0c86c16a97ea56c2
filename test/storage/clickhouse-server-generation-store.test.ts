import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { createClickHouseClient } from '../../src/storage/clickhouse/create-clickhouse-client.js';
import { ClickHouseGenerationStore } from '../../src/storage/generation-log/clickhouse-generation-store.js';
import { runGenerationStoreContract } from '../../src/storage/generation-log/generation-store.contract.js';

/**
 * The generation-store contract against a ClickHouse server, when one is given: CLICKHOUSE_URL
 * (e.g. http://localhost:8123), CLICKHOUSE_USER and CLICKHOUSE_PASSWORD. No current ClickHouse
 * server can be installed on the machines this project is built on (Debian 12 ships 18.16), so
 * without CLICKHOUSE_URL this suite is reported as skipped; docs/deployment.md says how to run it.
 */
const url = process.env.CLICKHOUSE_URL;

describe.skipIf(!url)(`the generation store on a ClickHouse server (CLICKHOUSE_URL${url ? '' : ' not set: skipped'})`, () => {
  const database = `switchboard_contract_${randomBytes(4).toString('hex')}`;
  const credentials = { username: process.env.CLICKHOUSE_USER ?? 'default', ...(process.env.CLICKHOUSE_PASSWORD ? { password: process.env.CLICKHOUSE_PASSWORD } : {}) };
  let store: ClickHouseGenerationStore;
  beforeAll(async () => {
    const admin = createClickHouseClient({ kind: 'clickhouse', url: url!, database: 'default', ...credentials });
    await admin.command({ query: `CREATE DATABASE ${database}` });
    await admin.close();
    store = ClickHouseGenerationStore.open({ kind: 'clickhouse', url: url!, database, ...credentials });
    await store.migrate();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    const admin = createClickHouseClient({ kind: 'clickhouse', url: url!, database: 'default', ...credentials });
    await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await admin.close();
  });
  runGenerationStoreContract({ store: () => store });
});
