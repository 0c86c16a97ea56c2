import { applyGuardrails, guardrailsOf } from '../guardrails/apply-guardrails.js';
import type { Principal } from '../../spec/principal.js';
import type { ResolvedModel } from '../../catalog/model-catalog.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ProviderEndpoint } from '../../providers/provider.js';
import { planRoute } from '../../routing/plan-route.js';
import { StickyRoutes } from '../../routing/sticky-routes.js';
import { StreamCollector } from '../../spec/collect-stream.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import { createGenerationId, createRequestId } from '../../spec/generation-id.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { GenerationResult } from '../../spec/stream-part.js';
import { countRequestPromptTokens, countTextTokens } from '../../tokenization/count-tokens.js';
import type { ResponseFormatter, ResponseIdentity } from '../../wire/wire-format.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { AppAttribution } from '../../accounts/attribute-app.js';
import type { SimulatedFacts } from '../inference/simulation-headers.js';
import { buildGenerationRecord, type GenerationOutcome } from './build-generation-record.js';
import { interruptedCode } from '../../storage/generation-log/in-flight-journal.js';
import { contentOfGeneration } from '../content/content-of-generation.js';
import { concludeOutcome, recordOutcome } from './conclude-outcome.js';
import { executeAttempts } from '../execution/attempt-executor.js';
import { RequestScope } from '../execution/request-scope.js';
import { reserveCredits } from './reserve-credits.js';
import { StreamSession } from './stream-session.js';
import { promptText } from '../../classification/prompt-text.js';

export interface GenerationContext {
  exchange: HttpExchange;
  services: GatewayServices;
  auth: Principal;
  request: GenerationRequest;
  resolved: ResolvedModel;
  app: AppAttribution | null;
  bodyBytes: number;
  apiType: string;
  /** The inbound wire format's responses. */
  formatter: ResponseFormatter;
  /** Facts of a simulated request (trusted simulation headers), or null. */
  simulated?: SimulatedFacts | null;
  /** The preset the request used, by id. */
  presetId?: string | null;
  /** Tokens the rate limits admit the request at (its prompt estimated from its size, plus max_tokens); admitted with its reservation. */
  estimatedTokens: number;
}

/** The record a generation gets if the gateway stops before it ends: failed, nothing charged. */
function interruptedOutcome(input: { id: string; startedAtMs: number; context: GenerationContext; endpoint: ProviderEndpoint; request: GenerationRequest }): GenerationOutcome {
  const { context } = input;
  return {
    id: input.id,
    requestId: createRequestId(input.startedAtMs),
    createdAtMs: input.startedAtMs,
    apiType: context.apiType,
    auth: context.auth,
    app: context.app,
    userAgent: context.exchange.header('user-agent') ?? null,
    request: input.request,
    requestedModel: context.resolved.requested,
    model: input.endpoint.model,
    endpoint: input.endpoint,
    upstreamId: null,
    attempts: [],
    streamed: input.request.stream,
    cancelled: false,
    status: 502,
    errorCode: interruptedCode,
    finishReason: 'error',
    nativeFinishReason: null,
    usage: { promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cachedTokens: 0, cacheWriteTokens: 0 },
    cost: { totalNano: 0, total: 0, prompt: 0, completion: 0, cacheDiscount: 0, waived: true },
    usageAnomaly: null,
    unbilledNano: 0,
    isByok: false,
    toolCallsMade: 0,
    latencyMs: 0,
    generationTimeMs: 0,
    timeToFirstTokenMs: null,
    simulated: context.simulated ?? null,
    presetId: context.presetId ?? null,
  };
}

/**
 * Serves one generation: routes it, reserves credits, calls providers (failing over to the next
 * endpoint on a retryable error before anything reached the client), answers in the client's wire
 * format (whole or streamed), prices the usage the provider reported, appends the generation's
 * record to the durable queue (before the response completes) and settles the reservation.
 */
