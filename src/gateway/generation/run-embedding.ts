import { applyGuardrails, guardrailsOf } from '../guardrails/apply-guardrails.js';
import type { Principal } from '../../spec/principal.js';
import type { Reservation } from '../../accounting/credit-ledger.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { EmbeddingResult } from '../../providers/provider.js';
import { selectEndpoints } from '../../routing/select-endpoints.js';
import { createGenerationId } from '../../spec/generation-id.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import type { EmbeddingsRequest } from '../../wire/openai-embeddings/parse-embeddings-request.js';
import { renderEmbeddingsResponse } from '../../wire/openai-embeddings/render-embeddings-response.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { AppAttribution } from '../../accounts/attribute-app.js';
import { executeAttempts } from '../execution/attempt-executor.js';
import { RequestScope } from '../execution/request-scope.js';
import { concludeOutcome, recordOutcome } from './conclude-outcome.js';
import { reserveCredits } from './reserve-credits.js';

export interface EmbeddingContext {
  exchange: HttpExchange;
  services: GatewayServices;
  auth: Principal;
  request: EmbeddingsRequest;
  model: CatalogModel;
  app: AppAttribution | null;
  bodyBytes: number;
  /** Tokens the rate limits admit the request at; admitted with its reservation. */
  estimatedTokens: number;
}

/**
 * Serves one embeddings request like a generation: routes it among the endpoints that serve the
 * model (OpenRouter's provider preferences apply), reserves credits, runs the attempt executor
 * (failover, Retry-After, time limits, cancellation, circuit breaker) like every inference route,
 * prices the input tokens, records it in the generation log (api_type "embeddings") and answers in
 * OpenAI's shape, floats or base64.
 */
export async function runEmbedding(context: EmbeddingContext): Promise<void> {
  const { exchange, services, auth, request, model } = context;
  const startedAtMs = services.now();
  const started = performance.now();
  const generationId = createGenerationId(startedAtMs);
  exchange.responseHeaders['x-generation-id'] = generationId;
  exchange.logFields.generation_id = generationId;
  exchange.logFields.model = model.id;

  // The inputs' language goes to the observatory now (embeddings are not classified into topics).
  const annotation = services.annotator.begin(generationId, request.inputs.join('\n').slice(0, 2_000), { classify: false });

  // The routing and accounting machinery speaks GenerationRequest: the inputs are its user messages.
  const generationRequest: GenerationRequest = {
    model: model.id,
    messages: request.inputs.map((text) => ({ role: 'user', content: text })),
    stream: false,
    parameters: request.dimensions !== undefined ? { dimensions: request.dimensions } : {},
    ...(request.provider ? { provider: request.provider } : {}),
    ...(request.user ? { user: request.user } : {}),
  };
  const selected = selectEndpoints({
    modelId: model.id,
    endpoints: services.providers.embeddingEndpointsFor(model.id),
    request: generationRequest,
    variant: null,
    stats: services.stats,
    random: services.random,
  });
  // As for generations: the key's guardrails narrow the route (or refuse it), then the account's own keys take their place.
  const endpoints = await services.byok.route(applyGuardrails(selected, guardrailsOf(auth.key), model.id), auth, request.user);
  const { reservation, ticket } = await reserveCredits({
    limits: services.limits,
    auth,
    request: generationRequest,
    endpoints,
    bodyBytes: context.bodyBytes,
    defaultMaxTokens: 0,
    admission: { model, estimatedTokens: context.estimatedTokens, headers: exchange.responseHeaders },
  });
  // The reservation is settled or released before this returns, whatever happens in between.
  try {
    await embed(reservation);
  } finally {
    if (!reservation.settled) services.limits.release(reservation);
  }

  async function embed(reservation: Reservation): Promise<void> {
    const routing = services.config.routing;
    const scope = new RequestScope(routing.request_timeout_ms, (listener) => exchange.onClientGone(listener));
    const execution = await executeAttempts<EmbeddingResult>(
      { routing, stats: services.stats, metrics: services.metrics, logger: services.logger },
      {
        endpoints,
        scope,
        generationId,
        limits: (endpoint) => ({ wholeMs: endpoint.timeoutMs }),
        deliveredAny: () => false,
        run: async ({ endpoint, signal }) => {
          const provider = services.providers.provider(endpoint.providerId)!;
          if (!provider.embed) throw new GatewayError('no_provider_available', `${endpoint.providerName} has no embeddings`);
          return provider.embed({ endpoint, inputs: request.inputs, ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}), signal });
        },
      },
    );
    scope.dispose();
    const { success, failure, cancelled } = execution;
    const reported = {
      promptTokens: success?.value.promptTokens ?? 0,
      completionTokens: 0,
      reasoningTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      raw: { counted_by: success?.value.countedBy ?? 'none' },
    };
    const own = { promptTokens: () => countTextTokens(request.inputs.join('\n')), completionTokens: () => 0, reasoningTokens: () => 0 };
    const { outcome, charge } = concludeOutcome({
      frame: { services, exchange, generationId, startedAtMs, started },
      apiType: 'embeddings',
      auth,
      app: context.app,
      request: generationRequest,
      requestedModel: request.model,
      model,
      execution,
      reported,
      own,
      finishReason: success ? 'stop' : cancelled ? null : 'error',
      nativeFinishReason: null,
      upstreamId: success?.value.upstreamId ?? null,
      streamed: false,
      answerStarted: false,
      toolCallsMade: 0,
      firstTokenAt: null,
      lastTokenAt: null,
      simulated: null,
      reservation,
    });
    ticket?.settle(charge.usage.promptTokens);
    // Rendered before the record is written: an answer that cannot be rendered is not charged.
    const body = success
      ? renderEmbeddingsResponse({
          id: generationId,
          model: model.id,
          provider: success.endpoint.providerName,
          vectors: success.value.vectors,
          encodingFormat: request.encodingFormat,
          promptTokens: charge.usage.promptTokens,
          cost: charge.cost,
          isByok: outcome.isByok,
        })
      : null;
    if (annotation) outcome.annotation = await annotation.within(services.config.observatory.max_wait_ms);
    const recorded = await recordOutcome({ services, exchange, outcome, reservation, upstreamMs: execution.upstreamMs });
    if (cancelled) return;
    if (!recorded) {
      exchange.sendError(new GatewayError('log_unavailable', 'The request could not be recorded; it was not charged'));
      return;
    }
    if (!body) {
      exchange.sendError(failure);
      return;
    }
    exchange.sendJson(200, body, { 'x-switchboard-overhead-ms': (performance.now() - exchange.startedAt - execution.upstreamMs).toFixed(3) });
  }
}
