import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayServices } from './gateway-services.js';
import { HttpExchange } from './http/http-exchange.js';
import type { InboundMessage, OutboundResponse } from './http/exchange-transport.js';
import { InProcessResponse, inboundFromRequest } from './http/in-process-transport.js';
import { RouteTable, type Route } from './http/route-table.js';
import { authenticateRequest, type AuthenticationPolicy } from './lifecycle/authenticate-request.js';
import { checkBodyHeaders, readJsonBody } from './lifecycle/body-limits.js';
import { checkHost } from './lifecycle/check-host.js';
import { assignRequestId } from './lifecycle/request-identity.js';
import { composeStages, type Stage } from './lifecycle/stage.js';
import { analyticsRoutes } from './routes/analytics.js';
import { datasetRoutes } from './routes/datasets.js';
import { dashboardDataRoutes } from './routes/dashboard-data.js';
import { dashboardPageRoutes } from './routes/dashboard-pages.js';
import { dashboardSessionRoutes } from './routes/dashboard-session.js';
import { embeddingRoutes } from './routes/embeddings.js';
import { rerankRoutes } from './routes/rerank.js';
import { imageRoutes } from './routes/images.js';
import { audioRoutes } from './routes/audio.js';
import { fileRoutes } from './routes/files.js';
import { generationRoutes } from './routes/generation.js';
import { inferenceRoutes } from './routes/inference.js';
import { keyRoutes } from './routes/keys.js';
import { modelRoutes } from './routes/models.js';
import { presetRoutes } from './routes/presets.js';
import { byokRoutes } from './routes/byok.js';
import { guardrailRoutes } from './routes/guardrails.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { organizationRoutes } from './routes/organization.js';
import { observabilityDestinationRoutes } from './routes/observability-destinations.js';
import { activityRoutes } from './routes/activity.js';
import { openRouterAnalyticsRoutes } from './routes/openrouter-analytics.js';
import { sessionCostRoutes } from './routes/session-cost.js';
import { generationContentRoutes } from './routes/generation-content.js';
import { taskClassificationRoutes } from './routes/task-classifications.js';
import { oauthRoutes } from './routes/oauth.js';
import { operationRoutes } from './routes/operations.js';

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

export interface Gateway {
  /** For node:http's createServer. */
  listener: RequestListener;
  /** The same lifecycle in-process: a Web Request in, a Web Response out, no socket (tests, embedding). */
  fetch(request: Request, peer?: { remoteAddress?: string }): Promise<Response>;
  /** Runs one exchange over any transport with Node's request/response shapes. */
  handle(request: InboundMessage, response: OutboundResponse): void;
}

/** Every route of the gateway, each declaring what it needs (access, body). */
export function gatewayRoutes(services: GatewayServices): Route[] {
  return [
    ...inferenceRoutes(services),
    ...embeddingRoutes(services),
    ...rerankRoutes(services),
    ...imageRoutes(services),
    ...audioRoutes(services),
    ...fileRoutes(services),
    ...modelRoutes(services),
    ...generationRoutes(services),
    ...keyRoutes(services),
    ...presetRoutes(services),
    ...byokRoutes(services),
    ...guardrailRoutes(services),
    ...workspaceRoutes(services),
    ...organizationRoutes(services),
    ...observabilityDestinationRoutes(services),
    ...activityRoutes(services),
    ...openRouterAnalyticsRoutes(services),
    ...sessionCostRoutes(services),
    ...generationContentRoutes(services),
    ...taskClassificationRoutes(services),
    ...oauthRoutes(services),
    ...operationRoutes(services),
    ...analyticsRoutes(services),
    ...datasetRoutes(services),
    ...dashboardSessionRoutes(services),
    ...dashboardDataRoutes(services),
    ...dashboardPageRoutes(services),
  ];
}

