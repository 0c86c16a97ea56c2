import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { AnalyticsStore } from '../analytics/analytics-store.js';
import { AccountDirectory } from '../accounts/account-directory.js';
import { CreditLedger } from '../accounting/credit-ledger.js';
import { RateLimiter } from '../limits/rate-limiter.js';
import { RequestLimits } from '../limits/request-limits.js';
import { toNanoDollars } from '../accounting/pricing.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import { Secrets } from '../config/secrets.js';
import type { GatewayServices } from '../gateway/gateway-services.js';
import { Authenticator } from '../gateway/pipeline/authenticate.js';
import { createJsonLogger, type Logger } from '../observability/logger.js';
import { GatewayMetrics } from '../observability/metrics-registry.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import { EndpointStats, type CircuitBreakerOptions } from '../routing/endpoint-stats.js';
import { LocalLimits } from '../limits/shared-limits.js';
import { createClickHouseClient, type ClickHouseTarget } from '../storage/clickhouse/create-clickhouse-client.js';
import { SqliteControlPlaneStore } from '../storage/control-plane/sqlite-control-plane-store.js';
import { ClickHouseGenerationStore } from '../storage/generation-log/clickhouse-generation-store.js';
import { DurableQueue } from '../storage/generation-log/durable-queue.js';
import { GenerationLog } from '../storage/generation-log/generation-log.js';
import { GenerationLogWriter } from '../storage/generation-log/generation-log-writer.js';
import { StickyRoutes } from '../routing/sticky-routes.js';
import { InFlightJournal } from '../storage/generation-log/in-flight-journal.js';
import type { GenerationStore } from '../storage/generation-log/generation-store.js';
import { closeServer, listenGateway } from './listen-gateway.js';

export interface StartOptions {
  logger?: Logger;
  environment?: NodeJS.ProcessEnv;
  /** Replaces the providers built from the configuration (tests). */
  providers?: ProviderRegistry;
  /** Load-balancing draws (seeded in tests). */
  random?: () => number;
}

export interface SwitchboardInstance {
  services: GatewayServices;
  server: Server;
  /** Base URL the gateway listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  generationStore: GenerationStore;
  writer: GenerationLogWriter;
  /** The credit ledger of this process. */
  ledger: CreditLedger;
  close(): Promise<void>;
}

/** The rate limits the configuration sets. */
export function buildRequestLimits(config: SwitchboardConfig): RequestLimits {
  return new RequestLimits(new RateLimiter(), {
    requestsPerMinute: config.limits.requests_per_minute_per_key,
    tokensPerMinute: config.limits.tokens_per_minute_per_key,
    freeRequestsPerMinute: config.limits.free_requests_per_minute,
    freeRequestsPerDay: config.limits.free_requests_per_day,
    freeRequestsPerDayWithCredits: config.limits.free_requests_per_day_with_credits,
    freeCreditsThresholdNano: toNanoDollars(config.limits.free_credits_threshold_usd),
  });
}

