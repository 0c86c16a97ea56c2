import type { Principal } from '../../spec/principal.js';
import type { Reservation } from '../../accounting/credit-ledger.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { EmbeddingResult, ProviderEndpoint } from '../../providers/provider.js';
import { selectEndpoints } from '../../routing/select-endpoints.js';
import { createGenerationId, createRequestId } from '../../spec/generation-id.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import type { ProviderAttempt } from '../../spec/generation-record.js';
import type { EmbeddingsRequest } from '../../wire/openai-embeddings/parse-embeddings-request.js';
import { renderEmbeddingsResponse } from '../../wire/openai-embeddings/render-embeddings-response.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { AppAttribution } from '../../accounts/attribute-app.js';
import type { RateTicket } from '../../limits/request-limits.js';
import type { GenerationOutcome } from './build-generation-record.js';
import { chargeUsage } from './charge-usage.js';
import { observeGeneration, recordGeneration } from './record-generation.js';
import { reserveCredits } from './reserve-credits.js';

export interface EmbeddingContext {
  exchange: HttpExchange;
  services: GatewayServices;
  auth: Principal;
  request: EmbeddingsRequest;
  model: CatalogModel;
  app: AppAttribution | null;
  bodyBytes: number;
  rateTicket?: RateTicket;
}

/**
 * Serves one embeddings request like a generation: routes it among the endpoints that serve the
 * model (OpenRouter's provider preferences apply), reserves credits, fails over on retryable errors,
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

  // The routing and accounting machinery speaks GenerationRequest: the inputs are its user messages.
  const generationRequest: GenerationRequest = {
    model: model.id,
    messages: request.inputs.map((text) => ({ role: 'user', content: text })),
    stream: false,
    parameters: request.dimensions !== undefined ? { dimensions: request.dimensions } : {},
    ...(request.provider ? { provider: request.provider } : {}),
    ...(request.user ? { user: request.user } : {}),
  };
  const endpoints = selectEndpoints({
    modelId: model.id,
    endpoints: services.providers.embeddingEndpointsFor(model.id),
    request: generationRequest,
    variant: null,
    stats: services.stats,
    random: services.random,
  });
  const reservation = await reserveCredits({ limits: services.limits, auth, request: generationRequest, endpoints, bodyBytes: context.bodyBytes, defaultMaxTokens: 0 });
  // The reservation is settled or released before this returns, whatever happens in between.
  try {
    await embed(reservation);
  } finally {
    if (!reservation.settled) services.limits.release(reservation);
  }

  async function embed(reservation: Reservation): Promise<void> {
    const controller = new AbortController();
    let clientGone = false;
    exchange.onClientGone(() => {
      clientGone = true;
      controller.abort(new GatewayError('request_timeout', 'The client closed the connection'));
    });

    const attempts: ProviderAttempt[] = [];
    let upstreamMs = 0;
    let success: { endpoint: ProviderEndpoint; result: EmbeddingResult } | null = null;
    let failure: GatewayError | null = null;
    let lastEndpoint = endpoints[0]!;
    for (const [index, endpoint] of endpoints.entries()) {
      lastEndpoint = endpoint;
      const provider = services.providers.provider(endpoint.providerId)!;
      const attemptStart = performance.now();
      try {
        if (!provider.embed) throw new GatewayError('no_provider_available', `${endpoint.providerName} has no embeddings`);
        const result = await provider.embed({ endpoint, inputs: request.inputs, ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}), signal: controller.signal });
        const latency = performance.now() - attemptStart;
        upstreamMs += latency;
        attempts.push({ provider_name: endpoint.providerName, endpoint_id: endpoint.id, status: 200, latency: Math.round(latency), error_code: null });
        success = { endpoint, result };
        break;
      } catch (thrown) {
        const latency = performance.now() - attemptStart;
        upstreamMs += latency;
        const error = clientGone ? new GatewayError('request_timeout', 'The client closed the connection') : GatewayError.from(thrown);
        attempts.push({ provider_name: endpoint.providerName, endpoint_id: endpoint.id, status: error.status, latency: Math.round(latency), error_code: error.code });
        if (clientGone) break;
        services.stats.recordFailure(endpoint.id, Number(error.metadata.provider_code ?? error.status));
        services.metrics.upstreamErrors.inc({ provider: endpoint.providerId, code: error.code });
        if (!(error.retryable && index < endpoints.length - 1)) {
          failure = error;
          break;
        }
      }
    }

    const endpoint = success?.endpoint ?? lastEndpoint;
    const reported = {
      promptTokens: success?.result.promptTokens ?? 0,
      completionTokens: 0,
      reasoningTokens: 0,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      raw: { counted_by: success?.result.countedBy ?? 'none' },
    };
    const finishReason = success ? 'stop' : clientGone ? null : 'error';
    const own = { promptTokens: () => countTextTokens(request.inputs.join('\n')), completionTokens: () => 0, reasoningTokens: () => 0 };
    const { usage, cost, usageAnomaly, unbilledNano } = chargeUsage({ services, generationId, endpoint, reported, own, finishReason, reservation });
    const finished = performance.now();
    const outcome: GenerationOutcome = {
      id: generationId,
      requestId: createRequestId(startedAtMs),
      createdAtMs: startedAtMs,
      apiType: 'embeddings',
      auth,
      app: context.app,
      userAgent: exchange.header('user-agent') ?? null,
      request: generationRequest,
      requestedModel: request.model,
      model,
      endpoint,
      upstreamId: success?.result.upstreamId ?? null,
      attempts,
      streamed: false,
      cancelled: clientGone,
      status: clientGone ? 499 : success ? 200 : failure!.status,
      errorCode: success ? null : clientGone ? 'cancelled' : failure!.code,
      finishReason,
      nativeFinishReason: null,
      usage,
      cost,
      usageAnomaly,
      unbilledNano,
      isByok: false,
      toolCallsMade: 0,
      latencyMs: finished - started,
      generationTimeMs: 0,
      timeToFirstTokenMs: null,
      simulated: null,
    };
    context.rateTicket?.settle(usage.promptTokens);
    const recorded = await recordGeneration(services, outcome, reservation);
    observeGeneration(services, outcome, exchange, finished - started - upstreamMs);
    if (clientGone) return;
    if (!recorded) {
      exchange.sendError(new GatewayError('log_unavailable', 'The request could not be recorded; it was not charged'));
      return;
    }
    if (!success) {
      exchange.sendError(failure!);
      return;
    }
    exchange.sendJson(
      200,
      renderEmbeddingsResponse({
        id: generationId,
        model: model.id,
        provider: endpoint.providerName,
        vectors: success.result.vectors,
        encodingFormat: request.encodingFormat,
        promptTokens: usage.promptTokens,
        cost,
      }),
      { 'x-switchboard-overhead-ms': (finished - started - upstreamMs).toFixed(3) },
    );
  }
}
