import type { GenerationRequest } from '../spec/generation-request.js';
import type { GenerationResult, StreamPart } from '../spec/stream-part.js';
import type { MediaProvider } from './media-call.js';
import type { ProviderEndpoint } from './provider-endpoint.js';

export type { ProviderEndpoint } from './provider-endpoint.js';

export interface ProviderCall {
  request: GenerationRequest;
  endpoint: ProviderEndpoint;
  /** Aborted when the client goes away or a time limit passes. */
  signal: AbortSignal;
}

/** One embeddings request to one endpoint. */
export interface EmbeddingCall {
  endpoint: ProviderEndpoint;
  inputs: string[];
  /** Requested output size, for models that can shorten their vectors. */
  dimensions?: number;
  signal: AbortSignal;
}

export interface EmbeddingResult {
  /** One vector per input, in input order. */
  vectors: number[][];
  /** Input tokens as the provider reported them (checked when billed), or as Switchboard counted them. */
  promptTokens: unknown;
  upstreamId: string | null;
}

/**
 * A provider adapter: converts the internal request to the provider's wire format, calls it, and
 * converts the answer back into stream parts or a whole result. Adapters only convert and call;
 * routing, accounting and logging happen around them.
 */
export interface Provider extends MediaProvider {
  readonly id: string;
  readonly name: string;
  readonly endpoints: readonly ProviderEndpoint[];
  stream(call: ProviderCall): AsyncIterable<StreamPart>;
  generate(call: ProviderCall): Promise<GenerationResult>;
  /** Embedding models this provider serves (POST /api/v1/embeddings). */
  readonly embeddingEndpoints?: readonly ProviderEndpoint[];
  embed?(call: EmbeddingCall): Promise<EmbeddingResult>;
  close?(): Promise<void>;
}
