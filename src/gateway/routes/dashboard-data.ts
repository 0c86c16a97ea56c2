import { categoryBuckets } from '../../catalog/category-buckets.js';
import { GatewayError } from '../../errors/gateway-error.js';
import {
  type ActivityGroup,
  activitySeries,
  endpointSeries,
  liveSummary,
  rankings,
  type RankingSubject,
  generationHistogram,
  generationPage,
  readGenerationFilters,
  type Rollup,
} from '../dashboard/dashboard-queries.js';
import { costParts } from '../dashboard/cost-parts.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';
import { seesPlatform } from '../lifecycle/authenticate-request.js';

const rollups: readonly Rollup[] = ['hour', 'day', 'week'];
const groups: readonly ActivityGroup[] = ['model', 'provider', 'key', 'app', 'account'];

function choice<T extends string>(exchange: HttpExchange, name: string, options: readonly T[], fallback: T): T {
  const value = exchange.query.get(name);
  if (value === null || value === '') return fallback;
  if (!(options as readonly string[]).includes(value)) throw new GatewayError('invalid_request', `${name}: one of ${options.join(', ')}`, { metadata: { param: name } });
  return value as T;
}

/**
 * The dashboard's reads of the generation log: a keyset-paged list of generations and its
 * histogram (Logs), and spend, requests and tokens over time by group (Activity). Each reads
 * bounded rows: pages of at most 200, buckets of an hour at least, windows of at most 400 days.
 */
