import { lockDataDirectory } from '../server/composition/data-directory-lock.js';
import cluster, { type Worker } from 'node:cluster';
import { resolve } from 'node:path';
import type { CompiledQuery } from '../analytics/semantic/compile-query.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { LocalLimits } from '../limits/shared-limits.js';
import { createJsonLogger } from '../observability/logger.js';
import { ClusterMetrics, GatewayMetrics } from '../observability/metrics-registry.js';
import { closeServer, listenMetrics } from '../server/listen-gateway.js';
import { recoverJournal } from '../server/composition/journal-recovery.js';
import { ConfigError } from '../config/load-config.js';
import { nodeIdentity } from '../server/composition/node-identity.js';
import { generationStoreFactories, openControlPlane, sharedLimitsFactories } from '../server/composition/store-factories.js';
import { broadcastFromConfig } from '../server/composition/broadcast-from-config.js';
import { openDrainedQueue } from '../server/composition/usage-event-log.js';
import type { FileDurableQueue } from '../storage/durable-queue/file-durable-queue.js';
import { GenerationLog, loggedIds } from '../storage/generation-log/generation-log.js';
import type { GenerationLogWriter } from '../storage/generation-log/generation-log-writer.js';
import { InFlightJournal } from '../storage/generation-log/in-flight-journal.js';
import { type ChannelPeer, PrimaryChannel } from '../server/interprocess/ipc-channel.js';
import { limitsService } from './limits-service.js';
import { workerJournalDirectory, workerQueueDirectory } from './worker-directories.js';

export interface ClusterInstance {
  url: string;
  close(): Promise<void>;
}

/**
 * The primary of `switchboard serve --workers N`: it serves no HTTP itself. It holds what must be
 * one for all workers — the generation store (embedded chDB admits one process) and the writers
 * that drain every worker's queue into it, the rate-limit and credit counters, the relay of
 * endpoint statistics — forks the workers, and starts a new one (after recovering its journal)
 * when one dies. Its parts come from the same factories as a single process's.
 */