export async function runGeneration(context: GenerationContext): Promise<void> {
  const { exchange, services, auth, request, resolved } = context;
  const startedAtMs = context.simulated?.timeMs ?? services.now();
  const started = performance.now();
  const generationId = createGenerationId(startedAtMs);
  exchange.responseHeaders['x-generation-id'] = generationId;
  exchange.logFields.generation_id = generationId;
  exchange.logFields.model = resolved.model.id;

  // The prompt goes to the observatory now, so its language (and category, when sampled) is ready by the time the record is written.
  // A replayed simulated record brings its own facts (trusted simulation headers): it is not annotated.
  const annotation = context.simulated ? null : services.annotator.begin(generationId, promptText(request.messages), { classify: !auth.key || auth.key.hash !== services.classifierKeyHash });

  const route = planRoute({ catalog: services.catalog, providers: services.providers, request, resolved, stats: services.stats, random: services.random });
  // A conversation whose prompt is cached at one provider goes there first while that is cheaper.
  const stickyKey = StickyRoutes.keyOf(auth.account.id, resolved.model.id, request);
  // The account's own provider keys (BYOK) take their place in the route.
  // The key's guardrails narrow the route (or refuse it, 403) before any provider is called.
  const guarded = applyGuardrails(route.endpoints, guardrailsOf(auth.key), resolved.model.id);
  const endpoints = await services.byok.route(services.stickyRoutes.apply(stickyKey, guarded), auth, request.user);
  const { reservation, ticket } = await reserveCredits({
    limits: services.limits,
    auth,
    request,
    endpoints,
    bodyBytes: context.bodyBytes,
    defaultMaxTokens: services.config.limits.default_max_tokens_for_credit_check,
    admission: { model: resolved.model, estimatedTokens: context.estimatedTokens, headers: exchange.responseHeaders },
  });

  // A stream's first bytes reach the client before its record exists: its start entry is on disk
  // before the first byte leaves, so if the process dies mid-stream the next start records it as
  // failed. A whole answer is sent only after its record is durable; a crash before that delivers
  // nothing and charges nothing. Whatever happens from here on, the reservation is settled or
  // released before this function returns (the finally below owns it).
  let journaled: ReturnType<typeof services.journal.begin> | null = null;
  /** The stream once it exists: an unexpected failure after its first byte still ends it with an error chunk. */
  const streaming: { session: StreamSession | null } = { session: null };
  try {
    if (request.stream) {
      journaled = services.journal.begin(buildGenerationRecord(interruptedOutcome({ id: generationId, startedAtMs, context, endpoint: endpoints[0]!, request: route.requestFor(endpoints[0]!) })));
      await journaled.durable.catch((error: unknown) => {
        services.logger.error('could not journal a stream before its first byte', { generation_id: generationId, error: String((error as Error)?.message ?? error) });
        throw new GatewayError('log_unavailable', 'The generation could not be journaled, so it was not started; it was not charged', { cause: error });
      });
    }
    await runAttempts();
  } catch (error) {
    const session = streaming.session;
    if (!session?.started) throw error;
    services.logger.error('a stream failed after its first byte', { generation_id: generationId, error: String((error as Error)?.message ?? error), stack: (error as Error)?.stack });
    session.close();
    session.write(session.renderer.error(GatewayError.from(error)));
    session.end(false);
  } finally {
    journaled?.entry.end();
    if (!reservation.settled) services.limits.release(reservation);
  }

  async function runAttempts(): Promise<void> {
    const routing = services.config.routing;
    const scope = new RequestScope(routing.request_timeout_ms, (listener) => exchange.onClientGone(listener));
    const identity: ResponseIdentity = { id: generationId, created: Math.floor(startedAtMs / 1000), model: endpoints[0]!.model.id, provider: endpoints[0]!.providerName };
    const session = request.stream ? new StreamSession(exchange, context.formatter.chunks(identity), services.config.server.keep_alive_interval_ms) : null;
    streaming.session = session;
    let collector = new StreamCollector();
    let firstTokenAt: number | null = null;
    let lastTokenAt: number | null = null;

    const execution = await executeAttempts<GenerationResult>(
      { routing, stats: services.stats, metrics: services.metrics, logger: services.logger },
      {
        endpoints,
        scope,
        generationId,
        // A stream must send its first token in time; a whole answer must come within the provider's timeout_ms.
        limits: (endpoint) => (session ? { firstByteMs: routing.first_token_timeout_ms } : { wholeMs: endpoint.timeoutMs }),
        deliveredAny: () => session?.deliveredAny ?? false,
        run: async ({ endpoint, signal, firstByte }) => {
          identity.provider = endpoint.providerName;
          identity.model = endpoint.model.id;
          const provider = services.providers.provider(endpoint.providerId)!;
          const call = { request: route.requestFor(endpoint), endpoint, signal };
          collector = new StreamCollector();
          if (!session) {
            const result = await provider.generate(call);
            firstTokenAt = lastTokenAt = performance.now();
            return result;
          }
          for await (const part of provider.stream(call)) {
            collector.add(part);
            if (part.type === 'finish') break;
            if (session.deliver(part)) {
              const now = performance.now();
              if (firstTokenAt === null) firstByte();
              firstTokenAt ??= now;
              lastTokenAt = now;
            }
          }
          if (!collector.finish)
            throw new GatewayError('upstream_invalid_response', `${endpoint.providerName} ended the stream without finishing`, { metadata: { provider_name: endpoint.providerName } });
          return collector.result();
        },
      },
    );
    scope.dispose();
    session?.close();
    const { success, failure, cancelled } = execution;

    // What the generation produced and what it costs: the provider's usage, validated and capped at
    // the reservation; cut short, what reached the client as the gateway counts it.
    const result = success?.value ?? collector.result();
    const deliveredText = () => `${result.reasoning ?? ''}${result.content ?? ''}${result.toolCalls.map((call) => call.function.arguments).join('')}`;
    const own = {
      promptTokens: () => countRequestPromptTokens(request),
      completionTokens: () => countTextTokens(deliveredText()),
      reasoningTokens: () => countTextTokens(result.reasoning ?? ''),
    };
    const finishReason: FinishReason | null = success ? result.finishReason : cancelled ? null : 'error';
    const nativeFinishReason = success ? result.nativeFinishReason : null;
    const reported: unknown = success ? result.usage : { promptTokens: own.promptTokens(), completionTokens: own.completionTokens(), reasoningTokens: 0, cachedTokens: 0, cacheWriteTokens: 0 };
    const { outcome, charge } = concludeOutcome({
      frame: { services, exchange, generationId, startedAtMs, started },
      apiType: context.apiType,
      auth,
      app: context.app,
      request: route.requestFor(execution.endpoint),
      requestedModel: resolved.requested,
      model: execution.endpoint.model,
      execution,
      reported,
      own,
      finishReason,
      nativeFinishReason,
      upstreamId: result.upstreamId ?? collector.upstreamId,
      streamed: request.stream,
      answerStarted: session?.started ?? false,
      toolCallsMade: result.toolCalls.length,
      firstTokenAt,
      lastTokenAt,
      simulated: context.simulated ?? null,
      presetId: context.presetId ?? null,
      reservation,
    });
    const { usage, cost } = charge;
    ticket?.settle(usage.promptTokens + usage.completionTokens);
    if (success && success.endpoint.model.id === resolved.model.id) services.stickyRoutes.observe(stickyKey, success.endpoint, usage, request.sessionId !== undefined);
    // The answer's closing part is rendered before the record is written: a generation whose answer
    // cannot be rendered is neither recorded nor charged (the reservation is released).
    const billed = { usage, cost, isByok: outcome.isByok };
    const closing = session && success ? session.renderer.finish(finishReason, nativeFinishReason, billed) : null;
    const whole = !session && success ? context.formatter.whole(identity, result, billed) : null;
    if (annotation) outcome.annotation = await annotation.within(services.config.observatory.max_wait_ms);
    const recorded = await recordOutcome({ services, exchange, outcome, reservation, upstreamMs: execution.upstreamMs });
    // The text too, where the key's workspace logs prompts (sealed, in the background).
    if (recorded && services.generationContent.wants(auth.key, generationId)) services.generationContent.keep(auth.account.id, generationId, contentOfGeneration(request, result, failure));

    if (cancelled) return;
    const error = recorded ? failure : new GatewayError('log_unavailable', 'The generation could not be recorded; it was not charged');
    if (session) {
      if (closing && recorded) {
        session.write(closing);
        session.end(true);
      } else if (session.started) {
        session.write(session.renderer.error(error!));
        session.end(false);
      } else {
        exchange.sendError(error);
      }
      return;
    }
    if (whole && recorded) {
      exchange.sendJson(200, whole, {
        // Everything the gateway added to this request: from its first byte to this response, less the provider's time.
        'x-switchboard-overhead-ms': (performance.now() - exchange.startedAt - execution.upstreamMs).toFixed(3),
      });
    } else {
      exchange.sendError(error);
    }
  }
}
