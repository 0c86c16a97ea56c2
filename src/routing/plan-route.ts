import { echo } from '../wire/request-validation.js';
import type { ModelCatalog, ResolvedModel } from '../catalog/model-catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { ProviderEndpoint } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { GenerationRequest } from '../spec/generation-request.js';
import type { EndpointStats } from './endpoint-stats.js';
import { selectEndpoints } from './select-endpoints.js';

export interface PlanRouteInput {
  catalog: ModelCatalog;
  providers: ProviderRegistry;
  request: GenerationRequest;
  /** The requested model (the first of `models` when only that was given). */
  resolved: ResolvedModel;
  stats: EndpointStats;
  random: () => number;
}

export interface RoutePlan {
  /** Every endpoint to try, in order: the first model's, then each fallback model's. */
  endpoints: ProviderEndpoint[];
  /** The request as each model gets it (a :thinking variant turns reasoning on). */
  requestFor(endpoint: ProviderEndpoint): GenerationRequest;
}

/** A variant's effect on the request: :thinking asks for reasoning; :online (web search) is not offered. */
function applyVariant(request: GenerationRequest, resolved: ResolvedModel): GenerationRequest {
  if (resolved.variant === 'thinking') return { ...request, reasoning: { ...request.reasoning, enabled: true } };
  if (resolved.variant === 'online') {
    throw new GatewayError('invalid_request', `model: the :online variant (web search) is not offered by this gateway; use ${resolved.model.id}`, { metadata: { param: 'model' } });
  }
  return request;
}

/**
 * The endpoints a request may use, in the order to try them: the requested model's endpoints as
 * provider routing orders them, then — OpenRouter's `models` fallback list — each further model's.
 * A model with no usable endpoint is passed over while a later one has some; when none has, the
 * first model's reason is the error.
 */
export function planRoute(input: PlanRouteInput): RoutePlan {
  const sequence: ResolvedModel[] = [input.resolved];
  for (const id of input.request.models ?? []) {
    if (id === input.resolved.requested) continue;
    const fallback = input.catalog.resolve(id);
    if (!fallback) throw new GatewayError('model_not_found', `Model ${echo(id)} in models does not exist in the catalog`, { metadata: { model: id.slice(0, 200), param: 'models' } });
    if (!sequence.some((item) => item.requested === fallback.requested)) sequence.push(fallback);
  }
  const requests = new Map<string, GenerationRequest>();
  const endpoints: ProviderEndpoint[] = [];
  let firstError: unknown = null;
  for (const model of sequence) {
    const request = applyVariant(input.request, model);
    try {
      const selected = selectEndpoints({ modelId: model.model.id, endpoints: input.providers.endpointsFor(model.model.id), request, variant: model.variant, stats: input.stats, random: input.random });
      for (const endpoint of selected) {
        if (requests.has(endpoint.id)) continue;
        requests.set(endpoint.id, request);
        endpoints.push(endpoint);
      }
    } catch (error) {
      firstError ??= error;
    }
  }
  if (endpoints.length === 0) throw firstError;
  return { endpoints, requestFor: (endpoint) => requests.get(endpoint.id) ?? input.request };
}
