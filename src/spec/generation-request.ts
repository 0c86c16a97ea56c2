import type { ChatMessage, ReasoningOptions, ResponseFormat, ToolChoice, ToolDefinition } from './chat-message.js';

/** How the request reached the gateway; recorded as the generation's api_type. */
export type ApiType = 'completions' | 'embeddings';

/** OpenRouter's `provider` routing preferences (the subset the router understands is in routing/). */
export interface ProviderPreferences {
  order?: string[];
  allow_fallbacks?: boolean;
  require_parameters?: boolean;
  data_collection?: 'allow' | 'deny';
  zdr?: boolean;
  only?: string[];
  ignore?: string[];
  quantizations?: string[];
  sort?: string | { by: string; partition?: string };
  max_price?: { prompt?: number; completion?: number; request?: number };
  preferred_min_throughput?: number | { p50?: number; p75?: number; p90?: number; p99?: number };
  preferred_max_latency?: number | { p50?: number; p75?: number; p90?: number; p99?: number };
  [key: string]: unknown;
}

/** One generation request in the internal model, independent of the inbound wire format. */
export interface GenerationRequest {
  model: string;
  models?: string[];
  messages: ChatMessage[];
  /** 'text' for legacy completions: the one user message is the raw prompt, sent without chat framing. */
  promptFormat?: 'text';
  stream: boolean;
  maxTokens?: number;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningOptions;
  /** Sampling and other parameters forwarded verbatim to providers that accept them (temperature, stop, seed …). */
  parameters: Record<string, unknown>;
  provider?: ProviderPreferences;
  user?: string;
  sessionId?: string;
}
