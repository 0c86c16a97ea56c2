import type { GenerationResult, StreamPart } from '../spec/stream-part.js';
import type { BilledUsage, ResponseIdentity } from './openai-chat/render-chat-response.js';

/** Renders one streamed generation as the chunks of an inbound wire format. */
export interface ChunkRenderer {
  /** The chunk for one delta part, or null for parts that produce no chunk. */
  part(part: StreamPart): Record<string, unknown> | null;
  finish(finishReason: string | null, nativeFinishReason: string | null): Record<string, unknown>;
  /** The final usage chunk (after the finish chunk, before [DONE]). */
  usage(billed: BilledUsage): Record<string, unknown>;
  /** A failure after the stream started, as OpenRouter sends it: a chunk with `error`. */
  error(error: unknown): Record<string, unknown>;
}

/** How the gateway answers in one inbound format: a whole response, or a stream of chunks. */
export interface ResponseFormatter {
  whole(identity: ResponseIdentity, result: GenerationResult, billed: BilledUsage): Record<string, unknown>;
  chunks(identity: ResponseIdentity): ChunkRenderer;
}
