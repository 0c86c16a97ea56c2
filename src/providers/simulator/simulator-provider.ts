import { setTimeout as sleep } from 'node:timers/promises';
import { parsePricing, type Pricing, scalePricing } from '../../accounting/pricing.js';
import type { CatalogModel } from '../../catalog/catalog-model.js';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { SimulatorEndpointConfig, SimulatorProviderConfig } from '../../config/config-schema.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { messageText, type ReasoningDetail } from '../../spec/chat-message.js';
import { collectStream } from '../../spec/collect-stream.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import { countPromptTokensByMessage, countRequestPromptTokens, countTextTokens, encodeText } from '../../tokenization/count-tokens.js';
import type { EmbeddingCall, EmbeddingResult, Provider, ProviderCall, ProviderEndpoint } from '../provider.js';
import { simulatedEmbedding } from './simulated-embedding.js';
import type { ImageCall, ImageResult, RerankCall, RerankResult, SpeechCall, SpeechResult, TranscriptionCall, TranscriptionResult } from '../media-call.js';
import { mediaPricing } from '../media-pricing.js';
import { singleModelEndpoint } from '../single-model-endpoint.js';
import { simulatedPng } from './simulated-image.js';
import { simulatedSpeechPcm, wavFromPcm } from './simulated-audio.js';
import { audioSeconds } from '../../tokenization/audio-seconds.js';
import { simulatedRelevance } from './simulated-rerank.js';
import { hashText, SeededRandom } from './seeded-random.js';
import { simulatedLogprobs } from './simulated-logprobs.js';
import { simulatedJsonValue } from './simulated-json.js';
import { SimulatedPromptCache, type CachingMode } from './simulated-prompt-cache.js';
import { exactTextPieces, simulatedTextPieces } from './simulated-text.js';

interface SimulatedToolCall {
  id: string;
  name: string;
  argumentPieces: string[];
}

interface Plan {
  upstreamId: string;
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  reasoningPieces: string[];
  reasoningVisible: boolean;
  contentPieces: string[];
  toolCalls: SimulatedToolCall[];
  completionTokens: number;
  reasoningTokens: number;
  finishReason: FinishReason;
  timeToFirstTokenMs: number;
  millisecondsPerToken: number;
}

/** Effort → multiplier of the simulated reasoning length. */
const effortScale: Record<string, number> = { none: 0, minimal: 0.1, low: 0.3, medium: 1, high: 2, xhigh: 3, max: 4 };

