import type { AnalyticsStore } from '../analytics/analytics-store.js';
import type { AccountDirectory } from '../accounts/account-directory.js';
import type { SharedLimits } from '../limits/shared-limits.js';
import type { ModelCatalog } from '../catalog/model-catalog.js';
import type { SwitchboardConfig } from '../config/config-schema.js';
import type { GatewayMetrics } from '../observability/metrics-registry.js';
import type { Logger } from '../observability/logger.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { EndpointStats } from '../routing/endpoint-stats.js';
import type { ByokCredentials } from './byok/byok-credentials.js';
import type { GenerationContentKeeper } from './content/generation-content-keeper.js';
import type { StickyRoutes } from '../routing/sticky-routes.js';
import type { ControlPlaneStore } from '../storage/control-plane/control-plane-store.js';
import type { GenerationLog } from '../storage/generation-log/generation-log.js';
import type { InFlightJournal } from '../storage/generation-log/in-flight-journal.js';
import type { KeyAuthenticator } from './lifecycle/key-authenticator.js';

/** Everything the gateway's routes depend on, passed in (no globals, no environment reads). */
import type { PromptAnnotator } from '../classification/annotation/prompt-annotator.js';
import type { SessionCookies } from './dashboard/session-cookie.js';

export interface GatewayServices {
  config: SwitchboardConfig;
  catalog: ModelCatalog;
  providers: ProviderRegistry;
  controlPlane: ControlPlaneStore;
  accounts: AccountDirectory;
  /** Rate limits, credit balances and key limits: in this process, or shared by a cluster's workers. */
  limits: SharedLimits;
  authenticator: KeyAuthenticator;
  generationLog: GenerationLog;
  /** Generations in flight, on disk, so a crash leaves them marked (see InFlightJournal). */
  journal: InFlightJournal;
  /** Read side of the generation log: the study's analyses and the rankings datasets. */
  analytics: AnalyticsStore;
  /** Where the analytics read from, for answers ("chDB (embedded)" or the server). */
  analyticsStoreDescription: string;
  stats: EndpointStats;
  /** The text of generations whose workspace logs prompts: sealed, kept for its retention, read by its account. */
  generationContent: GenerationContentKeeper;
  /** The accounts' own provider keys (BYOK): sealed, opened, and placed in routes. */
  byok: ByokCredentials;
  /** Whether the shared counters (Redis) can be reached, for /health; null when they are in this process. */
  dependencyHealth: (() => { name: string; ok: boolean }) | null;
  /** Conversations pinned to the provider holding their prompt cache. */
  stickyRoutes: StickyRoutes;
  metrics: GatewayMetrics;
  /** The observatory's hand-off: each prompt's language, and the sampled prompts' categories (off the request path). */
  annotator: PromptAnnotator;
  /** Hash of the model classifier's own key: its requests are not classified again. */
  classifierKeyHash: string | null;
  /** The dashboard's signed session cookies. */
  sessions: SessionCookies;
  /** This gateway, in process, once createGateway has run (the model classifier calls it). */
  self: { fetch: ((request: Request) => Promise<Response>) | null };
  /** GET /metrics: this process's metrics, or (in a cluster worker) the whole cluster's. */
  renderMetrics: () => Promise<string>;
  logger: Logger;
  /** Uniform [0, 1) draws for load balancing. */
  random: () => number;
  now: () => number;
  /** True once shutdown has begun: new generations get 503. */
  isShuttingDown: () => boolean;
}