/**
 * The gateway: one request lifecycle of named stages, composed once and shared by every route —
 * request id and timing → access log and metrics → error rendering → Host check → route →
 * body limits → authentication (what the route declared) → body parsing → the route's handler.
 * Inference routes continue with their own stages (rate limits, credit reservation, attribution,
 * the attempt executor). Runtime concerns (ports, stores, shutdown) live in server/.
 */
export function createGateway(services: GatewayServices, routes: Route[] = gatewayRoutes(services)): Gateway {
  const table = new RouteTable();
  for (const route of routes) table.add(route);
  const { config } = services;
  const exchangeOptions = { maxBodyBytes: config.server.max_body_bytes, bodyTimeoutMs: config.server.body_timeout_ms };
  const policy: AuthenticationPolicy = {
    keys: services.authenticator,
    metricsToken: config.metrics.token ?? null,
    sessions: services.sessions,
    ...(config.auth.platform_accounts ? { platformAccounts: config.auth.platform_accounts } : {}),
  };
  const logRequests = config.logging.requests;

  const timingAndLog: Stage = (exchange, next) => {
    assignRequestId(exchange);
    exchange.response.on('finish', () => {
      const seconds = (performance.now() - exchange.startedAt) / 1000;
      const status = exchange.response.statusCode;
      services.metrics.requests.inc({ route: exchange.routeName, status: String(status) });
      services.metrics.requestDuration.observe({ route: exchange.routeName }, seconds);
      if (logRequests && exchange.routeName !== '/metrics' && exchange.routeName !== '/health') {
        services.logger.info('request', { method: exchange.method, path: exchange.path.slice(0, 200), status, duration_ms: Math.round(seconds * 100_000) / 100, ...exchange.logFields });
      }
    });
    return next();
  };
  const renderErrors: Stage = async (exchange, next) => {
    try {
      await next();
    } catch (error) {
      const gatewayError = GatewayError.from(error);
      if (gatewayError.code === 'internal_error') {
        services.logger.error('unhandled error', { path: exchange.path.slice(0, 200), error: String(error), stack: (error as Error)?.stack, ...exchange.logFields });
      }
      exchange.logFields.error_code = gatewayError.code;
      if (exchange.isStreaming) exchange.endStream();
      else exchange.sendError(gatewayError);
    }
  };
  const hostCheck: Stage = (exchange, next) => {
    checkHost(exchange, config.server.allowed_hosts);
    return next();
  };
  const lifecycle = composeStages([timingAndLog, renderErrors, hostCheck]);

  const runRoute = async (exchange: HttpExchange): Promise<void> => {
    const match = table.match(exchange.method, exchange.path);
    const { route } = match;
    exchange.routeName = match.name;
    exchange.parameters = match.parameters;
    if (route.errorBody) exchange.errorRenderer = route.errorBody;
    if (route.body) checkBodyHeaders(exchange, route.body);
    await authenticateRequest(exchange, route.access, policy);
    if (route.body) await readJsonBody(exchange, route.body);
    await route.handler(exchange, match.parameters);
  };

  const handle = (request: InboundMessage, response: OutboundResponse): void => {
    const exchange = new HttpExchange(request, response, exchangeOptions);
    void lifecycle(exchange, () => runRoute(exchange)).catch((error: unknown) => {
      services.logger.error('the request lifecycle failed', { error: String(error) });
    });
  };

  const fetch = (request: Request, peer: { remoteAddress?: string } = {}) => {
    const response = new InProcessResponse();
    handle(inboundFromRequest(request, peer.remoteAddress ?? '127.0.0.1'), response);
    if (request.signal.aborted) response.destroy(request.signal.reason);
    else request.signal.addEventListener('abort', () => response.destroy(request.signal.reason), { once: true });
    return response.response;
  };
  // The model classifier reaches the gateway in process, through this same lifecycle.
  services.self.fetch = (request) => fetch(request);
  return { listener: handle as RequestListener, handle, fetch };
}
