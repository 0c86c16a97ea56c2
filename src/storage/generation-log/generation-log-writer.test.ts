import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../../test/helpers/sample-generation-record.js';
import { silentLogger } from '../../observability/logger.js';
import { createClickHouseClient } from '../clickhouse/create-clickhouse-client.js';
import { SqliteControlPlaneStore } from '../control-plane/sqlite-control-plane-store.js';
import { ClickHouseGenerationStore } from './clickhouse-generation-store.js';
import { DurableQueue } from './durable-queue.js';
import type { GenerationRecord } from './generation-record.js';
import { GenerationLogWriter } from './generation-log-writer.js';
import { toQueueLine } from './queue-line.js';
import type { GenerationStore } from './generation-store.js';

// One chDB engine per process: this file uses one store for all its tests, each with its own account.
let store: ClickHouseGenerationStore;
beforeAll(async () => {
  store = new ClickHouseGenerationStore(createClickHouseClient({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'switchboard-chdb-')) }), { stagingDirectory: mkdtempSync(join(tmpdir(), 'switchboard-staging-')) });
  await store.migrate();
});
afterAll(async () => {
  await store.close();
});

async function countFor(accountId: string): Promise<{ rows: number; distinct: number }> {
  const client = (store as unknown as { client: { query: (options: object) => Promise<{ json: () => Promise<unknown> }> } }).client;
  const result = await client.query({
    query: 'SELECT count() AS rows, uniqExact(id) AS distinct FROM generations WHERE account_id = {account:String}',
    query_params: { account: accountId },
    format: 'JSONEachRow',
  });
  const [row] = (await result.json()) as { rows: number; distinct: number }[];
  return { rows: Number(row!.rows), distinct: Number(row!.distinct) };
}

async function setup(accountId: string, target: GenerationStore = store) {
  const queue = await DurableQueue.open(mkdtempSync(join(tmpdir(), 'switchboard-queue-')));
  const controlPlane = new SqliteControlPlaneStore(':memory:');
  await controlPlane.createAccount({ id: accountId, name: accountId });
  const writer = (batchSize = 7) => new GenerationLogWriter({ queue, store: target, controlPlane, logger: silentLogger, batchSize, flushIntervalMs: 50 });
  const records = (count: number) => Array.from({ length: count }, () => sampleGenerationRecord({ account_id: accountId, key_hash: '' }));
  return { queue, controlPlane, writer, records };
}

describe('GenerationLogWriter', () => {
  it('delivers every queued record to the store and its cost to the account, in batches (JSON lines of earlier versions too)', async () => {
    const { queue, controlPlane, writer, records } = await setup('all-delivered');
    const batch = records(25);
    for (const [index, record] of batch.entries()) await queue.append(index % 5 === 0 ? JSON.stringify(record) : toQueueLine(record));
    await queue.append('not a record');
    await writer().drain();
    expect(await countFor('all-delivered')).toEqual({ rows: 25, distinct: 25 });
    expect((await controlPlane.getAccount('all-delivered'))!.usageNano).toBe(25 * 1_840_000);
    const stored = await store.get(batch[3]!.id);
    expect(stored).toEqual(batch[3]);
    expect(await store.get(batch[3]!.id, 'someone-else')).toBeUndefined();
  });

  it('never stores a record twice when it crashes between an insert and its checkpoint', async () => {
    let crash = true;
    const crashingStore: GenerationStore = {
      migrate: () => store.migrate(),
      get: (id) => store.get(id),
      existingIds: (ids) => store.existingIds(ids),
      count: () => store.count(),
      close: async () => {},
      insert: (batch: GenerationRecord[], token: string) => store.insert(batch, token),
      insertTabSeparated: async (rows, token) => {
        await store.insertTabSeparated(rows, token);
        if (crash) {
          crash = false;
          throw new Error('simulated crash after the insert, before the checkpoint');
        }
      },
    };
    const { queue, writer, records } = await setup('crash-once', crashingStore);
    for (const record of records(10)) await queue.append(toQueueLine(record));
    await expect(writer().drain()).rejects.toThrow(/simulated crash/);
    // More records arrive before the restart, and the restarted writer takes bigger batches: the
    // interrupted batch must still be re-sent with its old bounds, or its 7 records would be stored twice.
    for (const record of records(5)) await queue.append(toQueueLine(record));
    await writer(100).drain();
    expect(await countFor('crash-once')).toEqual({ rows: 15, distinct: 15 });
  });

  it('stores the readable rows of a batch that holds a line no row can be read from', async () => {
    const { queue, controlPlane, writer, records } = await setup('one-bad-line');
    const batch = records(12);
    for (const record of batch.slice(0, 6)) await queue.append(toQueueLine(record));
    await queue.append('1\tgarbage\twith too few columns');
    for (const record of batch.slice(6)) await queue.append(toQueueLine(record));
    await writer(100).drain();
    expect(await countFor('one-bad-line')).toEqual({ rows: 12, distinct: 12 });
    expect((await controlPlane.getAccount('one-bad-line'))!.usageNano).toBe(12 * 1_840_000);
  });
});
