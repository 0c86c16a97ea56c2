import { resolve } from 'node:path';
import { AnalyticsStore } from '../../analytics/analytics-store.js';
import { AccountDirectory } from '../../accounts/account-directory.js';
import { CreditLedger } from '../../accounting/credit-ledger.js';
import { toNanoDollars } from '../../accounting/pricing.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import { RateLimiter } from '../../limits/rate-limiter.js';
import { RequestLimits, type RequestLimitSettings } from '../../limits/request-limits.js';
import { RedisLimits } from '../../limits/redis/redis-limits.js';
import type { Logger } from '../../observability/logger.js';
import type { NodeBus } from '../../spec/node-bus.js';
import { openRedis, redactRedisUrl } from '../../storage/redis/redis-connection.js';
import { RedisNodeBus } from '../../storage/redis/redis-node-bus.js';
import { LocalLimits, type SharedLimits } from '../../limits/shared-limits.js';
import type { ClickHouseTarget } from '../../storage/clickhouse/create-clickhouse-client.js';
import type { ControlPlaneStore } from '../../storage/control-plane/control-plane-store.js';
import { SqliteControlPlaneStore } from '../../storage/control-plane/sqlite-control-plane-store.js';
import { PostgresControlPlaneStore } from '../../storage/control-plane/postgres-control-plane-store.js';
import { ConfigError } from '../../config/load-config.js';
import { ClickHouseGenerationStore } from '../../storage/generation-log/clickhouse-generation-store.js';

/**
 * One factory per seam, chosen by configuration: the control plane (control_plane.store), the
 * generation store (generation_log.store) and the shared limits (shared_limits.store). A
 * server-grade implementation (PostgreSQL, a ClickHouse server, Redis) is one more entry here and
 * passes the seam's contract suite; nothing above this file changes.
 */

export const controlPlaneFactories: Record<SwitchboardConfig['control_plane']['store'], (config: SwitchboardConfig, environment?: NodeJS.ProcessEnv) => Promise<ControlPlaneStore>> = {
  sqlite: async (config) => new SqliteControlPlaneStore(resolve(config.data_dir, 'control-plane.sqlite')),
  postgres: async (config, environment = process.env) => {
    const settings = config.control_plane.postgres;
    const url = settings.url_env ? environment[settings.url_env] : settings.url;
    if (!url) throw new ConfigError('control_plane.store is postgres: set control_plane.postgres.url, or url_env to the environment variable holding it');
    return PostgresControlPlaneStore.open(url, { maxConnections: settings.max_connections });
  },
};

/** Where the generation log lives: chDB inside this process, or a ClickHouse server. */
export function clickHouseTarget(config: SwitchboardConfig, environment: NodeJS.ProcessEnv): ClickHouseTarget {
  const log = config.generation_log;
  if (log.store === 'chdb') return { kind: 'chdb', path: resolve(config.data_dir, 'generation-store') };
  const password = log.clickhouse.password_env ? environment[log.clickhouse.password_env] : undefined;
  return { kind: 'clickhouse', url: log.clickhouse.url, database: log.clickhouse.database, username: log.clickhouse.username, ...(password ? { password } : {}) };
}

export interface OpenedGenerationStore {
  store: ClickHouseGenerationStore;
  analytics: AnalyticsStore;
  /** What the store is, for answers and reports: never its address or credentials. */
  description: string;
}

export const generationStoreFactories: Record<SwitchboardConfig['generation_log']['store'], (config: SwitchboardConfig, environment: NodeJS.ProcessEnv) => OpenedGenerationStore> = {
  chdb: (config, environment) => {
    const store = ClickHouseGenerationStore.open(clickHouseTarget(config, environment), resolve(config.data_dir, 'generation-store-staging'));
    return { store, analytics: new AnalyticsStore(store.client), description: 'chDB (embedded)' };
  },
  clickhouse: (config, environment) => {
    const cluster = config.generation_log.clickhouse.cluster;
    const store = ClickHouseGenerationStore.open(clickHouseTarget(config, environment), undefined, cluster ? { cluster } : {});
    return { store, analytics: new AnalyticsStore(store.client), description: cluster ? `ClickHouse cluster ${cluster}` : 'ClickHouse server' };
  },
};

