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
        // Shared counters out of reach: paid requests are refused (fail closed), so the node says it is not healthy.
        const dependency = services.dependencyHealth?.() ?? null;
        const status = services.isShuttingDown() ? 'shutting_down' : dependency && !dependency.ok ? 'degraded' : 'ok';
        exchange.sendJson(status === 'ok' ? 200 : 503, {
          status,
          ...(worker ? { worker: Number(worker) } : {}),
          ...(dependency ? { checks: { [dependency.name]: dependency.ok ? 'ok' : 'unreachable' } } : {}),
          ...(status === 'degraded' ? { message: `${dependency!.name} cannot be reached: requests that need credits or rate limits are refused with 503 limits_unavailable` } : {}),
        });
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