export function circuitBreakerOf(config: SwitchboardConfig): CircuitBreakerOptions {
  const breaker = config.routing.circuit_breaker;
  return { failureThreshold: breaker.failure_threshold, openMs: breaker.open_ms, maximumOpenMs: breaker.maximum_open_ms };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Where the generation log lives: chDB inside this process, or a ClickHouse server. */
export function clickHouseTarget(config: SwitchboardConfig, environment: NodeJS.ProcessEnv): ClickHouseTarget {
  const log = config.generation_log;
  if (log.store === 'chdb') return { kind: 'chdb', path: resolve(config.data_dir, 'generation-store') };
  const password = log.clickhouse.password_env ? environment[log.clickhouse.password_env] : undefined;
  return { kind: 'clickhouse', url: log.clickhouse.url, database: log.clickhouse.database, username: log.clickhouse.username, ...(password ? { password } : {}) };
}

/**
 * The composition root: opens the embedded stores (SQLite control plane, durable queue, chDB
 * generation log), catches the log up with the queue, builds the providers and starts the HTTP
 * server. `close()` stops taking requests, lets those in flight finish and flushes the log.
 */
export async function startSwitchboard(config: SwitchboardConfig, options: StartOptions = {}): Promise<SwitchboardInstance> {
  const environment = options.environment ?? process.env;
  const logger = options.logger ?? createJsonLogger({ level: config.logging.level });
  const dataDirectory = resolve(config.data_dir);
  const catalog = ModelCatalog.load();
  const secrets = new Secrets(environment, config.secrets_file);
  const providers = options.providers ?? ProviderRegistry.fromConfig(config.providers, catalog, secrets);

  const controlPlane = new SqliteControlPlaneStore(resolve(dataDirectory, 'control-plane.sqlite'));
  const accounts = new AccountDirectory(controlPlane);
  await accounts.ensureLocalAccount(toNanoDollars(config.auth.local_account_credits), config.auth.local_account_country ?? null);

  const queue = await DurableQueue.open(resolve(dataDirectory, 'generation-queue'), {
    sync: config.generation_log.queue_sync,
    segmentBytes: config.generation_log.segment_bytes,
  });
  const target = clickHouseTarget(config, environment);
  const clickHouse = createClickHouseClient(target);
  const generationStore = new ClickHouseGenerationStore(clickHouse, target.kind === 'chdb' ? { stagingDirectory: resolve(dataDirectory, 'generation-store-staging') } : {});
  await generationStore.migrate();
  const writer = new GenerationLogWriter({
    queue,
    store: generationStore,
    controlPlane,
    logger,
    batchSize: config.generation_log.batch_size,
    flushIntervalMs: config.generation_log.flush_interval_ms,
  });
  await writer.start();
  // Generations a crash interrupted: recorded as failed, nothing charged, never twice.
  const journal = await InFlightJournal.open(resolve(dataDirectory, 'generation-journal'), config.generation_log.queue_sync);
  const generationLogForRecovery = new GenerationLog(queue, generationStore);
  const interrupted = await journal.recover(generationStore, (record) => generationLogForRecovery.append(record));
  if (interrupted > 0) {
    logger.warn('recorded generations interrupted by the last stop as failed (not charged)', { count: interrupted });
    await writer.drain();
  }
  const compaction = setInterval(() => void journal.compact().catch((error: unknown) => logger.error('journal compaction failed', { error: String(error) })), 10_000);
  compaction.unref();

  const ledger = new CreditLedger(controlPlane);
  const limits = new LocalLimits(ledger, buildRequestLimits(config));
  const anonymous = config.auth.anonymous && isLoopback(config.server.host);
  if (config.auth.anonymous && !anonymous) logger.warn('auth.anonymous is ignored: the server does not listen on a loopback address', { host: config.server.host });
  const authenticator = new Authenticator(controlPlane, limits, { anonymous });
  let shuttingDown = false;
  const services: GatewayServices = {
    config,
    catalog,
    providers,
    controlPlane,
    accounts,
    limits,
    authenticator,
    generationLog: generationLogForRecovery,
    journal,
    analytics: new AnalyticsStore(clickHouse),
    analyticsStoreDescription: target.kind === 'chdb' ? 'chDB (embedded)' : `ClickHouse at ${target.url}`,
    stickyRoutes: new StickyRoutes(),
    stats: new EndpointStats(Date.now, circuitBreakerOf(config)),
    metrics: new GatewayMetrics(),
    logger,
    random: options.random ?? Math.random,
    now: Date.now,
    isShuttingDown: () => shuttingDown,
  };

  const { server, url } = await listenGateway(services);
  logger.info('switchboard listening', {
    url,
    data_dir: dataDirectory,
    providers: providers.providers.map((provider) => provider.id),
    models: catalog.models.length,
    anonymous_local_access: anonymous,
  });

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      await closeServer(server, config.server.shutdown_grace_ms);
      clearInterval(compaction);
      await writer.stop();
      await journal.compact();
      await journal.close();
      await queue.close();
      await generationStore.close();
      await controlPlane.close();
      await providers.close();
      await logger.flush();
    })();
    return closing;
  };
  return { services, server, url, generationStore, writer, ledger, close };
}
