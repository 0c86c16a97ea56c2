import { echo } from '../../wire/request-validation.js';
import { formatPricing } from '../../accounting/pricing.js';
import type { CatalogModel, OpenRouterModel } from '../../catalog/catalog-model.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import { applyGuardrails, guardrailsOf } from '../guardrails/apply-guardrails.js';
import { applyModelQuery, type ModelQuery, parseModelQuery, type ServedModel } from '../models/model-query.js';

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

/** A model's endpoints on this gateway (an embedding model's, an alias's target's). */
function endpointsOf(services: GatewayServices, model: CatalogModel): readonly ProviderEndpoint[] {
  return services.catalog.embeddingModel(model.id) === model ? services.providers.embeddingEndpointsFor(model.id) : services.providers.endpointsFor(model.switchboard.alias_target ?? model.id);
}

/** The best measured p50 of a model's endpoints (the highest throughput, the lowest latency), or null when none was measured. */
function bestMeasured(services: GatewayServices, endpoints: readonly ProviderEndpoint[], kind: 'throughput' | 'latency'): number | null {
  const values = endpoints.map((endpoint) => services.stats.percentiles(endpoint.id, kind)?.p50).filter((value): value is number => value !== undefined);
  if (values.length === 0) return null;
  return kind === 'throughput' ? Math.max(...values) : Math.min(...values);
}

/**
 * The catalog's models this gateway serves, with what the filters need of their endpoints; the
 * measured throughput and latency only when the sort asks for them (percentiles are not free, and
 * GET /models is public).
 */
function servedModels(services: GatewayServices, sort: ModelQuery['sort']): ServedModel[] {
  const served: ServedModel[] = [];
  // Embedding models too: `output_modalities=embeddings` lists them, as OpenRouter's does.
  for (const model of [...services.catalog.models, ...services.catalog.embeddingModels]) {
    const endpoints = endpointsOf(services, model);
    if (endpoints.length === 0) continue;
    served.push({
      model,
      providerIds: endpoints.map((endpoint) => endpoint.providerId),
      hasZdrEndpoint: endpoints.some((endpoint) => endpoint.zdr),
      throughput: sort === 'throughput-high-to-low' ? bestMeasured(services, endpoints, 'throughput') : null,
      latency: sort === 'latency-low-to-high' ? bestMeasured(services, endpoints, 'latency') : null,
    });
  }
  return served;
}

function modelsMatching(services: GatewayServices, query: URLSearchParams): CatalogModel[] {
  const parsed = parseModelQuery(query);
  return applyModelQuery(servedModels(services, parsed.sort), parsed, services.now());
}

/** An endpoint as OpenRouter's PublicEndpoint: prices, limits, parameters and its live uptime, latency and throughput. */
function publicEndpointJson(services: GatewayServices, model: CatalogModel, endpoint: ProviderEndpoint): Record<string, unknown> {
  return {
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
  };
}

/** A model as the OpenAI client's models.retrieve reads it (OpenAI's fields) with OpenRouter's beside them. */
function retrievedModel(model: CatalogModel): Record<string, unknown> {
  return { ...toOpenRouterModel(model), object: 'model', owned_by: model.id.split('/')[0] };
}

/** `author/slug` from one path segment (its slash escaped); a 404 naming it when there is no slash. */
function splitModelId(id: string): [string, string] {
  const slash = id.indexOf('/');
  if (slash <= 0) throw new GatewayError('model_not_found', `Model ${echo(id)} does not exist in the catalog (ids are author/slug)`, { metadata: { model: id.slice(0, 200) } });
  return [id.slice(0, slash), id.slice(slash + 1)];
}

function modelFromPath(services: GatewayServices, author: string, slug: string): CatalogModel {
  const id = `${author}/${slug}`;
  const resolved = services.catalog.resolve(id);
  if (!resolved) throw new GatewayError('model_not_found', `Model ${echo(id)} does not exist in the catalog`, { metadata: { model: id.slice(0, 200) } });
  return resolved.model;
}

/**
 * A page of models as Anthropic's models.list reads it — `type`, `display_name`, `created_at` on each
 * (beside OpenRouter's fields), `has_more`, `first_id`, `last_id` — paged by `after_id` and `limit` (20).
 */
function anthropicModelPage(models: readonly CatalogModel[], query: URLSearchParams): Record<string, unknown> {
  const limit = Number(query.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new GatewayError('invalid_request', 'limit: expected an integer from 1 to 1000', { metadata: { param: 'limit' } });
  const after = query.get('after_id');
  const start = after === null ? 0 : models.findIndex((model) => model.id === after) + 1;
  if (after !== null && start === 0) throw new GatewayError('invalid_request', `after_id: no model ${echo(after)} in this listing`, { metadata: { param: 'after_id' } });
  const page = models.slice(start, start + limit);
  return {
    data: page.map((model) => ({ ...toOpenRouterModel(model), type: 'model', display_name: model.name, created_at: new Date(model.created * 1000).toISOString() })),
    has_more: start + limit < models.length,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  };
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
        // Anthropic's client (it sends anthropic-version) pages by after_id and reads its own fields.
        if (exchange.header('anthropic-version') !== undefined) {
          exchange.sendJson(200, anthropicModelPage(models, exchange.query));
          return;
        }
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
      // The models a key may use: those its guardrails (the key's and its creator's) leave a provider for.
      method: 'GET',
      path: '/api/v1/models/user',
      access: 'account',
      handler: (exchange) => {
        const guardrails = guardrailsOf(exchange.principal.key);
        const usable = modelsMatching(services, exchange.query).filter((model) => {
          try {
            applyGuardrails(endpointsOf(services, model), guardrails, model.id);
            return true;
          } catch {
            return false;
          }
        });
        exchange.sendJson(200, { data: usable.map(toOpenRouterModel), total_count: usable.length, links: { next: null } });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/endpoints/zdr',
      access: 'public',
      handler: (exchange) => {
        const data = services.catalog.models.flatMap((model) =>
          services.providers
            .endpointsFor(model.id)
            .filter((endpoint) => endpoint.zdr)
            .map((endpoint) => publicEndpointJson(services, model, endpoint)),
        );
        exchange.sendJson(200, { data });
      },
    },
    {
      // The OpenAI client's models.retrieve: the id with its slash escaped (openai%2Fgpt-4o-mini), or as two segments.
      method: 'GET',
      path: '/api/v1/models/:id',
      access: 'public',
      handler: (exchange, { id }) => {
        const [author, slug] = splitModelId(id!);
        exchange.sendJson(200, retrievedModel(modelFromPath(services, author, slug)));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/models/:author/:slug',
      access: 'public',
      handler: (exchange, { author, slug }) => exchange.sendJson(200, retrievedModel(modelFromPath(services, author!, slug!))),
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
        const endpoints = services.providers.endpointsFor(model.id).map((endpoint) => publicEndpointJson(services, model, endpoint));
        exchange.sendJson(200, {
          data: { id: model.id, name: model.name, created: model.created, description: model.description, architecture: model.architecture, endpoints },
        });
      },
    },
  ];
}
