import type { AppAttribution } from '../../accounts/attribute-app.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { variantPricing } from '../../providers/media-pricing.js';
import type { Provider, ProviderEndpoint } from '../../providers/provider.js';
import { selectEndpoints } from '../../routing/select-endpoints.js';
import { createGenerationId } from '../../spec/generation-id.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { Principal } from '../../spec/principal.js';
import { estimatePromptTokens } from '../../tokenization/count-tokens.js';
import type { MediaRequestBase } from '../../wire/media/media-request-fields.js';
import { executeAttempts } from '../execution/attempt-executor.js';
import { RequestScope } from '../execution/request-scope.js';
import type { GatewayServices } from '../gateway-services.js';
import { applyGuardrails, guardrailsOf } from '../guardrails/apply-guardrails.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Charge } from './charge-usage.js';
import { concludeOutcome, recordOutcome } from './conclude-outcome.js';
import { reserveCredits } from './reserve-credits.js';

/** What a media route answers: JSON, or bytes of a type (speech), or plain text (a transcription asked for as text). */
export type MediaAnswer = { json: unknown } | { bytes: Buffer; contentType: string } | { text: string };

/** One media request as the runner needs it; `Value` is what a provider returns for it. */
export interface MediaOperation<Value> {
  /** The record's api_type, OpenRouter's names: embeddings, rerank, image, tts, stt. */
  apiType: 'embeddings' | 'rerank' | 'image' | 'tts' | 'stt';
  /** The endpoints that serve the model: the media catalog's by default (embeddings: the embedding catalog's). */
  endpoints?: readonly ProviderEndpoint[];
  model: CatalogModel;
  request: MediaRequestBase;
  /** The request's text: routed and reserved as its prompt, its language detected by the observatory (empty for audio). */
  text: string;
  /** Parameters the request set, for `provider.require_parameters`. */
  parameters: Record<string, unknown>;
  /** The priced variant the request asks for (an image's quality), if the model prices variants. */
  variant?: string;
  /** Most units the request can be billed: what is reserved. */
  maxUnits: number;
  /** The call to one endpoint's provider. */
  invoke(provider: Provider, endpoint: ProviderEndpoint, signal: AbortSignal): Promise<Value>;
  /** The provider's count of units and prompt tokens in its answer (checked before billing). */
  reported(value: Value): { promptTokens: unknown; mediaUnits: unknown };
  /** The gateway's own count of units, used when the provider's fails its check. */
  ownUnits(value: Value | null): number;
  /** Prompt tokens the gateway counts when the provider's fail (0 for models that bill none). */
  ownPromptTokens(): number;
  /** The answer, from the provider's value and the charge (rendered before the record is written: an answer that cannot be rendered is not charged). */
  render(value: Value, charge: Charge, facts: { generationId: string; endpoint: ProviderEndpoint; isByok: boolean }): MediaAnswer;
}

export interface MediaContext {
  exchange: HttpExchange;
  services: GatewayServices;
  auth: Principal;
  app: AppAttribution | null;
}

/**
 * Serves one request that is not a chat — embeddings, rerank, images, speech, transcription — like
 * a generation: routes it
 * among the endpoints that serve the model (provider preferences and the key's guardrails apply,
 * then the account's own keys), reserves its most expensive outcome, runs the attempt executor
 * (failover, time limits, cancellation, circuit breaker), bills its units at the endpoint's unit
 * price (the variant's, for priced variants), records it in the generation log with its unit and
 * count, and answers.
 */