/** The rate limits the configuration sets. */
export function requestLimitSettings(config: SwitchboardConfig): RequestLimitSettings {
  return {
    requestsPerMinute: config.limits.requests_per_minute_per_key,
    tokensPerMinute: config.limits.tokens_per_minute_per_key,
    freeRequestsPerMinute: config.limits.free_requests_per_minute,
    freeRequestsPerDay: config.limits.free_requests_per_day,
    freeRequestsPerDayWithCredits: config.limits.free_requests_per_day_with_credits,
    freeCreditsThresholdNano: toNanoDollars(config.limits.free_credits_threshold_usd),
  };
}

/** In-process rate limits as the configuration sets them. */
export function buildRequestLimits(config: SwitchboardConfig): RequestLimits {
  return new RequestLimits(new RateLimiter(), requestLimitSettings(config));
}

/** The shared limits a process opened, and what comes with them. */
export interface OpenedLimits {
  limits: SharedLimits;
  /** The credit ledger of this process (null when the counters live elsewhere). */
  ledger: CreditLedger | null;
  /** Messages between the gateway nodes of a deployment (null on one machine). */
  bus: NodeBus | null;
  /** Whether the counters can be reached, for /health (null: they are in this process). */
  health: (() => { name: string; ok: boolean }) | null;
  close(): Promise<void>;
}

export interface SharedLimitsContext {
  environment: NodeJS.ProcessEnv;
  nodeId: string;
  logger: Logger;
}

export const sharedLimitsFactories: Record<
  SwitchboardConfig['shared_limits']['store'],
  (config: SwitchboardConfig, controlPlane: ControlPlaneStore, context: SharedLimitsContext) => Promise<OpenedLimits>
> = {
  local: async (config, controlPlane) => {
    const ledger = new CreditLedger(controlPlane);
    return { limits: new LocalLimits(ledger, buildRequestLimits(config)), ledger, bus: null, health: null, close: async () => undefined };
  },
  redis: async (config, controlPlane, { environment, nodeId, logger }) => {
    const settings = config.shared_limits.redis;
    const url = settings.url_env ? environment[settings.url_env] : settings.url;
    if (!url) throw new ConfigError('shared_limits.store is redis: set shared_limits.redis.url, or url_env to the environment variable holding it');
    const connection = openRedis(url, {
      commandTimeoutMs: settings.command_timeout_ms,
      onStateChange: (state, detail) =>
        state === 'lost'
          ? logger.error('Redis unreachable: paid requests are refused (503 limits_unavailable) until it answers', { redis: redactRedisUrl(url), detail })
          : logger.info('Redis connected', { redis: redactRedisUrl(url) }),
    });
    await connection.ready().catch((error: unknown) => {
      connection.close();
      throw new ConfigError(`shared_limits.store is redis, but ${String((error as Error)?.message ?? error)}`);
    });
    const limits = new RedisLimits(connection.client, controlPlane, {
      settings: requestLimitSettings(config),
      reservationTtlMs: settings.reservation_ttl_ms ?? config.routing.request_timeout_ms + 60_000,
      onSettleError: (error) =>
        logger.error('a settlement could not be written to Redis; the control plane still has it, and the next load reconciles', { error: String((error as Error)?.message ?? error) }),
    });
    const bus = new RedisNodeBus(connection.client, nodeId, (error) => logger.warn('node bus', { error: String((error as Error)?.message ?? error) }));
    return {
      limits,
      ledger: null,
      bus,
      health: () => ({ name: 'redis', ok: connection.isReady() }),
      close: async () => {
        await limits.flush();
        bus.close();
        connection.close();
      },
    };
  },
};

/** The control plane of the configured kind, with the built-in local account in place. */
export async function openControlPlane(config: SwitchboardConfig, environment: NodeJS.ProcessEnv = process.env): Promise<{ controlPlane: ControlPlaneStore; accounts: AccountDirectory }> {
  const controlPlane = await controlPlaneFactories[config.control_plane.store](config, environment);
  const accounts = new AccountDirectory(controlPlane);
  await accounts.ensureLocalAccount(toNanoDollars(config.auth.local_account_credits), config.auth.local_account_country ?? null);
  return { controlPlane, accounts };
}
