import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

/** GET /metrics (Prometheus text format), GET /health, GET /api/v1/providers. */
export function operationRoutes(services: GatewayServices): Route[] {
  return [
    { method: 'GET', path: '/metrics', access: 'metrics', handler: async (exchange) => exchange.sendText(200, await services.renderMetrics(), 'text/plain; version=0.0.4; charset=utf-8') },
    {
      method: 'GET',
      path: '/health',
      access: 'public',
      handler: (exchange) => {
        // In a cluster, which worker answered (1…N); absent in a single process.
        const worker = process.env.SWITCHBOARD_WORKER_INDEX;
        exchange.sendJson(services.isShuttingDown() ? 503 : 200, { status: services.isShuttingDown() ? 'shutting_down' : 'ok', ...(worker ? { worker: Number(worker) } : {}) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/providers',
      access: 'public',
      handler: (exchange) =>
        exchange.sendJson(200, {
          data: services.providers.providers.map((provider) => ({
            name: provider.name,
            slug: provider.id,
            privacy_policy_url: null,
            terms_of_service_url: null,
            status_page_url: null,
            headquarters: null,
            datacenters: [],
            models: provider.endpoints.length,
          })),
        }),
    },
  ];
}
