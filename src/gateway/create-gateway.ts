import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayServices } from './gateway-services.js';
import { HttpExchange } from './http/http-exchange.js';
import { RouteTable } from './http/route-table.js';
import { analyticsRoutes } from './routes/analytics.js';
import { inferenceRoutes } from './routes/inference.js';
import { datasetRoutes } from './routes/datasets.js';
import { embeddingRoutes } from './routes/embeddings.js';
import { generationRoutes } from './routes/generation.js';
import { keyRoutes } from './routes/keys.js';
import { modelRoutes } from './routes/models.js';
import { operationRoutes } from './routes/operations.js';

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * The gateway as a Node request listener: routes, one error renderer (OpenRouter's error JSON),
 * one JSON log line per request and request metrics. Runtime concerns (ports, stores, shutdown)
 * live in server/.
 */
export function createGateway(services: GatewayServices): RequestListener {
  const routes = new RouteTable();
  for (const route of [
    ...inferenceRoutes(services),
    ...embeddingRoutes(services),
    ...modelRoutes(services),
    ...generationRoutes(services),
    ...keyRoutes(services),
    ...operationRoutes(services),
    ...analyticsRoutes(services),
    ...datasetRoutes(services),
  ]) {
    routes.add(route);
  }
  const exchangeOptions = { maxBodyBytes: services.config.server.max_body_bytes, bodyTimeoutMs: services.config.server.body_timeout_ms };
  const logRequests = services.config.logging.requests;

  return function handleRequest(request, response) {
    const exchange = new HttpExchange(request, response, exchangeOptions);
    let routeName = 'unmatched';
    response.on('finish', () => {
      const seconds = (performance.now() - exchange.startedAt) / 1000;
      services.metrics.requests.inc({ route: routeName, status: String(response.statusCode) });
      services.metrics.requestDuration.observe({ route: routeName }, seconds);
      if (logRequests && routeName !== '/metrics' && routeName !== '/health') {
        services.logger.info('request', {
          method: exchange.method,
          path: exchange.path,
          status: response.statusCode,
          duration_ms: Math.round(seconds * 100_000) / 100,
          ...exchange.logFields,
        });
      }
    });
    void (async () => {
      try {
        const match = routes.match(exchange.method, exchange.path);
        routeName = match.name;
        await match.route.handler(exchange, match.parameters);
      } catch (error) {
        const gatewayError = GatewayError.from(error);
        if (gatewayError.code === 'internal_error') {
          services.logger.error('unhandled error', { path: exchange.path, error: String(error), stack: (error as Error)?.stack, ...exchange.logFields });
        }
        exchange.logFields.error_code = gatewayError.code;
        if (exchange.isStreaming) exchange.endStream();
        else exchange.sendError(gatewayError);
      }
    })();
  };
}
