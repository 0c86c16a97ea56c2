import { Agent, FormData, request as undiciRequest } from 'undici';
import type { ModelCatalog } from '../../catalog/model-catalog.js';
import type { HttpProviderConfig } from '../../config/config-schema.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import { EventTooLargeError, parseServerSentEvents } from './parse-server-sent-events.js';
import type { EmbeddingCall, EmbeddingResult, Provider, ProviderCall, ProviderEndpoint } from '../provider.js';
import { buildEmbeddingEndpoints, buildEndpoints, buildMediaEndpoints } from './build-endpoints.js';
import type { ImageCall, ImageResult, RerankCall, RerankResult, SpeechCall, SpeechResult, TranscriptionCall, TranscriptionResult } from '../media-call.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ProviderProtocol, UpstreamRequest } from './provider-protocol.js';
import { answerTooLarge, BodyTooLargeError, readCappedBody } from './read-capped-body.js';
import { invalidResponse, mapTransportError, mapUpstreamHttpError } from './upstream-errors.js';

/** How much of an error body is read: the message is in the first bytes; the rest is dropped. */
const maxErrorBodyBytes = 64 * 1024;
/** An embeddings answer may be larger than max_response_bytes by this much per input (a 3,072-float vector as JSON). */
const embeddingBytesPerInput = 96 * 1024;

export interface HttpProviderOptions {
  config: HttpProviderConfig;
  catalog: ModelCatalog;
  protocol: ProviderProtocol;
  /** Display name and base URL when the configuration leaves them to a preset. */
  defaults?: { name?: string; baseUrl?: string };
  /** Resolved from api_key_env / api_key_secret; read per request, never logged. */
  apiKey: () => string | undefined;
  /** Injected HTTP dispatcher (tests, proxies); a keep-alive pool by default. */
  dispatcher?: Agent;
}

/**
 * A provider reached over HTTP in one wire format: the protocol converts, this class calls — a
 * keep-alive connection pool, the configured headers and key, time limits, cancellation with the
 * client, and every failure mapped to a GatewayError that names the provider and keeps its words.
 */
export class HttpProvider implements Provider {
  readonly id: string;
  readonly name: string;
  readonly endpoints: readonly ProviderEndpoint[];
  readonly embeddingEndpoints: readonly ProviderEndpoint[];
  readonly mediaEndpoints: readonly ProviderEndpoint[];
  readonly baseUrl: string;
  private readonly dispatcher: Agent;
  private readonly ownsDispatcher: boolean;

  constructor(protected readonly options: HttpProviderOptions) {
    const { config } = options;
    const baseUrl = config.base_url ?? options.defaults?.baseUrl;
    if (!baseUrl) throw new Error(`provider ${config.id}: base_url is required (or a preset)`);
    this.id = config.id;
    this.name = config.name ?? options.defaults?.name ?? config.id;
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new Agent({ connections: 256, keepAliveTimeout: 30_000, headersTimeout: config.timeout_ms, bodyTimeout: config.timeout_ms });
    this.endpoints = buildEndpoints(config, this.id, this.name, options.catalog);
    this.embeddingEndpoints = buildEmbeddingEndpoints(config, this.id, this.name, options.catalog);
    if (this.embeddingEndpoints.length > 0 && !options.protocol.embeddingRequest)
      throw new Error(`provider ${config.id}: the ${config.kind} format has no embeddings; list embedding_models on an openai-compatible or gemini provider`);
    this.mediaEndpoints = buildMediaEndpoints(config, this.id, this.name, options.catalog);
    if (this.mediaEndpoints.length > 0 && !options.protocol.media)
      throw new Error(`provider ${config.id}: the ${config.kind} format has no media endpoints; list media_models on an openai-compatible provider`);
  }

  /** `ownKey`: the account's own key (BYOK) instead of the gateway's. */
  private async post(upstream: UpstreamRequest, signal: AbortSignal, stream: boolean, ownKey?: string) {
    const { protocol, config } = this.options;
    const form = upstream.body instanceof FormData ? upstream.body : null;
    // A form's content type (with its boundary) is set by the client as it encodes the form.
    const headers: Record<string, string> = { ...(form ? {} : { 'content-type': 'application/json' }), ...config.headers, ...(upstream.headers ?? {}) };
    const apiKey = ownKey ?? this.options.apiKey();
    if (apiKey) Object.assign(headers, protocol.authHeaders(apiKey));
    if (stream) headers.accept = 'text/event-stream';
    let response: Awaited<ReturnType<typeof undiciRequest>>;
    try {
      response = await undiciRequest(`${this.baseUrl}${upstream.path}`, { method: 'POST', headers, body: form ?? JSON.stringify(upstream.body), signal, dispatcher: this.dispatcher });
    } catch (error) {
      throw mapTransportError(this.name, config.timeout_ms, error, signal);
    }
    if (response.statusCode >= 400) {
      const text = await readCappedBody(response.body, maxErrorBodyBytes).then(
        (bytes) => bytes.toString('utf8'),
        (error: unknown) => (error instanceof BodyTooLargeError ? '(an error body larger than 64 KiB, not read)' : ''),
      );
      const retryAfter = response.headers['retry-after'];
      throw mapUpstreamHttpError(this.name, response.statusCode, text, typeof retryAfter === 'string' ? retryAfter : null, protocol.errorMessage(text));
    }
    return response;
  }

