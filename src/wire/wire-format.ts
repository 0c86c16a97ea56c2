import type { GatewayError } from '../errors/gateway-error.js';
import type { GenerationResult, StreamPart } from '../spec/stream-part.js';
import type { CostBreakdown } from '../accounting/compute-cost.js';
import type { Usage } from '../spec/usage.js';

/** What every response and chunk of one generation carries. */
export interface ResponseIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The catalog model that served the request. */
  model: string;
  /** Display name of the provider that served it. */
  provider: string;
}

export interface BilledUsage {
  usage: Usage;
  cost: CostBreakdown;
  isByok: boolean;
}

/** One Server-Sent Event of a response stream: an optional event name and its JSON data. */
export interface StreamEvent {
  event?: string;
  data: unknown;
}

/** Renders one streamed generation as the events of an inbound wire format. */
export interface ChunkRenderer {
  /** The events for one part (none for parts the format does not show). */
  part(part: StreamPart): StreamEvent[];
  /** The closing events once the generation finished: finish reason and billed usage. */
  finish(finishReason: string | null, nativeFinishReason: string | null, billed: BilledUsage): StreamEvent[];
  /** A failure after the stream started (OpenRouter: a chunk with `error` and finish_reason "error"). */
  error(error: unknown): StreamEvent[];
  /** Whether the stream ends with `data: [DONE]` (OpenAI's formats) or not (Anthropic's, Responses). */
  readonly endsWithDone: boolean;
}

/** How the gateway answers in one inbound format: a whole response, a stream of events, its errors. */
export interface ResponseFormatter {
  whole(identity: ResponseIdentity, result: GenerationResult, billed: BilledUsage): Record<string, unknown>;
  chunks(identity: ResponseIdentity): ChunkRenderer;
  /** The error body of this format (OpenRouter's when absent). */
  errorBody?(error: GatewayError): unknown;
}
