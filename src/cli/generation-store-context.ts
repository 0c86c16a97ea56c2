import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { createJsonLogger } from '../observability/logger.js';
import { nodeIdentity } from '../server/composition/node-identity.js';
import { controlPlaneFactories, generationStoreFactories } from '../server/composition/store-factories.js';
import { broadcastFromConfig } from '../server/composition/broadcast-from-config.js';
import { openDrainedQueue } from '../server/composition/usage-event-log.js';
import type { ClickHouseGenerationStore } from '../storage/generation-log/clickhouse-generation-store.js';

export interface GenerationStoreContext {
  client: ClickHouseClient;
  store: ClickHouseGenerationStore;
  /** What the log is, for messages ("chDB (embedded)", "ClickHouse server"). */
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
 * Delivers what a stopped gateway left in its usage-event queue (after a crash, say) before a
 * command reads the embedded store, exactly as the gateway would at its next start.
 */
async function catchUpQueue(config: SwitchboardConfig, store: ClickHouseGenerationStore): Promise<void> {
  const directory = resolve(config.data_dir, 'generation-queue');
  if (!existsSync(directory)) return;
  const controlPlane = await controlPlaneFactories[config.control_plane.store](config);
  const logger = createJsonLogger({ level: 'warn' });
  // Broadcast too, as the gateway would: a segment is released only once every consumer has passed it.
  const broadcast = broadcastFromConfig(config, process.env, controlPlane, logger, undefined);
  const { queue, writer } = await openDrainedQueue({ config, directory, queueId: 'gateway', nodeId: await nodeIdentity(config), controlPlane, store, logger, broadcast });
  try {
    await writer.drain();
  } finally {
    await queue.close();
    await controlPlane.close();
  }
}

/**
 * Opens the generation log of the configured data directory for a command (report, simulate,
 * import, log). The embedded chDB store belongs to one process at a time: while a gateway runs on
 * the same data directory, this fails with a message that says what to do instead.
 */
export async function withGenerationStore<T>(config: SwitchboardConfig, action: (context: GenerationStoreContext) => Promise<T>): Promise<T> {
  let opened: ReturnType<(typeof generationStoreFactories)['chdb']>;
  try {
    opened = generationStoreFactories[config.generation_log.store](config, process.env);
  } catch (error) {
    if (config.generation_log.store === 'chdb' && isLockError(error)) {
      throw new StoreInUseError(
        `the generation store in ${resolve(config.data_dir, 'generation-store')} is in use by a running gateway, or another command (embedded chDB admits one process).\n` +
          'Stop the gateway, use another --data-dir, or read the results from the running gateway: ' +
          'switchboard report --gateway http://127.0.0.1:8080 (GET /api/v1/study/analyses/…).',
        { cause: error },
      );
    }
    throw error;
  }
  const { store, description } = opened;
  try {
    await store.migrate();
    if (config.generation_log.store === 'chdb') await catchUpQueue(config, store);
    return await action({ client: store.client, store, description });
  } finally {
    await store.close();
  }
}