export async function startPrimary(config: SwitchboardConfig, workers: number): Promise<ClusterInstance> {
  const logger = createJsonLogger({ level: config.logging.level });
  const dataDirectory = resolve(config.data_dir);
  const lock = lockDataDirectory(dataDirectory);
  const catalog = ModelCatalog.load();
  const metrics = new GatewayMetrics({ processMetrics: true });
  const clusterMetrics = new ClusterMetrics(metrics);
  const { controlPlane } = await openControlPlane(config);
  const opened = generationStoreFactories[config.generation_log.store](config, process.env);
  const store = opened.store;
  await store.migrate().catch((error: unknown) => logger.error('the generation store could not be prepared; records wait in the queues', { error: String((error as Error)?.message ?? error) }));
  const nodeId = await nodeIdentity(config);
  const broadcast = broadcastFromConfig(config, process.env, controlPlane, logger, metrics);
  const drained = (directory: string, queueId: string, appendedElsewhere: boolean) =>
    openDrainedQueue({ config, directory, queueId, nodeId, controlPlane, store, logger, metrics, appendedElsewhere, broadcast });

  // The primary's own queue: what an earlier single-process gateway left, and the records of interrupted generations.
  const own = await drained(resolve(dataDirectory, 'generation-queue'), 'gateway', false);
  await own.writer.start();
  const ownLog = new GenerationLog(own.queue, store);

  const workerQueues = new Map<number, { queue: FileDurableQueue; writer: GenerationLogWriter }>();
  /** Before a worker (re)starts: deliver its queue, then record what its journal says was interrupted. */
  async function prepareWorker(index: number): Promise<void> {
    let entry = workerQueues.get(index);
    if (!entry) {
      entry = await drained(workerQueueDirectory(dataDirectory, index), `worker-${index}`, true);
      workerQueues.set(index, entry);
      await entry.writer.start();
    }
    await entry.writer.drain().catch(() => undefined);
    const journal = await InFlightJournal.open(workerJournalDirectory(dataDirectory, index), config.generation_log.queue_sync);
    const { queue, writer } = entry;
    const recovery = recoverJournal({
      journal,
      writer,
      logged: (ids) => loggedIds(ids, { queue, quarantine: writer.quarantine, store }),
      append: (record) => ownLog.append(record),
      logger,
      label: `worker-${index}`,
    });
    await recovery.settled;
    recovery.stop();
    await journal.close();
    await own.writer.drain().catch(() => undefined);
  }

  if (config.shared_limits.store !== 'local')
    throw new ConfigError('serve --workers keeps the counters in the primary: with shared_limits.store redis, run one process per node (each node is already shared-nothing)');
  const { limits } = await sharedLimitsFactories.local(config, controlPlane, { environment: process.env, nodeId, logger });
  if (!(limits instanceof LocalLimits)) throw new Error('serve --workers keeps the counters in the primary');
  const service = limitsService(limits, catalog);
  const live = new Set<Worker>();
  const channel = new PrimaryChannel(
    {
      ...service.calls,
      // A generation another worker just answered may still be in that worker's queue: deliver the queues and look again.
      'store.get': async ({ id, accountId }: { id: string; accountId?: string }) => {
        const found = await store.get(id, accountId);
        if (found) return found;
        await Promise.all([...workerQueues.values()].map((entry) => entry.writer.drain()));
        return store.get(id, accountId);
      },
      'store.existingIds': async ({ ids }: { ids: string[] }) => [...(await store.existingIds(ids))],
      'store.count': () => store.count(),
      'analytics.run': (compiled: CompiledQuery) => opened.analytics.run(compiled),
      // One scrape of /metrics on any worker: every worker's counters summed, and the primary's.
      'metrics.render': () => clusterMetrics.render(),
    },
    {
      ...service.events,
      // Endpoint statistics: each worker's batch goes to every other worker.
      stats: (events: unknown, from: ChannelPeer) => {
        for (const worker of live) if (worker !== from) PrimaryChannel.emit(worker, 'stats', events);
      },
    },
  );

  let stopping = false;
  async function fork(index: number): Promise<string> {
    await prepareWorker(index);
    const worker = cluster.fork({ SWITCHBOARD_WORKER_INDEX: String(index) });
    live.add(worker);
    channel.attach(worker);
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) return;
      logger.error('worker stopped; starting another', { worker: index, code, signal });
      void fork(index).catch((error: unknown) => logger.error('could not restart a worker', { worker: index, error: String(error) }));
    });
    return new Promise((resolveListening, rejectListening) => {
      worker.once('exit', (code) => rejectListening(new Error(`worker ${index} exited with ${code} before listening`)));
      worker.on('message', (message: { switchboard?: string; url?: string }) => {
        if (message?.switchboard === 'listening') resolveListening(message.url!);
      });
    });
  }
  const [url] = await Promise.all(Array.from({ length: workers }, (_, position) => fork(position + 1)));
  const metricsListener = config.metrics.port === undefined ? null : await listenMetrics(config.metrics.port, () => clusterMetrics.render());
  logger.info('switchboard cluster listening', { url, workers, node_id: nodeId, ...(metricsListener ? { metrics_url: `${metricsListener.url}/metrics` } : {}) });

  let closing: Promise<void> | null = null;
  return {
    url: url!,
    close: () => {
      closing ??= (async () => {
        stopping = true;
        if (metricsListener) await closeServer(metricsListener.server, 1_000);
        await Promise.all(
          [...live].map(
            (worker) =>
              new Promise<void>((resolveExit) => {
                worker.once('exit', () => resolveExit());
                worker.process.kill('SIGTERM');
              }),
          ),
        );
        for (const [index, entry] of workerQueues) {
          await entry.writer.stop();
          await prepareWorker(index);
          await entry.queue.close();
        }
        await own.writer.stop();
        await own.queue.close();
        await store.close();
        await controlPlane.close();
        lock.release();
        await logger.flush();
      })();
      return closing;
    },
  };
}
