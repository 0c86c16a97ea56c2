import type { Server } from 'node:http';
import { resolve } from 'node:path';
import type { CreditLedger } from '../accounting/credit-ledger.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import type { GatewayServices } from '../gateway/gateway-services.js';
import { createJsonLogger, type Logger } from '../observability/logger.js';
import { GatewayMetrics } from '../observability/metrics-registry.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { QueueFileSystem } from '../storage/durable-queue/queue-file-system.js';
import { GenerationLog, loggedIds } from '../storage/generation-log/generation-log.js';
import type { GenerationLogWriter } from '../storage/generation-log/generation-log-writer.js';
import type { GenerationStore } from '../storage/generation-log/generation-store.js';
import { InFlightJournal } from '../storage/generation-log/in-flight-journal.js';
import { lockDataDirectory } from './composition/data-directory-lock.js';
import { buildGatewayServices, buildProviders } from './composition/build-gateway-services.js';
import { recoverJournal } from './composition/journal-recovery.js';
import { nodeIdentity } from './composition/node-identity.js';
import { openGatewayGenerationStore } from './composition/gateway-generation-store.js';
import { openControlPlane, sharedLimitsFactories } from './composition/store-factories.js';
import { broadcastFromConfig } from './composition/broadcast-from-config.js';
import { openDrainedQueue } from './composition/usage-event-log.js';
import { closeServer, listenGateway, listenMetrics } from './listen-gateway.js';

export interface StartOptions {
  logger?: Logger;
  environment?: NodeJS.ProcessEnv;
  /** Replaces the providers built from the configuration (tests). */
  providers?: ProviderRegistry;
  /** Load-balancing draws (seeded in tests). */
  random?: () => number;
  /** Export the process's CPU, memory and event-loop metrics (default true; tests starting many gateways turn it off). */
  processMetrics?: boolean;
  /** The file system under the durable queue and the journal (tests put a failing disk here). */
  queueFileSystem?: QueueFileSystem;
}

export interface SwitchboardInstance {
  services: GatewayServices;
  server: Server;
  /** Base URL the gateway listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  generationStore: GenerationStore;
  /** The store process's id when the embedded engine runs in one. */
  storeProcessId?: number | undefined;
  /** The loopback metrics listener's URL (metrics.port), or null. */
  metricsUrl: string | null;
  writer: GenerationLogWriter;
  /** The credit ledger of this process (null when the counters live elsewhere). */
  ledger: CreditLedger | null;
  close(): Promise<void>;
}

/**
 * One gateway process, composed from the configuration: the control plane, the generation store
 * and the shared limits each from their factory (composition/store-factories.ts), the usage-event
 * queue and its writer, the in-flight journal, the providers, then the HTTP server. Nothing queued
 * keeps it from starting: a store that is down is retried in the background. `close()` stops
 * taking requests, lets those in flight finish and delivers what it can.
 */
export async function startSwitchboard(config: SwitchboardConfig, options: StartOptions = {}): Promise<SwitchboardInstance> {
  const environment = options.environment ?? process.env;
  const logger = options.logger ?? createJsonLogger({ level: config.logging.level });
  const dataDirectory = resolve(config.data_dir);
  const lock = lockDataDirectory(dataDirectory);
  const catalog = ModelCatalog.load();
  const providers = buildProviders(config, environment, catalog, options.providers);
  const metrics = new GatewayMetrics({ processMetrics: options.processMetrics ?? true });

  const { controlPlane } = await openControlPlane(config, environment);
  const opened = await openGatewayGenerationStore(config, environment, logger);
  const generationStore = opened.store;
  await generationStore
    .migrate()
    .catch((error: unknown) => logger.error('the generation store could not be prepared; records wait in the queue', { error: String((error as Error)?.message ?? error) }));
  const nodeId = await nodeIdentity(config);
  const { queue, writer } = await openDrainedQueue({
    config,
    directory: resolve(dataDirectory, 'generation-queue'),
    queueId: 'gateway',
    nodeId,
    controlPlane,
    store: generationStore,
    logger,
    metrics,
    broadcast: broadcastFromConfig(config, environment, controlPlane, logger, metrics),
    ...(options.queueFileSystem ? { fileSystem: options.queueFileSystem } : {}),
  });
  await writer.start();
  const generationLog = new GenerationLog(queue, generationStore);

  // Generations a crash interrupted: recorded as failed, nothing charged, never twice.
  const journal = await InFlightJournal.open(resolve(dataDirectory, 'generation-journal'), config.generation_log.queue_sync, options.queueFileSystem);
  const recovery = recoverJournal({
    journal,
    writer,
    logged: (ids) => loggedIds(ids, { queue, quarantine: writer.quarantine, store: generationStore }),
    append: (record) => generationLog.append(record),
    logger,
    label: 'gateway',
  });
  await recovery.settled;
  const compaction = setInterval(() => void journal.compact().catch((error: unknown) => logger.error('journal compaction failed', { error: String(error) })), 10_000);
  compaction.unref();

  const sharedLimits = await sharedLimitsFactories[config.shared_limits.store](config, controlPlane, { environment, nodeId, logger });
  const { limits, ledger } = sharedLimits;
  let shuttingDown = false;
  const services = buildGatewayServices(
    {
      config,
      logger,
      catalog,
      providers,
      controlPlane,
      limits,
      bus: sharedLimits.bus,
      dependencyHealth: sharedLimits.health,
      generationLog,
      journal,
      analytics: opened.analytics,
      analyticsStoreDescription: opened.description,
      metrics,
      ...(options.random ? { random: options.random } : {}),
      isShuttingDown: () => shuttingDown,
    },
    environment,
  );

  // The observatory's worker loads its models before the first request, so early prompts are annotated too.
  await services.annotator.start();
  await sharedLimits.bus?.ready();
  const { server, url } = await listenGateway(services);
  const metricsListener = config.metrics.port === undefined ? null : await listenMetrics(config.metrics.port, () => metrics.render());
  logger.info('switchboard listening', {
    url,
    data_dir: dataDirectory,
    node_id: nodeId,
    providers: providers.providers.map((provider) => provider.id),
    models: catalog.models.length,
    anonymous_local_access: services.authenticator.allowsAnonymous,
    ...(metricsListener ? { metrics_url: `${metricsListener.url}/metrics` } : {}),
  });

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      if (metricsListener) await closeServer(metricsListener.server, 1_000);
      await closeServer(server, config.server.shutdown_grace_ms);
      clearInterval(compaction);
      recovery.stop();
      await writer.stop();
      await services.annotator.close();
      await journal.compact().catch(() => undefined);
      await journal.close();
      await queue.close();
      await sharedLimits.close();
      await generationStore.close();
      await controlPlane.close();
      await providers.close();
      lock.release();
      await logger.flush();
    })();
    return closing;
  };
  return { services, server, url, generationStore, storeProcessId: opened.pid, metricsUrl: metricsListener ? `${metricsListener.url}/metrics` : null, writer, ledger, close };
}
