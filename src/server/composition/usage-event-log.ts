import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import type { Logger } from '../../observability/logger.js';
import type { GatewayMetrics } from '../../observability/metrics-registry.js';
import type { ControlPlaneStore } from '../../storage/control-plane/control-plane-store.js';
import { FileDurableQueue } from '../../storage/durable-queue/file-durable-queue.js';
import type { QueueFileSystem } from '../../storage/durable-queue/queue-file-system.js';
import type { GenerationStore } from '../../storage/generation-log/generation-store.js';
import { type GenerationBroadcast, GenerationLogWriter } from '../../storage/generation-log/generation-log-writer.js';
import { migrateLegacyQueue } from '../../storage/generation-log/legacy/migrate-legacy-queue.js';

/** What a usage-event queue's segments are called. */
export const usageEventContents = 'usage-events';

/**
 * The control plane's cursor for a queue of a node: `gateway` (one process) or `worker-<n>`, named
 * by the node, since several nodes share one control plane (PostgreSQL) and each has its own queue.
 */
export const usageCursorName = (nodeId: string, queueId: string) => `usage-events/${nodeId}/${queueId}`;
/** The name releases before multi-node kept the cursor under (one node per control plane then). */
const singleNodeCursorName = (queueId: string) => `usage-events/${queueId}`;
/** The cursor the release before usage events kept for the same queue. */
const legacyCursorName = (queueId: string) => (queueId === 'gateway' ? 'generation-log' : `generation-log/${queueId}`);

/**
 * Keeps the control plane's cursor of this queue under this node's name: taken over from the name a
 * single-node release used, or from the node's former id when `node_id` was changed (the queue
 * directory remembers which node's cursor it has, in `cursor-owner`). Moves are atomic and never
 * overwrite, so no two nodes ever share a cursor and no queue is applied twice.
 */
async function adoptCursor(controlPlane: ControlPlaneStore, directory: string, nodeId: string, queueId: string, logger: Logger): Promise<void> {
  const ownerPath = join(directory, 'cursor-owner');
  const owner = await readFile(ownerPath, 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  const target = usageCursorName(nodeId, queueId);
  const previous = owner === null ? singleNodeCursorName(queueId) : owner === nodeId ? null : usageCursorName(owner, queueId);
  if (previous && (await controlPlane.moveCursor(previous, target))) logger.info('usage cursor taken over', { from: previous, to: target });
  if (owner !== nodeId) {
    await writeFile(`${ownerPath}.tmp`, `${nodeId}\n`);
    await rename(`${ownerPath}.tmp`, ownerPath);
  }
}

export function queueOptions(config: SwitchboardConfig) {
  return { contents: usageEventContents, sync: config.generation_log.queue_sync, segmentBytes: config.generation_log.segment_bytes };
}

export interface DrainedQueueOptions {
  config: SwitchboardConfig;
  directory: string;
  queueId: string;
  nodeId: string;
  controlPlane: ControlPlaneStore;
  store: GenerationStore;
  logger: Logger;
  metrics?: GatewayMetrics;
  /** Another process appends (a cluster worker): open it to read only. */
  appendedElsewhere?: boolean;
  /** The file system under the queue (tests put a failing disk here). */
  fileSystem?: QueueFileSystem;
  /** Where finished generations are broadcast (observability destinations). */
  broadcast?: GenerationBroadcast;
}

/**
 * A usage-event queue and the writer that drains it into the store and the control plane. What an
 * earlier release left in the directory is migrated before the first delivery
 * (legacy/migrate-legacy-queue.ts); until that succeeds new events wait in the queue, after it.
 */
export async function openDrainedQueue(options: DrainedQueueOptions): Promise<{ queue: FileDurableQueue; writer: GenerationLogWriter }> {
  const { config, directory, queueId } = options;
  const opening = { ...queueOptions(config), ...(options.fileSystem ? { fileSystem: options.fileSystem } : {}) };
  const queue = options.appendedElsewhere ? await FileDurableQueue.openReader(directory, opening) : await FileDurableQueue.open(directory, opening);
  const writer = new GenerationLogWriter({
    queue,
    queueIdentity: `${options.nodeId}/${queueId}`,
    directory,
    store: options.store,
    controlPlane: options.controlPlane,
    logger: options.logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    batchSize: config.generation_log.batch_size,
    flushIntervalMs: config.generation_log.flush_interval_ms,
    cursorName: usageCursorName(options.nodeId, queueId),
    ...(options.broadcast ? { broadcast: options.broadcast } : {}),
    prepare: async () => {
      await adoptCursor(options.controlPlane, directory, options.nodeId, queueId, options.logger);
      await migrateLegacyQueue({
        directory,
        contents: usageEventContents,
        legacyCursorName: legacyCursorName(queueId),
        cursorName: usageCursorName(options.nodeId, queueId),
        queueIdentity: `${options.nodeId}/${queueId}`,
        store: options.store,
        controlPlane: options.controlPlane,
        logger: options.logger,
      });
    },
  });
  return { queue, writer };
}