const nativeFinishReasons: Record<string, Record<FinishReason, string>> = {
  anthropic: { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal', error: 'error' },
  google: { stop: 'STOP', length: 'MAX_TOKENS', tool_calls: 'STOP', content_filter: 'SAFETY', error: 'error' },
};

const reasoningFormats: Record<string, string> = {
  anthropic: 'anthropic-claude-v1',
  openai: 'openai-responses-v1',
  google: 'google-gemini-v1',
  'x-ai': 'xai-responses-v1',
};

function splitIntoPieces(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces.length > 0 ? pieces : [''];
}

/**
 * The prompt as a provider's cache sees it, in order: the tool definitions, then each message with
 * its role; a legacy completion's prompt is its text alone (so its tokens are the prompt's tokens).
 */
function promptTextOf(request: GenerationRequest): string {
  if (request.promptFormat === 'text') return request.messages.map((message) => messageText(message.content)).join('');
  const tools = request.tools?.length ? `<|tools|>${JSON.stringify(request.tools)}` : '';
  return tools + request.messages.map((message) => `<|${message.role}|>${messageText(message.content)}`).join('');
}

function cachingMode(model: CatalogModel, endpoint: ProviderEndpoint): CachingMode {
  if (endpoint.pricing.cacheRead === null) return 'none';
  if (model.switchboard.author === 'anthropic') return 'explicit';
  return 'implicit';
}

/**
 * A built-in provider that serves every catalog model with realistic behaviour and no keys: token
 * counts from a real tokenizer, reasoning for reasoning models, tool calls when tools are given,
 * structured output, prompt caching, time to first token and throughput drawn per endpoint, and a
 * configurable error rate. Seeded: the same seed and request give the same response.
 */
export class SimulatorProvider implements Provider {
  readonly id: string;
  readonly name: string;
  readonly endpoints: readonly ProviderEndpoint[];
  readonly embeddingEndpoints: readonly ProviderEndpoint[];
  readonly mediaEndpoints: readonly ProviderEndpoint[];
  private readonly cache: SimulatedPromptCache;
  private readonly endpointSpeed = new Map<string, { latencyMs: number; tokensPerSecond: number }>();

  private readonly errorRate: number;

  /**
   * The base simulated provider of a configuration, or (with `profile`) one of its extra endpoints:
   * the same models at other prices, speeds, error rates and quantizations.
   */
  constructor(
    private readonly config: SimulatorProviderConfig,
    catalog: ModelCatalog,
    profile?: SimulatorEndpointConfig,
  ) {
    this.id = profile ? `${config.id}-${profile.suffix}` : config.id;
    const caching = config.prompt_cache;
    this.cache = new SimulatedPromptCache(caching.ttl_ms, { blockTokens: caching.block_tokens, minimumTokens: caching.minimum_tokens });
    this.name = profile ? profile.name : config.name;
    this.errorRate = profile ? profile.error_rate : config.error_rate;
    const priceFactor = profile?.price_factor ?? 1;
    const speedFactor = profile?.speed_factor ?? 1;
    const quantization = profile?.quantization ?? 'bf16';
    const wanted = config.models === '*' ? null : new Set(config.models);
    const endpoints: ProviderEndpoint[] = [];
    for (const model of catalog.models) {
      if (wanted && !wanted.has(model.id)) continue;
      if (model.switchboard.alias_target) continue;
      const pricing = scalePricing(parsePricing(model.pricing), priceFactor);
      const endpoint: ProviderEndpoint = {
        id: `${this.id}/${model.id}`,
        providerId: this.id,
        providerName: this.name,
        model,
        upstreamModel: model.id,
        pricing,
        contextLength: model.top_provider.context_length ?? model.context_length,
        maxCompletionTokens: model.top_provider.max_completion_tokens,
        quantization: model.switchboard.open_weights ? quantization : null,
        supportedParameters: new Set(model.supported_parameters),
        dataCollection: profile?.data_collection ?? 'deny',
        zdr: profile?.zdr ?? true,
      };
      endpoints.push(endpoint);
      const random = new SeededRandom(hashText(endpoint.id, config.seed));
      this.endpointSpeed.set(endpoint.id, {
        latencyMs: random.logNormal(config.latency_ms.median / speedFactor, config.latency_ms.spread),
        tokensPerSecond: Math.max(5, random.logNormal(config.throughput.median * speedFactor, config.throughput.spread)),
      });
    }
    const served = (model: CatalogModel, pricing: Pricing) =>
      singleModelEndpoint({
        providerId: this.id,
        providerName: this.name,
        model,
        upstreamModel: model.id,
        pricing: scalePricing(pricing, priceFactor),
        dataCollection: profile?.data_collection ?? 'deny',
        zdr: profile?.zdr ?? true,
      });
    this.embeddingEndpoints = catalog.embeddingModels.filter((model) => !wanted || wanted.has(model.id)).map((model) => served(model, parsePricing(model.pricing)));
    this.mediaEndpoints = catalog.mediaModels.filter((model) => !wanted || wanted.has(model.id)).map((model) => served(model, mediaPricing(model)));
    if (wanted) {
      const missing = [...wanted].filter((id) => !catalog.get(id) && !catalog.embeddingModel(id) && !catalog.mediaModel(id));
      if (missing.length > 0) throw new Error(`simulator provider ${this.id}: models not in the catalog: ${missing.join(', ')}`);
    }
    this.endpoints = endpoints;
  }

  async generate(call: ProviderCall): Promise<GenerationResult> {
    return collectStream(this.stream(call));
  }

  async *stream(call: ProviderCall): AsyncIterable<StreamPart> {
    const { endpoint, request, signal } = call;
    const random = new SeededRandom(
      hashText(JSON.stringify([request.messages, request.tools ?? null, request.responseFormat ?? null, request.parameters.seed ?? null]), hashText(endpoint.id, this.config.seed)),
    );
    if (random.next() < this.errorRate) throw this.simulatedFailure(random, endpoint);
    const plan = this.plan(random, endpoint, request);

    yield { type: 'response-metadata', upstreamId: plan.upstreamId, model: endpoint.upstreamModel };
    let pendingDelayMs = plan.timeToFirstTokenMs;
    const pause = async (tokens: number) => {
      pendingDelayMs += tokens * plan.millisecondsPerToken;
      const scaled = pendingDelayMs * this.config.time_scale;
      if (scaled >= 10) {
        pendingDelayMs = 0;
        await sleep(scaled, undefined, { signal }).catch((error: unknown) => {
          throw signal.aborted ? signal.reason : error;
        });
      } else if (signal.aborted) {
        throw signal.reason;
      }
    };
    await pause(0);

    const author = endpoint.model.switchboard.author;
    for (const [index, piece] of plan.reasoningPieces.entries()) {
      const last = index === plan.reasoningPieces.length - 1;
      if (plan.reasoningVisible) {
        const details: ReasoningDetail[] = [{ type: 'reasoning.text', text: piece, format: reasoningFormats[author] ?? 'unknown', index: 0 }];
        if (last && author === 'anthropic') details.push({ type: 'reasoning.text', text: '', signature: `sig_${plan.upstreamId}`, format: 'anthropic-claude-v1', index: 0 });
        yield { type: 'reasoning-delta', text: piece, details };
      }
      await pause(countTextTokens(piece));
    }
    // Log probabilities when asked (`logprobs`, `top_logprobs` alternatives), from their own seed: asking for them changes no text.
    const wantsLogprobs = request.parameters.logprobs === true || typeof request.parameters.top_logprobs === 'number';
    const logprobRandom = new SeededRandom(hashText(plan.upstreamId, 7));
    const top = typeof request.parameters.top_logprobs === 'number' ? Math.min(20, Math.max(0, Math.round(request.parameters.top_logprobs))) : 0;
    for (const piece of plan.contentPieces) {
      yield wantsLogprobs ? { type: 'text-delta', text: piece, logprobs: simulatedLogprobs(logprobRandom, piece, top) } : { type: 'text-delta', text: piece };
      await pause(Math.max(1, Math.round(piece.length / 4)));
    }
    for (const [index, toolCall] of plan.toolCalls.entries()) {
      for (const [pieceIndex, piece] of toolCall.argumentPieces.entries()) {
        yield pieceIndex === 0 ? { type: 'tool-call-delta', index, id: toolCall.id, name: toolCall.name, argumentsDelta: piece } : { type: 'tool-call-delta', index, argumentsDelta: piece };
        await pause(Math.max(1, Math.round(piece.length / 4)));
      }
    }
    yield {
      type: 'finish',
      finishReason: plan.finishReason,
      nativeFinishReason: nativeFinishReasons[author]?.[plan.finishReason] ?? plan.finishReason,
      usage: {
        promptTokens: plan.promptTokens,
        completionTokens: plan.completionTokens,
        reasoningTokens: plan.reasoningTokens,
        cachedTokens: plan.cachedTokens,
        cacheWriteTokens: plan.cacheWriteTokens,
        raw: { simulated: true },
      },
    };
  }

  /** Deterministic unit vectors of the model's size (or the requested `dimensions`), tokens counted with the tokenizer. */
  async embed(call: EmbeddingCall): Promise<EmbeddingResult> {
    const { endpoint, inputs } = call;
    const random = new SeededRandom(hashText(inputs.join('\u0000'), hashText(endpoint.id, this.config.seed)));
    if (random.next() < this.errorRate) throw this.simulatedFailure(random, endpoint);
    const dimensions = call.dimensions ?? endpoint.model.switchboard.embedding_dimensions ?? 1024;
    const promptTokens = inputs.reduce((sum, input) => sum + countTextTokens(input), 0);
    const delayMs = this.endpointSpeed.get(endpoint.id)?.latencyMs ?? this.config.latency_ms.median;
    const scaled = (delayMs / 4) * this.config.time_scale;
    if (scaled >= 1) await sleep(scaled, undefined, { signal: call.signal });
    return {
      vectors: inputs.map((input) => simulatedEmbedding(input, endpoint.model.id, dimensions, this.config.seed)),
      promptTokens,
      upstreamId: `sim-emb-${(random.next() * 2 ** 48).toString(36).replace('.', '')}`,
    };
  }

  /** Fails as often as the endpoint's error rate, then waits a share of its latency: what every simulated media call begins with. */
  private async mediaCall(key: string, endpoint: ProviderEndpoint, signal: AbortSignal, share: number): Promise<SeededRandom> {
    const random = new SeededRandom(hashText(key, hashText(endpoint.id, this.config.seed)));
    if (random.next() < this.errorRate) throw this.simulatedFailure(random, endpoint);
    const delayMs = (this.endpointSpeed.get(endpoint.id)?.latencyMs ?? this.config.latency_ms.median) * share * this.config.time_scale;
    if (delayMs >= 1) await sleep(delayMs, undefined, { signal });
    return random;
  }

  /** Relevance by the words a document shares with the query; one search unit per 100 documents, as Cohere bills. */
  async rerank(call: RerankCall): Promise<RerankResult> {
    const random = await this.mediaCall(`${call.query}\u0000${call.documents.join('\u0000')}`, call.endpoint, call.signal, 0.25);
    const scores = simulatedRelevance(call.query, call.documents, this.config.seed);
    const results = scores.map((relevanceScore, index) => ({ index, relevanceScore })).sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index);
    const perUnit = call.endpoint.model.switchboard.media?.documents_per_unit ?? 100;
    return {
      results: call.topN === undefined ? results : results.slice(0, call.topN),
      searchUnits: Math.max(1, Math.ceil(call.documents.length / perUnit)),
      totalTokens: countTextTokens(call.query) * call.documents.length + call.documents.reduce((sum, document) => sum + countTextTokens(document), 0),
      upstreamId: `sim-rr-${(random.next() * 2 ** 48).toString(36).replace('.', '')}`,
    };
  }

  /** `n` real PNGs of the prompt (64×64; PNG whatever format was asked, and said so); prompt tokens counted where the model bills them. */
  async generateImages(call: ImageCall): Promise<ImageResult> {
    const random = await this.mediaCall(`${call.prompt}\u0000${call.n}\u0000${call.seed ?? ''}`, call.endpoint, call.signal, 2);
    const seed = call.seed ?? this.config.seed;
    return {
      images: Array.from({ length: call.n }, (_, index) => ({ base64: simulatedPng(call.prompt, index, seed).toString('base64'), mediaType: 'image/png' })),
      promptTokens: countTextTokens(call.prompt),
      upstreamId: `sim-img-${(random.next() * 2 ** 48).toString(36).replace('.', '')}`,
    };
  }

  /** The text spoken as a tone of the voice's pitch, as long as the text takes to say: WAV or raw PCM (the simulator encodes nothing else). */
  async speak(call: SpeechCall): Promise<SpeechResult> {
    if (call.format !== 'wav' && call.format !== 'pcm')
      throw new GatewayError('invalid_request', `The simulator speaks wav and pcm, not ${call.format}: set response_format to "wav" or "pcm"`, { metadata: { provider_name: this.name } });
    const random = await this.mediaCall(`${call.voice}\u0000${call.input}`, call.endpoint, call.signal, 1);
    const pcm = simulatedSpeechPcm(call.input, call.voice, call.speed ?? 1);
    return {
      audio: call.format === 'wav' ? wavFromPcm(pcm) : pcm,
      mediaType: call.format === 'wav' ? 'audio/wav' : 'audio/pcm',
      upstreamId: `sim-tts-${(random.next() * 2 ** 48).toString(36).replace('.', '')}`,
    };
  }

  /** Words for the audio's length (about two and a half a second), with segments and word timings when asked. */
  async transcribe(call: TranscriptionCall): Promise<TranscriptionResult> {
    const random = await this.mediaCall(call.audio.subarray(0, 4096).toString('base64'), call.endpoint, call.signal, 1);
    const seconds = Math.round(audioSeconds(call.audio, call.format) * 1000) / 1000;
    const text = simulatedTextPieces(random, Math.max(1, Math.round(seconds * 3)), 'answer')
      .join('')
      .trim();
    const spoken = text.split(/\s+/).filter(Boolean);
    const step = spoken.length > 0 ? seconds / spoken.length : seconds;
    const words = spoken.map((word, index) => ({ word, start: Math.round(index * step * 1000) / 1000, end: Math.round((index + 1) * step * 1000) / 1000 }));
    const segments: TranscriptionResult['segments'] = [];
    for (let start = 0; start < words.length; start += 25) {
      const part = words.slice(start, start + 25);
      segments.push({ id: segments.length, start: part[0]!.start, end: part[part.length - 1]!.end, text: part.map((word) => word.word).join(' ') });
    }
    return {
      text,
      language: call.language ?? 'en',
      durationSeconds: seconds,
      segments: call.timestamps.includes('segment') ? segments : null,
      words: call.timestamps.includes('word') ? words : null,
      upstreamId: `sim-stt-${(random.next() * 2 ** 48).toString(36).replace('.', '')}`,
    };
  }

  private simulatedFailure(random: SeededRandom, endpoint: ProviderEndpoint): GatewayError {
    const rateLimited = random.next() < 0.4;
    const raw = rateLimited
      ? { error: { message: 'Rate limit reached for requests (simulated)', type: 'rate_limit_error' } }
      : { error: { message: 'The server had an error while processing your request (simulated)', type: 'server_error' } };
    return new GatewayError(rateLimited ? 'upstream_rate_limited' : 'upstream_error', `${endpoint.providerName} returned an error: ${raw.error.message}`, {
      metadata: { provider_name: endpoint.providerName, raw: JSON.stringify(raw), provider_code: rateLimited ? 429 : 500 },
      headers: rateLimited ? { 'Retry-After': '1' } : {},
    });
  }

  private plan(random: SeededRandom, endpoint: ProviderEndpoint, request: GenerationRequest): Plan {
    const model = endpoint.model;
    // Each message counted once: the prefix cache takes the per-message counts, the prompt their total.
    const counted = countPromptTokensByMessage(request.messages, request.tools);
    const messageTokens = counted.messages;
    const promptTokens = request.promptFormat === 'text' ? countRequestPromptTokens(request) : counted.total;
    if (endpoint.contextLength !== null && promptTokens > endpoint.contextLength) {
      throw new GatewayError('context_length_exceeded', `This endpoint's maximum context length is ${endpoint.contextLength} tokens. However, you requested about ${promptTokens} tokens.`, {
        metadata: { provider_name: endpoint.providerName, raw: JSON.stringify({ error: { message: 'context length exceeded', code: 'context_length_exceeded' } }) },
      });
    }
    const scope = `${endpoint.id}`;
    const cache = this.cache.lookup(cachingMode(model, endpoint), scope, request.messages, messageTokens, Date.now(), () => encodeText(promptTextOf(request)));

    const available = Math.max(
      1,
      Math.min(request.maxTokens ?? Number.POSITIVE_INFINITY, endpoint.maxCompletionTokens ?? Number.POSITIVE_INFINITY, (endpoint.contextLength ?? Infinity) - promptTokens),
    );

    // Reasoning: on for reasoning models unless switched off; the effort scales its length.
    const reasoningOptions = request.reasoning;
    // Models that reason by default do so unless switched off; the others (Claude …) only when asked.
    const asked = reasoningOptions !== undefined && (reasoningOptions.enabled === true || reasoningOptions.effort !== undefined || reasoningOptions.max_tokens !== undefined);
    const reasoningEnabled = model.switchboard.reasoning && reasoningOptions?.enabled !== false && reasoningOptions?.effort !== 'none' && (model.switchboard.reasoning_default !== false || asked);
    // min_tokens (vLLM's parameter) fixes the completion's length from below; with it, reasoning
    // uses its whole reasoning.max_tokens budget, so a replay can ask for exact token counts.
    const minTokens = typeof request.parameters.min_tokens === 'number' ? Math.min(request.parameters.min_tokens, available) : null;
    const exact = minTokens !== null;
    let reasoningTarget = 0;
    if (reasoningEnabled) {
      const scale = effortScale[reasoningOptions?.effort ?? 'medium'] ?? 1;
      reasoningTarget = Math.round(random.logNormal(this.config.reasoning_tokens.median, this.config.reasoning_tokens.spread) * scale);
      if (reasoningOptions?.max_tokens !== undefined) reasoningTarget = exact ? reasoningOptions.max_tokens : Math.min(reasoningTarget, reasoningOptions.max_tokens);
      reasoningTarget = Math.max(exact ? 0 : 1, Math.min(reasoningTarget, available - 1));
    }
    const reasoningPieces = reasoningTarget > 0 ? (exact ? exactTextPieces : simulatedTextPieces)(random, reasoningTarget, 'reasoning') : [];
    let reasoningTokens = countTextTokens(reasoningPieces.join(''));
    const reasoningLimit = Math.min(available - 1, reasoningOptions?.max_tokens ?? Number.POSITIVE_INFINITY);
    while (reasoningPieces.length > 0 && reasoningTokens > reasoningLimit) {
      reasoningPieces.pop();
      reasoningTokens = countTextTokens(reasoningPieces.join(''));
    }
    let budget = available - reasoningTokens;

    // Tools: called when required or named, and usually when the last turn is the user's.
    const tools = request.tools ?? [];
    const choice = request.toolChoice;
    const lastRole = request.messages.at(-1)?.role;
    const callsTool = tools.length > 0 && choice !== 'none' && (choice === 'required' || typeof choice === 'object' || (lastRole === 'user' && random.next() < 0.85));
    const toolCalls: SimulatedToolCall[] = [];
    let contentPieces: string[] = [];
    let finishReason: FinishReason = 'stop';
    let toolTokens = 0;

    if (callsTool) {
      const named = typeof choice === 'object' ? tools.find((tool) => tool.function.name === choice.function.name) : undefined;
      const count = named || request.parallelToolCalls === false || tools.length === 1 ? 1 : random.next() < 0.25 ? 2 : 1;
      for (let index = 0; index < count; index++) {
        const tool = named ?? random.pick(tools);
        const argumentsText = JSON.stringify(simulatedJsonValue(random, tool.function.parameters ?? { type: 'object', properties: {} }));
        toolCalls.push({
          id: `call_${(hashText(argumentsText, random.integer(0, 2 ** 31)) >>> 0).toString(36)}${index}`,
          name: tool.function.name,
          argumentPieces: splitIntoPieces(argumentsText, random.integer(3, 9)),
        });
        toolTokens += 4 + countTextTokens(tool.function.name) + countTextTokens(argumentsText);
      }
      finishReason = 'tool_calls';
    } else if (request.responseFormat && request.responseFormat.type !== 'text') {
      const schema = request.responseFormat.type === 'json_schema' ? request.responseFormat.json_schema.schema : { type: 'object', properties: { answer: { type: 'string' } } };
      const json = JSON.stringify(simulatedJsonValue(random, schema));
      contentPieces = splitIntoPieces(json, random.integer(4, 10));
    } else {
      const target = Math.max(1, Math.round(random.logNormal(this.config.completion_tokens.median, this.config.completion_tokens.spread)));
      contentPieces = simulatedTextPieces(random, Math.min(target, Math.max(1, budget)), 'answer');
      if (target > budget) finishReason = 'length';
    }

    if (minTokens !== null) {
      // Fill up to min_tokens (or to max_tokens when the answer runs into it): a longer answer, or words before a tool call.
      const room = budget - toolTokens;
      const natural = countTextTokens(contentPieces.join(''));
      const cut = toolCalls.length === 0 && (finishReason === 'length' || natural > room);
      const wanted = cut ? room : Math.min(room, minTokens - reasoningTokens - toolTokens);
      if (wanted > 0 && (cut || toolCalls.length > 0 || natural < wanted)) {
        contentPieces = exactTextPieces(random, wanted, 'answer');
        if (toolCalls.length === 0 && wanted >= room) finishReason = 'length';
      }
    }
    let contentTokens = countTextTokens(contentPieces.join(''));
    budget -= toolTokens;
    if (contentTokens > budget && finishReason !== 'tool_calls') {
      // Cut the answer at the token budget, as a provider stops at max_tokens.
      while (contentPieces.length > 0 && contentTokens > budget) {
        contentPieces.pop();
        contentTokens = countTextTokens(contentPieces.join(''));
      }
      finishReason = 'length';
    }
    const speed = this.endpointSpeed.get(endpoint.id)!;
    const prefillMs = ((promptTokens - cache.cachedTokens) / 8000) * 1000;
    return {
      upstreamId: `sim-${(random.next() * 2 ** 48).toString(36).replace('.', '')}`,
      promptTokens,
      cachedTokens: cache.cachedTokens,
      cacheWriteTokens: cache.cacheWriteTokens,
      reasoningPieces,
      reasoningVisible: reasoningOptions?.exclude !== true,
      contentPieces,
      toolCalls,
      completionTokens: reasoningTokens + contentTokens + toolTokens,
      reasoningTokens,
      finishReason,
      timeToFirstTokenMs: random.logNormal(speed.latencyMs, 0.25) + prefillMs,
      millisecondsPerToken: 1000 / random.logNormal(speed.tokensPerSecond, 0.1),
    };
  }
}
