import type { AnalyticsStore } from '../../analytics/analytics-store.js';
import { AccountDirectory } from '../../accounts/account-directory.js';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { SwitchboardConfig } from '../../config/config-schema.js';
import { Secrets } from '../../config/secrets.js';
import type { GatewayServices } from '../../gateway/gateway-services.js';
import { KeyAuthenticator } from '../../gateway/lifecycle/key-authenticator.js';
import type { SharedLimits } from '../../limits/shared-limits.js';
import type { Logger } from '../../observability/logger.js';
import { GatewayMetrics } from '../../observability/metrics-registry.js';
import { ProviderRegistry } from '../../providers/provider-registry.js';
import { EndpointStats, type CircuitBreakerOptions } from '../../routing/endpoint-stats.js';
import { isStatsEvent, RelayedEndpointStats, type StatsRelay } from '../../routing/relayed-endpoint-stats.js';
import { isStickyRouteUpdate, type StickyRelay, StickyRoutes } from '../../routing/sticky-routes.js';
import type { NodeBus } from '../../spec/node-bus.js';
import type { ControlPlaneStore } from '../../storage/control-plane/control-plane-store.js';
import type { GenerationLog } from '../../storage/generation-log/generation-log.js';
import type { InFlightJournal } from '../../storage/generation-log/in-flight-journal.js';
import { hashApiKey } from '../../accounts/api-key-secret.js';
import { PromptAnnotator } from '../../classification/annotation/prompt-annotator.js';
import { shippedTaxonomy } from '../../classification/local-prompt-classifier.js';
import { ModelPromptClassifier } from '../../classification/model-prompt-classifier.js';
import { ConfigError } from '../../config/load-config.js';
import { SessionCookies } from '../../gateway/dashboard/session-cookie.js';
import { resolve } from 'node:path';
import { sessionSecret } from './session-secret.js';
import { GenerationContentKeeper } from '../../gateway/content/generation-content-keeper.js';
import { byokCipherFromConfig } from './byok-cipher-from-config.js';
import { ByokCredentials } from '../../gateway/byok/byok-credentials.js';

/** Endpoint outcomes over the node bus (checked as they arrive: another node's message is outside data). */
function busStatsRelay(bus: NodeBus): StatsRelay {
  return {
    send: (events) => bus.publish('endpoint-stats', events),
    onEvents: (handler) =>
      bus.subscribe('endpoint-stats', (message) => {
        if (Array.isArray(message)) handler(message.filter(isStatsEvent));
      }),
  };
}

/** Sticky routes over the node bus (checked as they arrive). */
function busStickyRelay(bus: NodeBus): StickyRelay {
  return {
    send: (update) => bus.publish('sticky-routes', update),
    onUpdate: (handler) =>
      bus.subscribe('sticky-routes', (message) => {
        if (isStickyRouteUpdate(message)) handler(message);
      }),
  };
}

/** BYOK with the operator's encryption key (none: off), its changes told to the other nodes over the bus. */
function buildByok(config: SwitchboardConfig, environment: NodeJS.ProcessEnv, controlPlane: ControlPlaneStore, bus: NodeBus | null, logger: Logger): ByokCredentials {
  const byok = new ByokCredentials(controlPlane, byokCipherFromConfig(config, environment), { logger, ...(bus ? { announce: (accountId: string) => bus.publish('byok-changed', accountId) } : {}) });
  bus?.subscribe('byok-changed', (accountId) => byok.forget(typeof accountId === 'string' ? accountId : undefined));
  return byok;
}

