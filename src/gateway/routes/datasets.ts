import { appRankings, rankingsDaily } from '../../analytics/rankings.js';
import { categoryBuckets } from '../../catalog/category-buckets.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';
import { addDays, checkWindow, queryDay } from './query-dates.js';

function oneOf<T extends string>(exchange: HttpExchange, name: string, allowed: readonly T[], fallback: T): T {
  const value = exchange.query.get(name) ?? fallback;
  if (!allowed.includes(value as T)) throw new GatewayError('invalid_request', `${name}: expected one of ${allowed.join(', ')}, got "${value}"`, { metadata: { param: name } });
  return value as T;
}

function category(exchange: HttpExchange): string | undefined {
  const value = exchange.query.get('category');
  if (value === null) return undefined;
  return oneOf(exchange, 'category', categoryBuckets, categoryBuckets[0]!);
}

/** The caller's account when the datasets are scoped to it (observatory.datasets_scope: account), else nothing: the platform. */
export function datasetScope(services: GatewayServices, exchange: HttpExchange): { accountId?: string } {
  return services.config.observatory.datasets_scope === 'account' ? { accountId: exchange.principal.account.id } : {};
}

/**
 * OpenRouter's public rankings datasets over this gateway's log (any key may read them, as on
 * OpenRouter; over the caller's own account only with observatory.datasets_scope: account):
 * GET /api/v1/datasets/rankings-daily and GET /api/v1/datasets/app-rankings.
 */
export function datasetRoutes(services: GatewayServices): Route[] {
  const yesterday = () => addDays(new Date(services.now()).toISOString().slice(0, 10), -1);
  return [
    {
      method: 'GET',
      path: '/api/v1/datasets/rankings-daily',
      access: 'account',
      handler: async (exchange) => {
        const endDate = queryDay(exchange.query, 'end_date', yesterday());
        const startDate = queryDay(exchange.query, 'start_date', addDays(endDate, -29));
        checkWindow(startDate, endDate, 366, ['start_date', 'end_date']);
        const period = oneOf(exchange, 'period', ['day', 'week', 'month'] as const, 'day');
        const selected = category(exchange);
        exchange.sendJson(
          200,
          await rankingsDaily(services.analytics, { startDate, endDate, period, ...(selected ? { category: selected } : {}), ...datasetScope(services, exchange) }, new Date(services.now())),
        );
      },
    },
    {
      method: 'GET',
      path: '/api/v1/datasets/app-rankings',
      access: 'account',
      handler: async (exchange) => {
        const endDate = queryDay(exchange.query, 'end_date', yesterday());
        const startDate = queryDay(exchange.query, 'start_date', addDays(endDate, -6));
        checkWindow(startDate, endDate, 366, ['start_date', 'end_date']);
        const sort = oneOf(exchange, 'sort', ['popular', 'trending'] as const, 'popular');
        const limitText = exchange.query.get('limit') ?? '20';
        const limit = Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100)
          throw new GatewayError('invalid_request', `limit: expected an integer from 1 to 100, got "${limitText}"`, { metadata: { param: 'limit' } });
        const selected = category(exchange);
        exchange.sendJson(
          200,
          await appRankings(services.analytics, { startDate, endDate, sort, limit, ...(selected ? { category: selected } : {}), ...datasetScope(services, exchange) }, new Date(services.now())),
        );
      },
    },
  ];
}
