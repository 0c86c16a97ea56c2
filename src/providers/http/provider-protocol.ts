import type { GenerationRequest } from '../../spec/generation-request.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import type { ServerSentEvent } from './parse-server-sent-events.js';
import type { EmbeddingCall, EmbeddingResult, ProviderCall } from '../provider.js';
import type { ImageCall, ImageResult, RerankCall, RerankResult, SpeechCall, TranscriptionCall, TranscriptionResult } from '../media-call.js';

/** The HTTP request a protocol makes for one call. */
export interface UpstreamRequest {
  /** Path under the provider's base URL, with any query string (e.g. `/messages`, `/models/x:streamGenerateContent?alt=sse`). */
  path: string;
  /** Sent as JSON, or as multipart/form-data when it is a FormData (file uploads). */
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Turns one provider's stream events into stream parts. One instance per stream: it keeps the
 * state a format needs (open content blocks, tool-call indexes, usage seen so far).
 */
export interface StreamConverter {
  /** The parts one upstream event produces (often none). Throws a GatewayError on an error event. */
  push(event: ServerSentEvent): StreamPart[];
  /** True once the upstream said the stream is complete (OpenAI's [DONE], Anthropic's message_stop …). */
  readonly done: boolean;
  /** The closing parts when the events end (the `finish` part with usage); throws when the stream was cut short. */
  end(): StreamPart[];
}

/**
 * One upstream wire format (OpenAI Chat Completions, Anthropic Messages, Gemini, OpenAI Responses):
 * the converters between the internal model and that format. Transport, timeouts and HTTP errors
 * are the HttpProvider's.
 */
export interface ProviderProtocol {
  /** Headers that carry the API key. */
  authHeaders(apiKey: string): Record<string, string>;
  request(call: ProviderCall, stream: boolean): UpstreamRequest;
  /** A whole response body (parsed JSON) → result. Throws GatewayError('upstream_invalid_response') on a body it cannot read. */
  parseResponse(body: unknown, request: GenerationRequest): GenerationResult;
  streamConverter(request: GenerationRequest): StreamConverter;
  /** The readable message of an error body (the provider's own words). */
  errorMessage(body: string): string;
  /** Embeddings, for formats that have them (OpenAI's /embeddings, Gemini's batchEmbedContents). */
  embeddingRequest?(call: EmbeddingCall): UpstreamRequest;
  parseEmbeddings?(body: unknown, call: EmbeddingCall): EmbeddingResult;
  /** Rerank, images, speech and transcription, for formats that have them (OpenAI's and its copies). */
  media?: MediaProtocol;
}

/** The media requests of one wire format and the readers of their answers (speech answers are audio bytes, read as they come). */
export interface MediaProtocol {
  rerankRequest(call: RerankCall): UpstreamRequest;
  parseRerank(body: unknown, call: RerankCall): RerankResult;
  imageRequest(call: ImageCall): UpstreamRequest;
  parseImages(body: unknown, call: ImageCall): ImageResult;
  speechRequest(call: SpeechCall): UpstreamRequest;
  transcriptionRequest(call: TranscriptionCall): UpstreamRequest;
  parseTranscription(body: unknown, call: TranscriptionCall): TranscriptionResult;
}
