import type { Pricing } from '../accounting/pricing.js';
import type { CatalogModel } from '../catalog/catalog-model.js';
import type { GenerationRequest } from '../spec/generation-request.js';
import type { GenerationResult, StreamPart } from '../spec/stream-part.js';
import type { MediaProvider } from './media-call.js';

/** One model served by one provider: what routing chooses among and what the endpoints API lists. */
export interface ProviderEndpoint {
  /** Unique id: `<provider id>/<model id>`. */
  id: string;
  /** Routing slug of the provider (provider.order, only, ignore match on it). */
  providerId: string;
  /** Display name of the provider, as responses report it. */
  providerName: string;
  model: CatalogModel;
  /** The model name sent to the provider's API. */
  upstreamModel: string;
  pricing: Pricing;
  contextLength: number | null;
  maxCompletionTokens: number | null;
  quantization: string | null;
  supportedParameters: ReadonlySet<string>;
  dataCollection: 'allow' | 'deny';
  /** Zero data retention: the provider keeps no prompts or completions (for provider.zdr). */
  zdr: boolean;
  /** Most milliseconds a whole (not streamed) answer may take, request to last byte; none when absent. */
  timeoutMs?: number;
  /**
   * The account's own key for this provider (BYOK), on an attempt routing made for it: the call is
   * sent with it instead of the gateway's key. The endpoint's id then names the BYOK key too, so its
   * failures count apart from the gateway's own.
   */
  credential?: { apiKey: string; byokKeyId: string };
}

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
  /** Who counted the tokens: the provider's usage, or Switchboard's tokenizer when the provider reports none. */
  countedBy: 'provider' | 'switchboard';
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
