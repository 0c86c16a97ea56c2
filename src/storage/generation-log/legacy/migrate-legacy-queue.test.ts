import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../../../test/helpers/sample-generation-record.js';
import { silentLogger } from '../../../observability/logger.js';
import type { GenerationRecord } from '../../../spec/generation-record.js';
import { SqliteControlPlaneStore } from '../../control-plane/sqlite-control-plane-store.js';
import { FileDurableQueue } from '../../durable-queue/file-durable-queue.js';
import { ClickHouseGenerationStore } from '../clickhouse-generation-store.js';
import { GenerationLogWriter } from '../generation-log-writer.js';
import { legacyColumns } from './legacy-queue-lines.js';
import { migrateLegacyQueue } from './migrate-legacy-queue.js';

let store: ClickHouseGenerationStore;
beforeAll(async () => {
  store = ClickHouseGenerationStore.open({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'switchboard-migrate-')) });
  await store.migrate();
});
afterAll(async () => {
  await store.close();
});

/** A record as the previous release queued it: a TabSeparated row in its column order. */
function legacyRow(record: GenerationRecord): string {
  const values = record as unknown as Record<string, unknown>;
  return legacyColumns
    .map(([name, kind]) => {
      const value = values[name];
      if (value === null || value === undefined) return '\\N';
      if (kind === 'time') return String(value).replace('T', ' ').replace('Z', '');
      if (kind === 'json') return JSON.stringify(value);
      return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
    })
    .join('\t');
}

async function scenario(account: string, pendingStored: boolean) {
  const directory = mkdtempSync(join(tmpdir(), 'switchboard-legacy-queue-'));
  const records = Array.from({ length: 10 }, () => sampleGenerationRecord({ account_id: account, key_hash: `${account}-key`, schema_version: 1 }));
  const lines = records.map(legacyRow);
  writeFileSync(join(directory, 'segment-000000000001.ndjson'), `${lines.join('\n')}\n`);
  const offsetOf = (index: number) => ({ segment: 1, offset: lines.slice(0, index).reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) });
  // The previous release had stored lines 0–5, was inserting 6–7 when it stopped, and had charged 0–3.
  await store.insert(records.slice(0, 6), `old-${account}-a`);
  if (pendingStored) await store.insert(records.slice(6, 8), `old-${account}-b`);
  writeFileSync(join(directory, 'store-checkpoint.json'), JSON.stringify({ position: offsetOf(6), pending: { from: offsetOf(6), to: offsetOf(8) } }));
  const controlPlane = new SqliteControlPlaneStore(':memory:');
  await controlPlane.createAccount({ id: account, name: account });
  await controlPlane.applyUsage([{ accountId: account, keyHash: `${account}-key`, costNano: 4 * 1_840_000, day: 20_000, isByok: false }], 'generation-log', offsetOf(4));

  const options = {
    directory,
    contents: 'usage-events',
    legacyCursorName: 'generation-log',
    cursorName: 'usage-events/gateway',
    queueIdentity: 'node/gateway',
    store,
    controlPlane,
    logger: silentLogger,
  };
  expect(await migrateLegacyQueue(options)).toEqual({ events: 6, quarantined: 0 }); // lines 4–9: the first line either consumer still lacked
  // Run again (a crash after the rename): nothing more happens.
  expect(await migrateLegacyQueue(options)).toBeNull();
  const queue = await FileDurableQueue.open(directory, { contents: 'usage-events' });
  const writer = new GenerationLogWriter({
    queue,
    queueIdentity: 'node/gateway',
    directory,
    store,
    controlPlane,
    logger: silentLogger,
    batchSize: 3,
    flushIntervalMs: 50,
    cursorName: 'usage-events/gateway',
  });
  await writer.drain();
  await queue.close();
  const [row] = (await (
    await store.client.query({ query: 'SELECT count() AS rows, uniqExact(id) AS ids FROM generations WHERE account_id = {account:String}', query_params: { account }, format: 'JSONEachRow' })
  ).json()) as { rows: string; ids: string }[];
  return { rows: Number(row!.rows), ids: Number(row!.ids), usageNano: (await controlPlane.getAccount(account))!.usageNano };
}

describe('migrating the previous release queue', () => {
  it('stores what the store lacked and charges what the control plane lacked, each once (the interrupted batch was stored)', async () => {
    expect(await scenario('pending-stored', true)).toEqual({ rows: 10, ids: 10, usageNano: 10 * 1_840_000 });
  });

  it('stores what the store lacked and charges what the control plane lacked, each once (the interrupted batch was not stored)', async () => {
    expect(await scenario('pending-lost', false)).toEqual({ rows: 10, ids: 10, usageNano: 10 * 1_840_000 });
  });
});
