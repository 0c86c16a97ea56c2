import type { DynamicVariant } from '../catalog/model-catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { GenerationRequest, ProviderPreferences } from '../spec/generation-request.js';
import type { ProviderEndpoint } from '../providers/provider.js';
import type { EndpointStats, Percentiles } from './endpoint-stats.js';

export interface SelectEndpointsInput {
  modelId: string;
  endpoints: readonly ProviderEndpoint[];
  request: GenerationRequest;
  variant: DynamicVariant | null;
  stats: EndpointStats;
  /** Uniform [0, 1) draws for load balancing (seeded in tests). */
  random: () => number;
}

interface Exclusion {
  endpoint: ProviderEndpoint;
  reason: string;
}

/** The request parameters an endpoint must support when provider.require_parameters is set. */
function requiredParameters(request: GenerationRequest): string[] {
  const names = Object.keys(request.parameters);
  if (request.maxTokens !== undefined) names.push('max_tokens');
  if (request.tools?.length) names.push('tools');
  if (request.toolChoice !== undefined) names.push('tool_choice');
  if (request.responseFormat) names.push('response_format');
  if (request.reasoning) names.push('reasoning');
  return names;
}

function matchesSlug(endpoint: ProviderEndpoint, slugs: readonly string[]): boolean {
  return slugs.some((slug) => slug.toLowerCase() === endpoint.providerId || slug.toLowerCase() === endpoint.providerName.toLowerCase());
}

/** Blended price used for load balancing and price sorting: prompt plus completion price per token. */
function blendedPrice(endpoint: ProviderEndpoint): number {
  return endpoint.pricing.prompt + endpoint.pricing.completion;
}

type PerformanceTarget = number | { p50?: number; p75?: number; p90?: number; p99?: number };

/** Whether an endpoint misses a performance threshold (a number is the p50; each given percentile must hold). Endpoints without data pass. */
function misses(target: PerformanceTarget | undefined, percentiles: Percentiles | null, below: boolean): boolean {
  if (target === undefined || target === null || percentiles === null) return false;
  const limits = typeof target === 'number' ? { p50: target } : target;
  return (Object.entries(limits) as [keyof Percentiles, number][]).some(([name, limit]) => (below ? percentiles[name] < limit : percentiles[name] > limit));
}

function missesPerformance(endpoint: ProviderEndpoint, preferences: ProviderPreferences, stats: EndpointStats): boolean {
  return (
    misses(preferences.preferred_min_throughput, stats.percentiles(endpoint.id, 'throughput'), true) || misses(preferences.preferred_max_latency, stats.percentiles(endpoint.id, 'latency'), false)
  );
}

/** OpenRouter's default: draw without replacement, each endpoint weighted by the inverse square of its price. */
function weightedShuffle(endpoints: ProviderEndpoint[], random: () => number): ProviderEndpoint[] {
  const cheapest = Math.min(...endpoints.map(blendedPrice).filter((price) => price > 0), Number.POSITIVE_INFINITY);
  const floor = Number.isFinite(cheapest) ? cheapest / 1000 : 1e-12;
  const pool = endpoints.map((endpoint) => ({ endpoint, weight: 1 / Math.max(blendedPrice(endpoint), floor) ** 2 }));
  const ordered: ProviderEndpoint[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, entry) => sum + entry.weight, 0);
    let draw = random() * total;
    let index = 0;
    for (; index < pool.length - 1; index++) {
      draw -= pool[index]!.weight;
      if (draw < 0) break;
    }
    ordered.push(pool[index]!.endpoint);
    pool.splice(index, 1);
  }
  return ordered;
}

/**
 * Chooses and orders the endpoints that may serve a request, following OpenRouter's provider
 * routing: hard filters (only, ignore, data_collection, quantizations, require_parameters,
 * max_price), then `order`, a sort (price / throughput / latency, or the :floor and :nitro
 * variants), or by default load balancing that skips endpoints with an outage in the last 30
 * seconds and weights the rest by the inverse square of their price. The first endpoint is tried
 * first; the rest are fallbacks unless allow_fallbacks is false.
 * Throws no_endpoints, naming what excluded each endpoint, when none is left.
 */