export function dashboardDataRoutes(services: GatewayServices): Route[] {
  /** A management key that sees the platform (auth.platform_accounts) reads every account; any other key (or local development) its own account only. */
  const scopeOf = (exchange: HttpExchange) => (seesPlatform(exchange.principal, services.config.auth.platform_accounts) ? null : exchange.principal.account.id);
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
      path: '/api/v1/dashboard/generations/:id',
      access: 'account',
      handler: async (exchange, { id }) => {
        const record = await services.generationLog.get(id!, scopeOf(exchange) ?? undefined);
        if (!record) throw new GatewayError('not_found', `Generation ${id!.slice(0, 200)} not found`);
        // The whole metadata record (never any prompt or completion text: the log has none), and its cost taken apart.
        const endpoint = record.endpoint_id ? services.providers.provider(record.provider_slug ?? '')?.endpoints.find((candidate) => candidate.id === record.endpoint_id) : undefined;
        // And what its account said of it (POST /generation/feedback).
        const feedback = (await services.controlPlane.generationFeedback.list(record.account_id, record.id)).map((entry) => ({
          category: entry.category,
          comment: entry.comment,
          created_at: entry.createdAt,
        }));
        exchange.sendJson(200, { data: record, cost_parts: endpoint ? costParts(endpoint.pricing, record) : null, feedback });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/dashboard/models',
      access: 'account',
      handler: (exchange) => {
        // The catalog with the facts the Models page filters by, and how many endpoints serve each model here.
        const data = services.catalog.models.map((model) => ({
          id: model.id,
          name: model.name,
          created: model.created,
          context_length: model.context_length,
          input_modalities: model.architecture.input_modalities,
          output_modalities: model.architecture.output_modalities,
          prompt_price: Number(model.pricing.prompt),
          completion_price: Number(model.pricing.completion),
          author: model.switchboard.author,
          author_name: model.switchboard.author_name,
          open_weights: model.switchboard.open_weights,
          origin: model.switchboard.origin,
          size_bucket: model.switchboard.size_bucket,
          parameters_total: model.switchboard.parameters_total,
          reasoning: model.switchboard.reasoning,
          endpoints: services.providers.endpointsFor(model.switchboard.alias_target ?? model.id).length,
        }));
        exchange.sendJson(200, { data });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/dashboard/models/:author/:slug/series',
      access: 'account',
      handler: async (exchange, { author, slug }) => {
        const filters = readGenerationFilters(exchange.query, scopeOf(exchange), services.now());
        exchange.sendJson(200, { data: await endpointSeries(services.analytics, { ...filters, model: `${author}/${slug}` }) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/dashboard/rankings',
      access: 'account',
      handler: async (exchange) => {
        const period = choice(exchange, 'period', ['day', 'week', 'month'] as const, 'week');
        const subject = choice<RankingSubject>(exchange, 'by', ['model', 'author', 'app'], 'model');
        const category = exchange.query.get('category') || undefined;
        if (category !== undefined && !(categoryBuckets as readonly string[]).includes(category))
          throw new GatewayError('invalid_request', `category: one of ${categoryBuckets.join(', ')}`, { metadata: { param: 'category' } });
        const language = exchange.query.get('language') || undefined;
        if (language !== undefined && !/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(language))
          throw new GatewayError('invalid_request', 'language: a code like en or zh-Hans', { metadata: { param: 'language' } });
        const to = new Date(services.now());
        const from = new Date(to.getTime() - { day: 1, week: 7, month: 30 }[period] * 86_400_000);
        const data = await rankings(services.analytics, { subject, from, to, account: scopeOf(exchange), ...(category ? { category } : {}), ...(language ? { language } : {}) });
        exchange.sendJson(200, { data, period, by: subject, from: from.toISOString(), to: to.toISOString() });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/dashboard/live',
      access: 'account',
      handler: async (exchange) => {
        const to = new Date(services.now() + 1_000);
        const windowMs = 5 * 60_000;
        const summary = await liveSummary(services.analytics, { from: new Date(to.getTime() - windowMs), to, account: scopeOf(exchange) });
        const endpoints = services.providers.providers.flatMap((provider) =>
          provider.endpoints.map((endpoint) => ({
            endpoint: endpoint.id,
            provider: endpoint.providerName,
            model: endpoint.model.id,
            circuit_open: services.stats.circuitOpen(endpoint.id),
            cooling_ms: services.stats.coolingForMs(endpoint.id),
            uptime_5m: services.stats.uptime(endpoint.id, windowMs),
            latency: services.stats.percentiles(endpoint.id, 'latency'),
          })),
        );
        const requests = Number(summary.requests ?? 0);
        exchange.sendJson(200, {
          data: {
            window_seconds: windowMs / 1000,
            requests,
            requests_per_second: requests / (windowMs / 1000),
            error_rate: requests > 0 ? Number(summary.errors) / requests : null,
            latency_ms: { p50: summary.latency_p50 ?? null, p95: summary.latency_p95 ?? null, p99: summary.latency_p99 ?? null },
            time_to_first_token_p50_ms: summary.ttft_p50 ?? null,
            // Endpoints that saw traffic or are unwell first; at most 200.
            endpoints: endpoints.sort((a, b) => Number(b.circuit_open) - Number(a.circuit_open) || Number(b.uptime_5m !== null) - Number(a.uptime_5m !== null)).slice(0, 200),
          },
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/dashboard/accounts',
      access: 'management',
      handler: async (exchange) => {
        // The platform's accounts (a management key that sees the platform: all of them; another, its own): credits, usage and keys of each, at most 1,000.
        const own = scopeOf(exchange);
        const accounts = own === null ? (await services.controlPlane.listAccounts()).slice(0, 1_000) : [exchange.principal.account];
        const data = await Promise.all(
          accounts.map(async (account) => {
            const balance = await services.limits.accountBalance(account.id);
            const keys = await services.controlPlane.listKeys(account.id, { includeDisabled: true, offset: 0, limit: 1_000 });
            return {
              id: account.id,
              name: account.name,
              billing_country: account.billingCountry,
              credits: (balance?.creditsNano ?? account.creditsNano) / 1e9,
              usage: (balance?.usageNano ?? account.usageNano) / 1e9,
              keys: keys.length,
              active_keys: keys.filter((key) => !key.disabled).length,
              created_at: account.createdAt,
            };
          }),
        );
        exchange.sendJson(200, { data });
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
