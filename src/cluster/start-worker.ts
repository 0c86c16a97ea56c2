import { resolve } from 'node:path';
import { AnalyticsStore, type Row } from '../analytics/analytics-store.js';
import type { CompiledQuery } from '../analytics/semantic/compile-query.js';
import { AccountDirectory } from '../accounts/account-directory.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { Secrets } from '../config/secrets.js';
import type { GatewayServices } from '../gateway/gateway-services.js';
import { Authenticator } from '../gateway/pipeline/authenticate.js';
import { createJsonLogger } from '../observability/logger.js';
import { GatewayMetrics } from '../observability/metrics-registry.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import { StickyRoutes } from '../routing/sticky-routes.js';
import { circuitBreakerOf, isLoopback } from '../server/start-switchboard.js';
import { closeServer, listenGateway } from '../server/listen-gateway.js';
import { SqliteControlPlaneStore } from '../storage/control-plane/sqlite-control-plane-store.js';
import { DurableQueue } from '../storage/generation-log/durable-queue.js';
import { GenerationLog } from '../storage/generation-log/generation-log.js';
import { InFlightJournal } from '../storage/generation-log/in-flight-journal.js';
import { WorkerChannel } from './ipc-channel.js';
import { RelayedEndpointStats } from './relayed-endpoint-stats.js';
import { RemoteGenerationStore } from './remote-generation-store.js';
import { RemoteLimits } from './remote-limits.js';
import { workerQueueDirectory, workerJournalDirectory } from './worker-directories.js';

/**
 * One worker of `switchboard serve --workers N`: the whole HTTP gateway on the shared port, with
 * its own durable queue and in-flight journal (drained and recovered by the primary), and the
 * primary's limits, store and analytics reached over IPC.
 */
export async function startWorker(config: SwitchboardConfig, index: number): Promise<{ url: string; close(): Promise<void> }> {
  const logger = createJsonLogger({ level: config.logging.level });
  const dataDirectory = resolve(config.data_dir);
  const channel = new WorkerChannel();
  const catalog = ModelCatalog.load();
  const providers = ProviderRegistry.fromConfig(config.providers, catalog, new Secrets(process.env, config.secrets_file));
  const controlPlane = new SqliteControlPlaneStore(resolve(dataDirectory, 'control-plane.sqlite'));
  const queue = await DurableQueue.open(workerQueueDirectory(dataDirectory, index), { sync: config.generation_log.queue_sync, segmentBytes: config.generation_log.segment_bytes });
  const journal = await InFlightJournal.open(workerJournalDirectory(dataDirectory, index), config.generation_log.queue_sync);
  const compaction = setInterval(() => void journal.compact().catch((error: unknown) => logger.error('journal compaction failed', { error: String(error) })), 10_000);
  compaction.unref();
  const limits = new RemoteLimits(channel);
  const anonymous = config.auth.anonymous && isLoopback(config.server.host);
  let shuttingDown = false;
  const services: GatewayServices = {
    config,
    catalog,
    providers,
    controlPlane,
    accounts: new AccountDirectory(controlPlane),
    limits,
    authenticator: new Authenticator(controlPlane, limits, { anonymous }),
    generationLog: new GenerationLog(queue, new RemoteGenerationStore(channel)),
    journal,
    analytics: new AnalyticsStore((compiled: CompiledQuery) => channel.call<Row[]>('analytics.run', compiled)),
    analyticsStoreDescription: config.generation_log.store === 'chdb' ? 'chDB (embedded, in the primary process)' : `ClickHouse at ${config.generation_log.clickhouse.url}`,
    stickyRoutes: new StickyRoutes(),
    stats: new RelayedEndpointStats(channel, circuitBreakerOf(config)),
    metrics: new GatewayMetrics(),
    logger,
    random: Math.random,
    now: Date.now,
    isShuttingDown: () => shuttingDown,
  };
  const { server, url } = await listenGateway(services);
  return {
    url,
    close: async () => {
      shuttingDown = true;
      await closeServer(server, config.server.shutdown_grace_ms);
      clearInterval(compaction);
      await journal.compact();
      await journal.close();
      await queue.close();
      await controlPlane.close();
      await providers.close();
      await logger.flush();
    },
  };
}
