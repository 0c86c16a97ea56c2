import { resolve } from 'node:path';
import { AnalyticsStore, type Row } from '../analytics/analytics-store.js';
import type { CompiledQuery } from '../analytics/semantic/compile-query.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { createJsonLogger } from '../observability/logger.js';
import { GatewayMetrics } from '../observability/metrics-registry.js';
import { buildGatewayServices, buildProviders, circuitBreakerOf } from '../server/composition/build-gateway-services.js';
import { controlPlaneFactories } from '../server/composition/store-factories.js';
import { queueOptions } from '../server/composition/usage-event-log.js';
import { closeServer, listenGateway } from '../server/listen-gateway.js';
import { FileDurableQueue } from '../storage/durable-queue/file-durable-queue.js';
import { GenerationLog } from '../storage/generation-log/generation-log.js';
import { InFlightJournal } from '../storage/generation-log/in-flight-journal.js';
import { WorkerChannel } from '../server/interprocess/ipc-channel.js';
import { RelayedEndpointStats, type StatsEvent } from '../routing/relayed-endpoint-stats.js';
import { RemoteGenerationStore } from './remote-generation-store.js';
import { RemoteLimits } from './remote-limits.js';
import { workerJournalDirectory, workerQueueDirectory } from './worker-directories.js';

/**
 * One worker of `switchboard serve --workers N`: the whole HTTP gateway on the shared port, with
 * its own usage-event queue and in-flight journal (drained and recovered by the primary), and the
 * primary's limits, store and analytics reached over IPC.
 */
export async function startWorker(config: SwitchboardConfig, index: number): Promise<{ url: string; close(): Promise<void> }> {
  const logger = createJsonLogger({ level: config.logging.level });
  const dataDirectory = resolve(config.data_dir);
  const channel = new WorkerChannel();
  const catalog = ModelCatalog.load();
  const providers = buildProviders(config, process.env, catalog);
  const controlPlane = await controlPlaneFactories[config.control_plane.store](config);
  const queue = await FileDurableQueue.open(workerQueueDirectory(dataDirectory, index), queueOptions(config));
  const journal = await InFlightJournal.open(workerJournalDirectory(dataDirectory, index), config.generation_log.queue_sync);
  const compaction = setInterval(() => void journal.compact().catch((error: unknown) => logger.error('journal compaction failed', { error: String(error) })), 10_000);
  compaction.unref();
  let shuttingDown = false;
  const metrics = new GatewayMetrics({ processMetrics: true });
  metrics.exposeToPrimary();
  const services = buildGatewayServices({
    config,
    logger,
    catalog,
    providers,
    controlPlane,
    limits: new RemoteLimits(channel),
    generationLog: new GenerationLog(queue, new RemoteGenerationStore(channel)),
    journal,
    analytics: new AnalyticsStore((compiled: CompiledQuery) => channel.call<Row[]>('analytics.run', compiled)),
    analyticsStoreDescription: config.generation_log.store === 'chdb' ? 'chDB (embedded, in the primary process)' : 'ClickHouse server',
    stats: new RelayedEndpointStats(
      { send: (events) => channel.emit('stats', events), onEvents: (handler) => channel.on('stats', (events: StatsEvent[]) => handler(events)) },
      circuitBreakerOf(config),
    ),
    metrics,
    renderMetrics: () => channel.call<string>('metrics.render', null),
    isShuttingDown: () => shuttingDown,
  });
  // The observatory's worker loads its models before the first request, so early prompts are annotated too.
  await services.annotator.start();
  const { server, url } = await listenGateway(services);
  return {
    url,
    close: async () => {
      shuttingDown = true;
      await closeServer(server, config.server.shutdown_grace_ms);
      clearInterval(compaction);
      await services.annotator.close();
      await journal.compact().catch(() => undefined);
      await journal.close();
      await queue.close();
      await controlPlane.close();
      await providers.close();
      await logger.flush();
    },
  };
}