export async function runMedia<Value>(context: MediaContext, operation: MediaOperation<Value>): Promise<void> {
  const { exchange, services, auth } = context;
  const { model, request } = operation;
  const startedAtMs = services.now();
  const started = performance.now();
  const generationId = createGenerationId(startedAtMs);
  exchange.responseHeaders['x-generation-id'] = generationId;
  exchange.logFields.generation_id = generationId;
  exchange.logFields.model = model.id;

  const annotation = operation.text ? services.annotator.begin(generationId, operation.text.slice(0, 2_000), { classify: false }) : null;
  // The routing and accounting machinery speaks GenerationRequest: the request's text is its one user message.
  const generationRequest: GenerationRequest = {
    model: model.id,
    messages: [{ role: 'user', content: operation.text }],
    stream: false,
    parameters: operation.parameters,
    ...(request.provider ? { provider: request.provider } : {}),
    ...(request.user ? { user: request.user } : {}),
    ...(request.sessionId ? { sessionId: request.sessionId } : {}),
  };
  const listed = operation.endpoints ?? services.providers.mediaEndpointsFor(model.id);
  // A priced variant (an image's quality) is the endpoint's price for this request only.
  const serving = operation.variant === undefined ? listed : listed.map((endpoint) => ({ ...endpoint, pricing: variantPricing(endpoint.pricing, model, operation.variant) }));
  const selected = selectEndpoints({ modelId: model.id, endpoints: serving, request: generationRequest, variant: null, stats: services.stats, random: services.random });
  const endpoints = await services.byok.route(applyGuardrails(selected, guardrailsOf(auth.key), model.id), auth, request.user);
  const textBytes = Buffer.byteLength(operation.text);
  const { reservation, ticket } = await reserveCredits({
    limits: services.limits,
    auth,
    request: generationRequest,
    endpoints,
    bodyBytes: textBytes,
    defaultMaxTokens: 0,
    maxMediaUnits: operation.maxUnits,
    admission: { model, estimatedTokens: operation.text ? estimatePromptTokens(textBytes, 1) : 0, headers: exchange.responseHeaders },
  });
  try {
    await serve();
  } finally {
    if (!reservation.settled) services.limits.release(reservation);
  }

  async function serve(): Promise<void> {
    const routing = services.config.routing;
    const scope = new RequestScope(routing.request_timeout_ms, (listener) => exchange.onClientGone(listener));
    const execution = await executeAttempts<Value>(
      { routing, stats: services.stats, metrics: services.metrics, logger: services.logger },
      {
        endpoints,
        scope,
        generationId,
        limits: (endpoint) => ({ wholeMs: endpoint.timeoutMs }),
        deliveredAny: () => false,
        run: ({ endpoint, signal }) => operation.invoke(services.providers.provider(endpoint.providerId)!, endpoint, signal),
      },
    );
    scope.dispose();
    const { success, failure, cancelled } = execution;
    const value = success?.value ?? null;
    const counts = value === null ? { promptTokens: 0, mediaUnits: 0 } : operation.reported(value);
    const { outcome, charge } = concludeOutcome({
      frame: { services, exchange, generationId, startedAtMs, started },
      apiType: operation.apiType,
      auth,
      app: context.app,
      request: generationRequest,
      requestedModel: request.model,
      model,
      execution,
      reported: { promptTokens: counts.promptTokens, completionTokens: 0, reasoningTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, mediaUnits: counts.mediaUnits },
      own: { promptTokens: operation.ownPromptTokens, completionTokens: () => 0, reasoningTokens: () => 0, mediaUnits: () => operation.ownUnits(value) },
      finishReason: success ? 'stop' : cancelled ? null : 'error',
      nativeFinishReason: null,
      upstreamId: null,
      streamed: false,
      answerStarted: false,
      toolCallsMade: 0,
      firstTokenAt: null,
      lastTokenAt: null,
      simulated: null,
      reservation,
    });
    ticket?.settle(charge.usage.promptTokens);
    const answer = success && value !== null ? operation.render(value, charge, { generationId, endpoint: success.endpoint, isByok: outcome.isByok }) : null;
    if (annotation) outcome.annotation = await annotation.within(services.config.observatory.max_wait_ms);
    const recorded = await recordOutcome({ services, exchange, outcome, reservation, upstreamMs: execution.upstreamMs });
    if (cancelled) return;
    if (!recorded) {
      exchange.sendError(new GatewayError('log_unavailable', 'The request could not be recorded; it was not charged'));
      return;
    }
    if (!answer) {
      exchange.sendError(failure);
      return;
    }
    const headers = { 'x-switchboard-overhead-ms': (performance.now() - exchange.startedAt - execution.upstreamMs).toFixed(3) };
    if ('json' in answer) exchange.sendJson(200, answer.json, headers);
    else if ('bytes' in answer) exchange.sendBody(200, answer.bytes, { ...headers, 'content-type': answer.contentType });
    else exchange.sendBody(200, answer.text, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
  }
}

/** The failure of an endpoint whose provider lacks the call (routing goes on to the next). */
export function lacksMedia(provider: Provider, what: string): GatewayError {
  return new GatewayError('no_provider_available', `${provider.name} has no ${what}`);
}