export function circuitBreakerOf(config: SwitchboardConfig): CircuitBreakerOptions {
  const breaker = config.routing.circuit_breaker;
  return { failureThreshold: breaker.failure_threshold, openMs: breaker.open_ms, maximumOpenMs: breaker.maximum_open_ms };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** The providers the configuration names (or the ones a test passes), over the shipped catalog. */
export function buildProviders(config: SwitchboardConfig, environment: NodeJS.ProcessEnv, catalog: ModelCatalog, providers?: ProviderRegistry): ProviderRegistry {
  return providers ?? ProviderRegistry.fromConfig(config.providers, catalog, new Secrets(environment, config.secrets_file));
}

export interface GatewayParts {
  config: SwitchboardConfig;
  logger: Logger;
  catalog: ModelCatalog;
  providers: ProviderRegistry;
  controlPlane: ControlPlaneStore;
  limits: SharedLimits;
  generationLog: GenerationLog;
  journal: InFlightJournal;
  analytics: AnalyticsStore;
  analyticsStoreDescription: string;
  stats?: EndpointStats;
  /** Messages between the gateway nodes of a deployment: endpoint outcomes and changed keys travel on it. */
  bus?: NodeBus | null;
  /** Whether the shared counters can be reached (null: they are in this process). */
  dependencyHealth?: (() => { name: string; ok: boolean }) | null;
  metrics?: GatewayMetrics;
  /** One scrape of /metrics (a cluster worker asks its primary for the whole cluster's). */
  renderMetrics?: () => Promise<string>;
  random?: () => number;
  isShuttingDown: () => boolean;
}

/**
 * The observatory's annotator: the worker that tells languages and classifies with the local
 * model, or (observatory.classifier model:<id>) an LLM reached through this gateway itself, with
 * the configured key, whose own requests are then left out of the sample.
 */
function buildAnnotator(config: SwitchboardConfig, environment: NodeJS.ProcessEnv, metrics: GatewayMetrics, logger: Logger, self: GatewayServices['self']) {
  const observatory = config.observatory;
  let classifierKeyHash: string | null = null;
  let modelClassifier: ModelPromptClassifier | undefined;
  if (observatory.classifier.startsWith('model:')) {
    const key = new Secrets(environment, config.secrets_file).resolve({ env: observatory.classifier_key_env, secret: observatory.classifier_key_secret });
    if (!key) throw new ConfigError('observatory.classifier names a model: set observatory.classifier_key_env or classifier_key_secret to the API key its requests use (its account pays for them)');
    classifierKeyHash = hashApiKey(key);
    modelClassifier = new ModelPromptClassifier(
      observatory.classifier.slice('model:'.length),
      async (body) => {
        if (!self.fetch) throw new Error('the gateway is not serving yet');
        return self.fetch(
          new Request('http://localhost/api/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        );
      },
      shippedTaxonomy(),
    );
  }
  const annotator = new PromptAnnotator({
    detectLanguage: observatory.detect_language,
    sampleRate: observatory.sample_rate,
    minConfidence: observatory.min_confidence,
    queueCapacity: observatory.queue_capacity,
    ...(modelClassifier ? { modelClassifier } : {}),
    onOutcome: (outcome) => metrics.promptAnnotations.inc({ outcome }),
    onError: (message) => logger.error(message, {}),
  });
  return { annotator, classifierKeyHash };
}

/** Everything the gateway's routes depend on, from the parts the composition root opened. */
export function buildGatewayServices(parts: GatewayParts, environment: NodeJS.ProcessEnv = process.env): GatewayServices {
  const { config, logger } = parts;
  const metrics = parts.metrics ?? new GatewayMetrics();
  const self: GatewayServices['self'] = { fetch: null };
  const { annotator, classifierKeyHash } = buildAnnotator(config, environment, metrics, logger, self);
  const anonymous = config.auth.anonymous && isLoopback(config.server.host);
  if (anonymous) logger.warn('local development: key-less requests from this machine run as the local account (auth.anonymous); never put a proxy in front of this', {});
  if (config.auth.anonymous && !anonymous) logger.warn('auth.anonymous is ignored: the server does not listen on a loopback address', { host: config.server.host });
  const bus = parts.bus ?? null;
  const authenticator = new KeyAuthenticator(parts.controlPlane, parts.limits, { anonymous, ...(bus ? { announce: (hash: string) => bus.publish('key-changed', hash) } : {}) });
  // A key changed on another node: forget it here too (it is read again on its next use).
  bus?.subscribe('key-changed', (hash) => authenticator.forget(typeof hash === 'string' ? hash : '*'));
  const stats = parts.stats ?? (bus ? new RelayedEndpointStats(busStatsRelay(bus), circuitBreakerOf(config)) : new EndpointStats(Date.now, circuitBreakerOf(config)));
  return {
    config,
    catalog: parts.catalog,
    providers: parts.providers,
    controlPlane: parts.controlPlane,
    accounts: new AccountDirectory(parts.controlPlane),
    limits: parts.limits,
    authenticator,
    generationLog: parts.generationLog,
    journal: parts.journal,
    analytics: parts.analytics,
    analyticsStoreDescription: parts.analyticsStoreDescription,
    stickyRoutes: new StickyRoutes(bus ? { relay: busStickyRelay(bus) } : {}),
    stats,
    byok: buildByok(config, environment, parts.controlPlane, bus, logger),
    generationContent: new GenerationContentKeeper(parts.controlPlane.generationContent, byokCipherFromConfig(config, environment), {
      retentionDays: config.generation_content.retention_days,
      logger,
    }),
    dependencyHealth: parts.dependencyHealth ?? null,
    metrics,
    annotator,
    classifierKeyHash,
    sessions: new SessionCookies(sessionSecret(resolve(config.data_dir))),
    self,
    renderMetrics: parts.renderMetrics ?? (() => metrics.render()),
    logger,
    random: parts.random ?? Math.random,
    now: Date.now,
    isShuttingDown: parts.isShuttingDown,
  };
}
