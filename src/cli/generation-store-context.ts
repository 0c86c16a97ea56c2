import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { createJsonLogger } from '../observability/logger.js';
import { clickHouseTarget } from '../server/start-switchboard.js';
import { createClickHouseClient } from '../storage/clickhouse/create-clickhouse-client.js';
import { SqliteControlPlaneStore } from '../storage/control-plane/sqlite-control-plane-store.js';
import { ClickHouseGenerationStore } from '../storage/generation-log/clickhouse-generation-store.js';
import { DurableQueue } from '../storage/generation-log/durable-queue.js';
import { GenerationLogWriter } from '../storage/generation-log/generation-log-writer.js';

export interface GenerationStoreContext {
  client: ClickHouseClient;
  store: ClickHouseGenerationStore;
  /** Where the log lives, for messages ("chDB at …" or the server URL). */
  description: string;
}

/** The embedded store is locked by the gateway process that has it open. */
export class StoreInUseError extends Error {}

/** chDB refuses a data path another process holds with CHDB_CONNECTION (its lock message goes to stderr). */
function isLockError(error: unknown): boolean {
  for (let current = error as { message?: string; code?: string; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.code === 'CHDB_CONNECTION' || /Cannot lock file|already running/i.test(current.message ?? '')) return true;
  }
  return false;
}

/**
 * Delivers what a stopped gateway left in the durable queue (after a crash, say) before a command
 * reads the embedded store, exactly as the gateway would at its next start.
 */
async function catchUpQueue(config: SwitchboardConfig, store: ClickHouseGenerationStore): Promise<void> {
  const queueDirectory = resolve(config.data_dir, 'generation-queue');
  if (!existsSync(queueDirectory)) return;
  const queue = await DurableQueue.open(queueDirectory, { sync: config.generation_log.queue_sync, segmentBytes: config.generation_log.segment_bytes });
  const controlPlane = new SqliteControlPlaneStore(resolve(config.data_dir, 'control-plane.sqlite'));
  const writer = new GenerationLogWriter({
    queue,
    store,
    controlPlane,
    logger: createJsonLogger({ level: 'warn' }),
    batchSize: config.generation_log.batch_size,
    flushIntervalMs: config.generation_log.flush_interval_ms,
  });
  try {
    await writer.drain();
  } finally {
    await queue.close();
    await controlPlane.close();
  }
}

/**
 * Opens the generation log of the configured data directory for a command (report, simulate,
 * import). The embedded chDB store belongs to one process at a time: while a gateway runs on the
 * same data directory, this fails with a message that says what to do instead.
 */
export async function withGenerationStore<T>(config: SwitchboardConfig, action: (context: GenerationStoreContext) => Promise<T>): Promise<T> {
  const target = clickHouseTarget(config, process.env);
  let client: ClickHouseClient;
  try {
    client = createClickHouseClient(target);
  } catch (error) {
    if (target.kind === 'chdb' && isLockError(error)) {
      throw new StoreInUseError(
        `the generation store at ${target.path} is in use by a running gateway, or another command (embedded chDB admits one process).\n` +
          'Stop the gateway, use another --data-dir, or read the results from the running gateway: ' +
          'switchboard report --gateway http://127.0.0.1:8080 (GET /api/v1/analytics/…).',
        { cause: error },
      );
    }
    throw error;
  }
  const store = new ClickHouseGenerationStore(client, target.kind === 'chdb' ? { stagingDirectory: resolve(config.data_dir, 'generation-store-staging') } : {});
  try {
    await store.migrate();
    if (target.kind === 'chdb') await catchUpQueue(config, store);
    return await action({ client, store, description: target.kind === 'chdb' ? `chDB at ${target.path}` : `ClickHouse at ${target.url}` });
  } finally {
    await client.close();
  }
}
