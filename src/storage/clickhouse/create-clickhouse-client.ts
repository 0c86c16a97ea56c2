import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';

/**
 * chdb/connection, loaded only when a chDB client is made: the engine is a large native library,
 * and a process that never opens it (a gateway whose store runs in a process of its own, a
 * cluster worker) should not carry it.
 */
function loadChdbConnection(): typeof import('chdb/connection') {
  return createRequire(import.meta.url)('chdb/connection') as typeof import('chdb/connection');
}

export type ClickHouseTarget = { kind: 'chdb'; path: string } | { kind: 'clickhouse'; url: string; database: string; username: string; password?: string };

/** Settings every query runs with, on chDB and on a server alike. */
const commonSettings = {
  output_format_json_quote_64bit_integers: 0,
  date_time_input_format: 'best_effort',
} as const;

/**
 * One @clickhouse/client for both deployments: chDB embedded in this process (the default, one
 * data path per process) or a ClickHouse server / cluster. Callers write one SQL text for both.
 */
export function createClickHouseClient(target: ClickHouseTarget): ClickHouseClient {
  if (target.kind === 'chdb') {
    if (target.path !== ':memory:') mkdirSync(target.path, { recursive: true });
    // chdb/connection is typed against @clickhouse/client-common, which @clickhouse/client now bundles:
    // the shapes are the same, the declarations are two copies.
    const connection = loadChdbConnection().createChdbConnection({ path: target.path }) as unknown as ClickHouseClientConfigOptions['connection'];
    return createClient({ connection, clickhouse_settings: commonSettings });
  }
  return createClient({
    // Failures reach the caller, who reports them (the writer says once a minute that the store is down, with no address).
    log: { level: ClickHouseLogLevel.OFF },
    url: target.url,
    database: target.database,
    username: target.username,
    password: target.password ?? '',
    clickhouse_settings: commonSettings,
  });
}