  private async postForJson(upstream: UpstreamRequest, signal: AbortSignal, maxBytes = this.options.config.max_response_bytes, ownKey?: string): Promise<unknown> {
    const response = await this.post(upstream, signal, false, ownKey);
    let text: string;
    try {
      text = (await readCappedBody(response.body, maxBytes)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw answerTooLarge(this.name, maxBytes);
      throw mapTransportError(this.name, this.options.config.timeout_ms, error, signal);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw invalidResponse(this.name, `body is not JSON: ${text.slice(0, 200)}`);
    }
  }

  async generate(call: ProviderCall): Promise<GenerationResult> {
    const body = await this.postForJson(this.options.protocol.request(call, false), call.signal, undefined, call.endpoint.credential?.apiKey);
    return this.options.protocol.parseResponse(body, call.request);
  }

  async embed(call: EmbeddingCall): Promise<EmbeddingResult> {
    const { protocol } = this.options;
    if (!protocol.embeddingRequest || !protocol.parseEmbeddings) throw new Error(`provider ${this.id} has no embeddings`);
    const body = await this.postForJson(
      protocol.embeddingRequest(call),
      call.signal,
      this.options.config.max_response_bytes + call.inputs.length * embeddingBytesPerInput,
      call.endpoint.credential?.apiKey,
    );
    return protocol.parseEmbeddings(body, call);
  }

  /** An answer that is bytes (speech), with its content type. */
  private async postForBytes(upstream: UpstreamRequest, signal: AbortSignal, ownKey?: string): Promise<{ bytes: Buffer; contentType: string | null }> {
    const response = await this.post(upstream, signal, false, ownKey);
    const maxBytes = this.options.config.max_response_bytes;
    try {
      const bytes = await readCappedBody(response.body, maxBytes);
      const contentType = response.headers['content-type'];
      return { bytes, contentType: typeof contentType === 'string' ? contentType : null };
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw answerTooLarge(this.name, maxBytes);
      throw mapTransportError(this.name, this.options.config.timeout_ms, error, signal);
    }
  }

  private get media() {
    const media = this.options.protocol.media;
    if (!media) throw new GatewayError('no_provider_available', `${this.name} has no media endpoints`);
    return media;
  }

  async rerank(call: RerankCall): Promise<RerankResult> {
    const body = await this.postForJson(this.media.rerankRequest(call), call.signal, undefined, call.endpoint.credential?.apiKey);
    return this.media.parseRerank(body, call);
  }

  async generateImages(call: ImageCall): Promise<ImageResult> {
    const body = await this.postForJson(this.media.imageRequest(call), call.signal, undefined, call.endpoint.credential?.apiKey);
    return this.media.parseImages(body, call);
  }

  async speak(call: SpeechCall): Promise<SpeechResult> {
    const { bytes, contentType } = await this.postForBytes(this.media.speechRequest(call), call.signal, call.endpoint.credential?.apiKey);
    if (bytes.length === 0) throw invalidResponse(this.name, 'the speech answer is empty');
    if (contentType !== null && /json|text\/html/i.test(contentType)) throw invalidResponse(this.name, `the speech answer is ${contentType.slice(0, 60)}, not audio`);
    return { audio: bytes, mediaType: contentType ?? 'application/octet-stream', upstreamId: null };
  }

  async transcribe(call: TranscriptionCall): Promise<TranscriptionResult> {
    const body = await this.postForJson(this.media.transcriptionRequest(call), call.signal, undefined, call.endpoint.credential?.apiKey);
    return this.media.parseTranscription(body, call);
  }

  async *stream(call: ProviderCall): AsyncIterable<StreamPart> {
    const response = await this.post(this.options.protocol.request(call, true), call.signal, true, call.endpoint.credential?.apiKey);
    const converter = this.options.protocol.streamConverter(call.request);
    try {
      for await (const event of parseServerSentEvents(response.body)) {
        yield* converter.push(event);
        if (converter.done) break;
      }
    } catch (error) {
      if (error instanceof EventTooLargeError) {
        response.body.destroy();
        throw invalidResponse(this.name, error.message);
      }
      throw mapTransportError(this.name, this.options.config.timeout_ms, error, call.signal);
    }
    yield* converter.end();
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
