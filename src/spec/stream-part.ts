import type { GatewayError } from '../errors/gateway-error.js';
import type { ReasoningDetail, ToolCall } from './chat-message.js';
import type { FinishReason } from './finish-reason.js';
import type { TokenLogprob } from './logprobs.js';
import type { ReportedUsage } from './usage.js';

/**
 * What a provider emits while it generates: typed parts, never raw wire chunks. The `finish` part
 * is the single source of usage for billing and the generation log.
 */
export type StreamPart =
  | { type: 'response-metadata'; upstreamId?: string; model?: string }
  | { type: 'text-delta'; text: string /** The log probabilities of this text's tokens, when asked for and given. */; logprobs?: TokenLogprob[] }
  | { type: 'reasoning-delta'; text: string; details?: ReasoningDetail[] }
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'finish'; finishReason: FinishReason | null; nativeFinishReason: string | null; usage: ReportedUsage }
  | { type: 'error'; error: GatewayError };

/** A whole (non-streamed) generation, as a provider returns it. */
export interface GenerationResult {
  upstreamId: string | null;
  content: string | null;
  reasoning: string | null;
  reasoningDetails: ReasoningDetail[];
  toolCalls: ToolCall[];
  finishReason: FinishReason | null;
  nativeFinishReason: string | null;
  usage: ReportedUsage;
  /** The content tokens' log probabilities, when the request asked for them and the provider gave them. */
  logprobs?: TokenLogprob[] | null;
}
