import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../../test/helpers/sample-generation-record.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import { silentLogger } from '../../observability/logger.js';
import { counterValue, GatewayMetrics } from '../../observability/metrics-registry.js';
import { SqliteControlPlaneStore } from '../control-plane/sqlite-control-plane-store.js';
import { FileDurableQueue } from '../durable-queue/file-durable-queue.js';
import { forEachPayload } from '../durable-queue/record-frame.js';
import { ClickHouseGenerationStore } from './clickhouse-generation-store.js';
import { GenerationLogWriter } from './generation-log-writer.js';
import { type EventBlock, type GenerationStore, StoreRefusedError } from './generation-store.js';
import { retryQuarantined } from './retry-quarantined.js';
import { encodeUsageEvent, readEventId } from './usage-events/usage-event.js';

// One chDB engine per process: this file uses one store for all its tests, each with its own account.
let store: ClickHouseGenerationStore;
beforeAll(async () => {
  store = ClickHouseGenerationStore.open({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'switchboard-chdb-')) });
  await store.migrate();
});
afterAll(async () => {
  await store.close();
});

async function countFor(accountId: string): Promise<{ rows: number; distinct: number }> {
  const result = await store.client.query({
    query: 'SELECT count() AS rows, uniqExact(id) AS distinct FROM generations WHERE account_id = {account:String}',
    query_params: { account: accountId },
    format: 'JSONEachRow',
  });
  const [row] = (await result.json()) as { rows: number; distinct: number }[];
  return { rows: Number(row!.rows), distinct: Number(row!.distinct) };
}

/** A store in front of the real one that fails as told. */
function storeThat(behaviour: { refuse?: (ids: string[]) => boolean; failAfterInsert?: () => boolean; down?: () => boolean }): GenerationStore & { attempts: number } {
  const wrapper = {
    attempts: 0,
    migrate: () => store.migrate(),
    get: (id: string) => store.get(id),
    existingIds: (ids: readonly string[]) => store.existingIds(ids),
    count: () => store.count(),
    close: async () => {},
    insert: (records: Parameters<GenerationStore['insert']>[0], token?: string) => store.insert(records, token),
    insertEvents: async (block: EventBlock, token: string) => {
      wrapper.attempts++;
      if (behaviour.down?.()) throw new Error('connect ECONNREFUSED 127.0.0.1:8123');
      const ids: string[] = [];
      forEachPayload(block.data, (payload) => ids.push(readEventId(payload) ?? ''));
      if (behaviour.refuse?.(ids)) throw new StoreRefusedError('Code: 469. DB::Exception: Constraint `sane` is violated (VIOLATED_CONSTRAINT)');
      await store.insertEvents(block, token);
      if (behaviour.failAfterInsert?.()) throw new Error('simulated crash after the insert, before the cursor moved');
    },
  };
  return wrapper;
}

async function setup(accountId: string, target: GenerationStore = store, directory = mkdtempSync(join(tmpdir(), 'switchboard-queue-')), queueIdentity = 'node-a/gateway') {
  const queue = await FileDurableQueue.open(directory, { contents: 'usage-events' });
  const controlPlane = new SqliteControlPlaneStore(':memory:');
  await controlPlane.createAccount({ id: accountId, name: accountId });
  const metrics = new GatewayMetrics();
  const writer = (batchSize = 7) =>
    new GenerationLogWriter({ queue, queueIdentity, directory, store: target, controlPlane, logger: silentLogger, metrics, batchSize, flushIntervalMs: 50, cursorName: 'usage-events/gateway' });
  const records = (count: number) => Array.from({ length: count }, () => sampleGenerationRecord({ account_id: accountId, key_hash: '' }));
  const append = (list: ReturnType<typeof records>) => queue.appendBatch(list.map((record) => encodeUsageEvent(record)));
  return { queue, controlPlane, writer, records, append, directory, metrics };
}

