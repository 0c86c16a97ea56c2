import { GatewayError } from '../../errors/gateway-error.js';
import { type ActivityGroup, activitySeries, generationHistogram, generationPage, readGenerationFilters, type Rollup } from '../dashboard/dashboard-queries.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';

const rollups: readonly Rollup[] = ['hour', 'day', 'week'];
const groups: readonly ActivityGroup[] = ['model', 'provider', 'key', 'app', 'account'];

function choice<T extends string>(exchange: HttpExchange, name: string, options: readonly T[], fallback: T): T {
  const value = exchange.query.get(name);
  if (value === null || value === '') return fallback;
  if (!(options as readonly string[]).includes(value)) throw new GatewayError('invalid_request', `${name}: one of ${options.join(', ')}`, { metadata: { param: name } });
  return value as T;
}

/** A management key sees every account; any other key (or local development) its own account only. */
const scopeOf = (exchange: HttpExchange) => (exchange.principal.key?.isManagement ? null : exchange.principal.account.id);

/**
 * The dashboard's reads of the generation log: a keyset-paged list of generations and its
 * histogram (Logs), and spend, requests and tokens over time by group (Activity). Each reads
 * bounded rows: pages of at most 200, buckets of an hour at least, windows of at most 400 days.
 */
export function dashboardDataRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/dashboard/generations',
      access: 'account',
      handler: async (exchange) => {
        const filters = readGenerationFilters(exchange.query, scopeOf(exchange), services.now());
        const limitText = exchange.query.get('limit') ?? '50';
        const limit = Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new GatewayError('invalid_request', 'limit: a whole number from 1 to 200', { metadata: { param: 'limit' } });
        const before = exchange.query.get('before');
        let cursor: { at: string; id: string } | null = null;
        if (before) {
          const [at, id, extra] = before.split('|');
          if (!at || !id || extra !== undefined || Number.isNaN(Date.parse(`${at.replace(' ', 'T')}Z`)))
            throw new GatewayError('invalid_request', 'before: the cursor a previous page returned as next', { metadata: { param: 'before' } });
          cursor = { at, id };
        }
        const page = await generationPage(services.analytics, filters, limit, cursor);
        exchange.sendJson(200, { data: page.rows, next: page.next });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/dashboard/generations/histogram',
      access: 'account',
      handler: async (exchange) => {
        const filters = readGenerationFilters(exchange.query, scopeOf(exchange), services.now());
        const rollup = choice(exchange, 'rollup', rollups, filters.to.getTime() - filters.from.getTime() > 3 * 86_400_000 ? 'day' : 'hour');
        exchange.sendJson(200, { data: await generationHistogram(services.analytics, filters, rollup), rollup });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/dashboard/activity',
      access: 'account',
      handler: async (exchange) => {
        const filters = readGenerationFilters(exchange.query, scopeOf(exchange), services.now());
        const rollup = choice(exchange, 'rollup', rollups, 'day');
        const group = choice(exchange, 'group_by', groups, 'model');
        if (rollup === 'hour' && filters.to.getTime() - filters.from.getTime() > 31 * 86_400_000)
          throw new GatewayError('invalid_request', 'rollup hour: at most 31 days', { metadata: { param: 'rollup' } });
        exchange.sendJson(200, { data: await activitySeries(services.analytics, filters, rollup, group), rollup, group_by: group });
      },
    },
  ];
}