export function selectEndpoints(input: SelectEndpointsInput): ProviderEndpoint[] {
  const { request, stats } = input;
  const preferences = request.provider ?? {};
  const exclusions: Exclusion[] = [];
  const required = preferences.require_parameters ? requiredParameters(request) : [];

  const candidates = input.endpoints.filter((endpoint) => {
    let reason: string | null = null;
    if (preferences.only?.length && !matchesSlug(endpoint, preferences.only)) reason = 'provider.only';
    else if (preferences.zdr === true && !endpoint.zdr) reason = 'provider.zdr';
    else if (preferences.ignore?.length && matchesSlug(endpoint, preferences.ignore)) reason = 'provider.ignore';
    else if (preferences.data_collection === 'deny' && endpoint.dataCollection === 'allow') reason = 'provider.data_collection';
    else if (preferences.quantizations?.length && !preferences.quantizations.includes(endpoint.quantization ?? 'unknown')) reason = 'provider.quantizations';
    else if (required.length > 0 && endpoint.supportedParameters.size > 0) {
      const missing = required.filter((name) => !endpoint.supportedParameters.has(name));
      if (missing.length > 0) reason = `provider.require_parameters (missing ${missing.join(', ')})`;
    }
    if (!reason && preferences.max_price) {
      const { prompt, completion, request: perRequest } = preferences.max_price;
      if (prompt !== undefined && endpoint.pricing.prompt * 1e6 > prompt) reason = 'provider.max_price.prompt';
      else if (completion !== undefined && endpoint.pricing.completion * 1e6 > completion) reason = 'provider.max_price.completion';
      else if (perRequest !== undefined && endpoint.pricing.request > perRequest) reason = 'provider.max_price.request';
    }
    if (reason) exclusions.push({ endpoint, reason });
    return reason === null;
  });

  // The circuit breaker keeps out endpoints that failed again and again, while others remain.
  const closed = candidates.filter((endpoint) => !stats.circuitOpen(endpoint.id));
  if (candidates.length > 0 && closed.length === 0) {
    const waitMs = Math.min(...candidates.map((endpoint) => stats.circuitOpenForMs(endpoint.id)));
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new GatewayError('no_provider_available', `Every provider of ${input.modelId} is failing (circuit open); retry in ${seconds} s`, {
      metadata: { model: input.modelId, excluded_by: candidates.map((endpoint) => ({ provider: endpoint.providerId, reason: 'circuit open' })) },
      headers: { 'Retry-After': String(seconds) },
    });
  }
  for (const endpoint of candidates) if (stats.circuitOpen(endpoint.id)) exclusions.push({ endpoint, reason: 'circuit open' });
  candidates.splice(0, candidates.length, ...closed);

  if (candidates.length === 0) {
    if (input.endpoints.length === 0) {
      throw new GatewayError('no_provider_available', `No provider is configured to serve ${input.modelId}`, { metadata: { model: input.modelId } });
    }
    const detail = exclusions.map((exclusion) => `${exclusion.endpoint.providerName} excluded by ${exclusion.reason}`).join('; ');
    throw new GatewayError('no_endpoints', `No endpoints found for ${input.modelId} that match your provider preferences: ${detail}`, {
      metadata: {
        model: input.modelId,
        excluded_by: exclusions.map((exclusion) => ({ provider: exclusion.endpoint.providerId, reason: exclusion.reason })),
      },
    });
  }

  // Soft preferences, in order of weight: endpoints that asked to be left alone (429 Retry-After) go
  // last; then those below preferred_min_throughput or above preferred_max_latency; with tools or
  // structured output, endpoints that support them come first.
  const soft = (endpoint: ProviderEndpoint) =>
    (stats.coolingForMs(endpoint.id) > 0 ? 100 : 0) +
    (missesPerformance(endpoint, preferences, stats) ? 10 : 0) +
    (request.tools?.length && endpoint.supportedParameters.size > 0 && !endpoint.supportedParameters.has('tools') ? 1 : 0) +
    (request.responseFormat && endpoint.supportedParameters.size > 0 && !endpoint.supportedParameters.has('response_format') ? 1 : 0);

  const sortBy = input.variant === 'floor' ? 'price' : input.variant === 'nitro' ? 'throughput' : typeof preferences.sort === 'string' ? preferences.sort : preferences.sort?.by;

  let ordered: ProviderEndpoint[];
  if (preferences.order?.length) {
    const orderedFirst = preferences.order.flatMap((slug) => candidates.filter((endpoint) => matchesSlug(endpoint, [slug])));
    const rest = candidates.filter((endpoint) => !orderedFirst.includes(endpoint));
    ordered = preferences.allow_fallbacks === false ? orderedFirst : [...orderedFirst, ...rest];
    if (ordered.length === 0) {
      throw new GatewayError('no_endpoints', `No endpoints found for ${input.modelId} from provider.order (${preferences.order.join(', ')}) and allow_fallbacks is false`, {
        metadata: { model: input.modelId, excluded_by: candidates.map((endpoint) => ({ provider: endpoint.providerId, reason: 'provider.order' })) },
      });
    }
    return ordered;
  }

  if (sortBy === 'price') {
    ordered = [...candidates].sort((a, b) => blendedPrice(a) - blendedPrice(b));
  } else if (sortBy === 'throughput') {
    const value = (endpoint: ProviderEndpoint) => stats.percentiles(endpoint.id, 'throughput')?.p50 ?? -1;
    ordered = [...candidates].sort((a, b) => value(b) - value(a));
  } else if (sortBy === 'latency') {
    const value = (endpoint: ProviderEndpoint) => stats.percentiles(endpoint.id, 'latency')?.p50 ?? Number.POSITIVE_INFINITY;
    ordered = [...candidates].sort((a, b) => value(a) - value(b));
  } else {
    const healthy = candidates.filter((endpoint) => !stats.failedRecently(endpoint.id));
    const failing = candidates.filter((endpoint) => stats.failedRecently(endpoint.id));
    ordered = [...weightedShuffle(healthy, input.random), ...failing];
  }
  ordered = ordered
    .map((endpoint, index) => ({ endpoint, index }))
    .sort((a, b) => soft(a.endpoint) - soft(b.endpoint) || a.index - b.index)
    .map((entry) => entry.endpoint);
  return preferences.allow_fallbacks === false ? ordered.slice(0, 1) : ordered;
}