describe('GenerationLogWriter', () => {
  it('delivers every queued record to the store and its cost to the account, in batches', async () => {
    const { controlPlane, writer, records, append } = await setup('all-delivered');
    const batch = records(25);
    await append(batch);
    await writer().drain();
    expect(await countFor('all-delivered')).toEqual({ rows: 25, distinct: 25 });
    expect((await controlPlane.getAccount('all-delivered'))!.usageNano).toBe(25 * 1_840_000);
    expect(await store.get(batch[3]!.id)).toEqual(batch[3]);
    expect(await store.get(batch[3]!.id, 'someone-else')).toBeUndefined();
  });

  it('never stores a record twice when it crashes between an insert and its cursor', async () => {
    let crash = true;
    const crashing = storeThat({
      failAfterInsert: () => {
        const now = crash;
        crash = false;
        return now;
      },
    });
    const { writer, records, append } = await setup('crash-once', crashing);
    await append(records(10));
    await expect(writer().drain()).rejects.toThrow(/simulated crash/);
    // More records arrive before the restart, and the restarted writer takes bigger batches: the
    // interrupted batch must still be re-sent with its old bounds, or its 7 records would be stored twice.
    await append(records(5));
    await writer(100).drain();
    expect(await countFor('crash-once')).toEqual({ rows: 15, distinct: 15 });
  });

  it('stores every record of two queues whose batches have the same byte ranges, once', async () => {
    const first = await setup('two-queues', store, undefined, 'node-a/worker-1');
    const second = await setup('two-queues', store, undefined, 'node-a/worker-2');
    // Same-sized records: both queues' batches cover identical byte ranges.
    await first.append(first.records(20));
    await second.append(second.records(20));
    await first.writer(10).drain();
    await second.writer(10).drain();
    expect(await countFor('two-queues')).toEqual({ rows: 40, distinct: 40 });
  });

  it('moves a record the store refuses to the quarantine file and stores the rest of its batch', async () => {
    const records = (await setup('refused-one')).records(9);
    const poison = records[4]!.id;
    const refusing = storeThat({ refuse: (ids) => ids.includes(poison) });
    const { controlPlane, writer, append, metrics } = await setup('refused-one', refusing);
    await append(records);
    const running = writer(100);
    await running.drain();
    expect(await countFor('refused-one')).toEqual({ rows: 8, distinct: 8 });
    const held = await running.quarantine.list();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ generationId: poison, usageApplied: true, payload: { kind: 'usage-event' } });
    expect(held[0]!.reason).toMatch(/VIOLATED_CONSTRAINT/);
    // Its charge was made at request time and reached the control plane with the others.
    expect((await controlPlane.getAccount('refused-one'))!.usageNano).toBe(9 * 1_840_000);
    expect(await counterValue(metrics.logQuarantined, { reason: 'refused' })).toBe(1);
    // The writer goes on: later records are delivered.
    await append((await setup('refused-one')).records(3));
    await running.drain();
    expect((await countFor('refused-one')).rows).toBe(11);
    // After a fix (here: a store that takes it), a retry delivers it once and charges nothing again.
    for (let retry = 0; retry < 2; retry++) expect((await retryQuarantined({ quarantine: running.quarantine, store, controlPlane })).held).toEqual([]);
    expect(await countFor('refused-one')).toEqual({ rows: 12, distinct: 12 });
    expect(await running.quarantine.list()).toEqual([]);
    expect((await controlPlane.getAccount('refused-one'))!.usageNano).toBe(12 * 1_840_000);
  });

  it('charges a quarantined record that never reached the control plane once, when a retry delivers it', async () => {
    const { queue, controlPlane, writer, records } = await setup('retry-charge');
    const [record] = records(1);
    // An event a newer release wrote (version 5): this one reads neither it nor its charge.
    const future = Buffer.from(encodeUsageEvent(record!));
    future[0] = 5;
    await queue.append(future);
    const running = writer();
    await running.drain();
    const [held] = await running.quarantine.list();
    expect(held).toMatchObject({ usageApplied: false, reason: expect.stringMatching(/version 5/) });
    expect((await controlPlane.getAccount('retry-charge'))!.usageNano).toBe(0);
    // "The fix": the file now holds the event as this release writes it.
    await running.quarantine.replace([{ ...held!, payload: { kind: 'usage-event', base64: encodeUsageEvent(record!).toString('base64') } }]);
    await retryQuarantined({ quarantine: running.quarantine, store, controlPlane });
    await running.quarantine.replace([{ ...held!, payload: { kind: 'usage-event', base64: encodeUsageEvent(record!).toString('base64') } }]);
    await retryQuarantined({ quarantine: running.quarantine, store, controlPlane });
    expect(await countFor('retry-charge')).toEqual({ rows: 1, distinct: 1 });
    expect((await controlPlane.getAccount('retry-charge'))!.usageNano).toBe(1_840_000);
  });

  it('quarantines damaged bytes and unreadable events, and delivers everything around them', async () => {
    const { queue, controlPlane, records, append, directory } = await setup('damaged');
    await append(records(3));
    await queue.append(Buffer.from([2, 0xff, 0xff])); // an event cut short
    await queue.append(Buffer.from('{"not":"an event"}'));
    await append(records(3));
    await queue.close();
    // Flip a byte inside the second record of the file: its checksum no longer matches.
    const segment = join(directory, readdirSync(directory).find((name) => name.endsWith('.frames'))!);
    const bytes = readFileSync(segment);
    const second = 9 + bytes.readUInt32LE(1);
    bytes[second + 40]! ^= 0xff;
    writeFileSync(segment, bytes);
    const reopened = await FileDurableQueue.open(directory, { contents: 'usage-events' });
    const running = new GenerationLogWriter({
      queue: reopened,
      queueIdentity: 'node-a/gateway',
      directory,
      store,
      controlPlane,
      logger: silentLogger,
      batchSize: 100,
      flushIntervalMs: 50,
      cursorName: 'usage-events/gateway',
    });
    await running.drain();
    expect(await countFor('damaged')).toEqual({ rows: 5, distinct: 5 });
    const held = await running.quarantine.list();
    expect(held.map((record) => record.payload.kind).sort()).toEqual(['damaged-bytes', 'usage-event', 'usage-event']);
    expect(held.every((record) => !record.usageApplied)).toBe(true);
    expect((await controlPlane.getAccount('damaged'))!.usageNano).toBe(5 * 1_840_000);
  });

  it('does not fail to start or stop while the store is down, and delivers once it is back', async () => {
    let down = true;
    const flaky = storeThat({ down: () => down });
    const { writer, records, append } = await setup('store-down', flaky);
    await append(records(4));
    const running = writer();
    await running.start();
    await append(records(2));
    await expect(running.drain()).rejects.toThrow(/ECONNREFUSED/);
    expect(await countFor('store-down')).toEqual({ rows: 0, distinct: 0 });
    down = false;
    await running.drain();
    expect(await countFor('store-down')).toEqual({ rows: 6, distinct: 6 });
    down = true;
    await append(records(1));
    await running.stop();
    expect(await countFor('store-down')).toEqual({ rows: 6, distinct: 6 });
  });

  it('re-reads the queue and skips what is stored when its cursor file is unreadable', async () => {
    const { writer, records, append, directory } = await setup('bad-cursor');
    await append(records(6));
    await writer(100).drain();
    writeFileSync(join(directory, 'store-cursor.json'), '{"position": "garbage"');
    await append(records(2));
    await writer(100).drain();
    expect(await countFor('bad-cursor')).toEqual({ rows: 8, distinct: 8 });
  });

  it('hands every record to the broadcast once per pass, sends a batch again after a crash before its cursor moved, and a restart takes up at its cursor', async () => {
    const { queue, controlPlane, records, append, directory } = await setup('broadcast');
    const seen: string[] = [];
    let crashNext = false;
    const broadcast = {
      active: async () => true,
      deliver: async (batch: readonly { id: string }[]) => {
        seen.push(...batch.map((record) => record.id));
        if (crashNext) {
          crashNext = false;
          throw new Error('the process died while sending');
        }
      },
    };
    const writer = new GenerationLogWriter({
      queue,
      queueIdentity: 'node-a/gateway',
      directory,
      store,
      controlPlane,
      logger: silentLogger,
      batchSize: 10,
      flushIntervalMs: 50,
      cursorName: 'usage-events/gateway',
      broadcast,
    });
    const batch = records(25);
    await append(batch);
    crashNext = true;
    await expect(writer.drain()).rejects.toThrow('the process died');
    // The store and the control plane went on; the broadcast's first batch is sent again next time.
    await writer.drain();
    expect(seen.slice(0, 10)).toEqual(seen.slice(10, 20));
    expect(new Set(seen)).toEqual(new Set(batch.map((record) => record.id)));
    expect(seen).toHaveLength(35);
    // A new writer on the same directory (a restart) starts where the broadcast's cursor is: nothing again.
    seen.length = 0;
    const restarted = new GenerationLogWriter({
      queue,
      queueIdentity: 'node-a/gateway',
      directory,
      store,
      controlPlane,
      logger: silentLogger,
      batchSize: 10,
      flushIntervalMs: 50,
      cursorName: 'usage-events/gateway',
      broadcast,
    });
    await restarted.drain();
    expect(seen).toEqual([]);
    expect(JSON.parse(readFileSync(join(directory, 'broadcast-cursor.json'), 'utf8'))).toHaveProperty('position');
  });

  it('stores and charges once the version-2 and version-3 events an earlier release queued, as version 4 (no preset, the default workspace, no media units)', async () => {
    const { queue, controlPlane, writer, records, append } = await setup('version-2');
    const [old, older, current] = records(3);
    // Version 3 is version 4 without its last two fields (a null media unit: 1 byte; a UInt32 count: 4);
    // version 2 is version 3 without its own last two (a null preset: 1 byte; "default": 8).
    const encode = (record: GenerationRecord) => encodeUsageEvent({ ...record, preset_id: null, workspace_id: 'default', media_unit: null, media_units: 0 });
    const version3 = Buffer.from(encode(old!).subarray(0, encode(old!).length - 5));
    version3[0] = 3;
    const version2 = Buffer.from(encode(older!).subarray(0, encode(older!).length - 14));
    version2[0] = 2;
    await queue.append(version2);
    await queue.append(version3);
    await append([{ ...current!, preset_id: 'preset-1', workspace_id: 'ws-1', media_unit: 'image', media_units: 2 }]);
    const running = writer();
    await running.drain();
    expect(await running.quarantine.list()).toEqual([]);
    expect(await countFor('version-2')).toEqual({ rows: 3, distinct: 3 });
    for (const record of [old!, older!])
      expect(await store.get(record.id)).toMatchObject({ id: record.id, preset_id: null, workspace_id: 'default', media_unit: null, media_units: 0, total_cost_nano: record.total_cost_nano });
    expect(await store.get(current!.id)).toMatchObject({ preset_id: 'preset-1', workspace_id: 'ws-1', media_unit: 'image', media_units: 2 });
    expect((await controlPlane.getAccount('version-2'))!.usageNano).toBe(3 * 1_840_000);
  });
});
