import { echo } from '../../wire/request-validation.js';
import { formatPricing } from '../../accounting/pricing.js';
import type { CatalogModel, OpenRouterModel } from '../../catalog/catalog-model.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

/** A catalog entry as OpenRouter lists it (Switchboard's extra facts stay out of the wire shape). */
export function toOpenRouterModel(model: CatalogModel): OpenRouterModel {
  const { switchboard: _facts, ...listed } = model;
  return { ...listed, supported_voices: listed.supported_voices ?? null, links: { details: `/api/v1/models/${model.id}/endpoints` } };
}

/** Which `tool_choice` values an endpoint takes: auto and none with tools at all, required and a named function with tool_choice. */
function toolChoiceSupport(parameters: ReadonlySet<string>): { auto: boolean; none: boolean; required: boolean; function: boolean } {
  const tools = parameters.has('tools');
  const choice = tools && parameters.has('tool_choice');
  return { auto: tools, none: tools, required: choice, function: choice };
}

function modelsMatching(services: GatewayServices, query: URLSearchParams): CatalogModel[] {
  const supported = query
    .get('supported_parameters')
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const models = services.catalog.filter({
    ...(supported?.length ? { supportedParameters: supported } : {}),
    ...(query.get('q') ? { search: query.get('q')! } : {}),
  });
  return models.filter((model) => services.providers.endpointsFor(model.switchboard.alias_target ?? model.id).length > 0);
}

function modelFromPath(services: GatewayServices, author: string, slug: string): CatalogModel {
  const id = `${author}/${slug}`;
  const resolved = services.catalog.resolve(id);
  if (!resolved) throw new GatewayError('model_not_found', `Model ${echo(id)} does not exist in the catalog`, { metadata: { model: id.slice(0, 200) } });
  return resolved.model;
}

/** GET /models, /models/count, /model/{author}/{slug}, /models/{author}/{slug}/endpoints. */
export function modelRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/models',
      access: 'public',
      handler: (exchange) => {
        const models = modelsMatching(services, exchange.query);
        const offset = Number(exchange.query.get('offset') ?? 0);
        const limitText = exchange.query.get('limit');
        if (!Number.isInteger(offset) || offset < 0) throw new GatewayError('invalid_request', 'offset: expected a non-negative integer', { metadata: { param: 'offset' } });
        const limit = limitText === null ? models.length : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new GatewayError('invalid_request', 'limit: expected an integer from 1 to 1000', { metadata: { param: 'limit' } });
        const page = models.slice(offset, offset + limit);
        const next = offset + limit < models.length ? `/api/v1/models?offset=${offset + limit}&limit=${limit}` : null;
        exchange.sendJson(200, { data: page.map(toOpenRouterModel), total_count: models.length, links: { next } });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/models/count',
      access: 'public',
      handler: (exchange) => exchange.sendJson(200, { data: { count: modelsMatching(services, exchange.query).length } }),
    },
    {
      method: 'GET',
      path: '/api/v1/model/:author/:slug',
      access: 'public',
      handler: (exchange, { author, slug }) => exchange.sendJson(200, { data: toOpenRouterModel(modelFromPath(services, author!, slug!)) }),
    },
    {
      method: 'GET',
      path: '/api/v1/models/:author/:slug/endpoints',
      access: 'public',
      handler: (exchange, { author, slug }) => {
        const model = modelFromPath(services, author!, slug!);
        const endpoints = services.providers.endpointsFor(model.id).map((endpoint) => ({
          name: `${endpoint.providerName} | ${model.id}`,
          model_id: model.canonical_slug,
          model_name: model.name,
          provider_name: endpoint.providerName,
          tag: endpoint.providerId,
          context_length: endpoint.contextLength,
          max_completion_tokens: endpoint.maxCompletionTokens,
          max_prompt_tokens: null,
          pricing: formatPricing(endpoint.pricing),
          quantization: endpoint.quantization,
          supported_parameters: [...endpoint.supportedParameters],
          supports_implicit_caching: endpoint.pricing.cacheRead !== null && model.switchboard.author !== 'anthropic',
          supports_tool_choice: toolChoiceSupport(endpoint.supportedParameters),
          status: 0,
          uptime_last_5m: services.stats.uptime(endpoint.id, 5 * 60_000),
          uptime_last_30m: services.stats.uptime(endpoint.id, 30 * 60_000),
          uptime_last_1d: services.stats.uptime(endpoint.id, 24 * 60 * 60_000),
          latency_last_30m: services.stats.percentiles(endpoint.id, 'latency'),
          throughput_last_30m: services.stats.percentiles(endpoint.id, 'throughput'),
        }));
        exchange.sendJson(200, {
          data: { id: model.id, name: model.name, created: model.created, description: model.description, architecture: model.architecture, endpoints },
        });
      },
    },
  ];
}
