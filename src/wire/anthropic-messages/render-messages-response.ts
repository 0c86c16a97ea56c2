import { GatewayError } from '../../errors/gateway-error.js';
import type { ReasoningDetail } from '../../spec/chat-message.js';
import type { GenerationResult, StreamPart } from '../../spec/stream-part.js';
import type { BilledUsage, ChunkRenderer, ResponseFormatter, ResponseIdentity, StreamEvent } from '../wire-format.js';

const anthropicFormat = 'anthropic-claude-v1';

/** The normalised finish reason as Anthropic's stop_reason (the provider's own when it was Anthropic's). */
export function anthropicStopReason(finishReason: string | null, nativeFinishReason: string | null): string | null {
  if (nativeFinishReason && ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'refusal', 'pause_turn'].includes(nativeFinishReason)) return nativeFinishReason;
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    case null:
      return null;
    default:
      return 'end_turn';
  }
}

/** Normalised usage in Anthropic's terms (input_tokens without the cached part), with OpenRouter's cost. */
export function anthropicUsage({ usage, cost }: BilledUsage): Record<string, unknown> {
  return {
    input_tokens: Math.max(0, usage.promptTokens - usage.cachedTokens - usage.cacheWriteTokens),
    output_tokens: usage.completionTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cachedTokens,
    cost: cost.total,
  };
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}

/** Reasoning as thinking blocks: Claude's with their signatures, other models' text with an empty signature. */
function thinkingBlocks(result: GenerationResult): Record<string, unknown>[] {
  const own = result.reasoningDetails.filter((detail: ReasoningDetail) => detail.format === anthropicFormat);
  if (own.length > 0) {
    return own.map((detail) =>
      detail.type === 'reasoning.encrypted' ? { type: 'redacted_thinking', data: detail.data ?? '' } : { type: 'thinking', thinking: detail.text ?? '', signature: detail.signature ?? '' },
    );
  }
  return result.reasoning ? [{ type: 'thinking', thinking: result.reasoning, signature: '' }] : [];
}

/** A whole Anthropic message: thinking, text and tool_use blocks, stop_reason, usage (and OpenRouter's provider). */
export function renderMessagesResponse(identity: ResponseIdentity, result: GenerationResult, billed: BilledUsage): Record<string, unknown> {
  const content: Record<string, unknown>[] = [...thinkingBlocks(result)];
  if (result.content) content.push({ type: 'text', text: result.content });
  for (const call of result.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseInput(call.function.arguments) });
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    provider: identity.provider,
    content,
    stop_reason: anthropicStopReason(result.finishReason, result.nativeFinishReason),
    stop_sequence: null,
    usage: anthropicUsage(billed),
  };
}

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** Errors in Anthropic's shape (`{"type": "error", "error": {"type", "message"}}`), with OpenRouter's code and metadata kept. */
export function renderAnthropicError(error: unknown): Record<string, unknown> {
  const gatewayError = GatewayError.from(error);
  return {
    type: 'error',
    error: {
      type: errorTypes[gatewayError.status] ?? 'api_error',
      message: gatewayError.message,
      code: gatewayError.status,
      metadata: { error_type: gatewayError.errorType, switchboard_code: gatewayError.code, ...gatewayError.metadata },
    },
  };
}

type OpenBlock = { kind: 'thinking' | 'text' | 'redacted'; index: number } | { kind: 'tool'; index: number; toolIndex: number };

/**
 * Stream parts → Anthropic's SSE events: message_start, then content blocks (thinking with
 * thinking_delta and signature_delta, text, tool_use with input_json_delta), each opened and closed
 * in turn, then message_delta (stop_reason, usage) and message_stop. A failure after the start is
 * an `error` event.
 */
export class MessagesStreamRenderer implements ChunkRenderer {
  readonly endsWithDone = false;
  private started = false;
  private open: OpenBlock | null = null;
  private nextIndex = 0;
  /** Tool call index → content block index. */
  private readonly toolBlocks = new Map<number, number>();

  constructor(private readonly identity: ResponseIdentity) {}

  private start(events: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    events.push({
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: this.identity.id,
          type: 'message',
          role: 'assistant',
          model: this.identity.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
    });
  }

  private close(events: StreamEvent[]): void {
    if (!this.open) return;
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index: this.open.index } });
    this.open = null;
  }

  private openBlock(events: StreamEvent[], block: OpenBlock, contentBlock: Record<string, unknown>): void {
    this.close(events);
    this.open = block;
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index: block.index, content_block: contentBlock } });
  }

  private delta(events: StreamEvent[], index: number, delta: Record<string, unknown>): void {
    events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } });
  }

  part(part: StreamPart): StreamEvent[] {
    const events: StreamEvent[] = [];
    switch (part.type) {
      case 'text-delta':
        if (!part.text) return [];
        this.start(events);
        if (this.open?.kind !== 'text') this.openBlock(events, { kind: 'text', index: this.nextIndex++ }, { type: 'text', text: '' });
        this.delta(events, this.open!.index, { type: 'text_delta', text: part.text });
        return events;
      case 'reasoning-delta': {
        this.start(events);
        const encrypted = part.details?.find((detail) => detail.type === 'reasoning.encrypted' && detail.format === anthropicFormat);
        if (encrypted) {
          this.openBlock(events, { kind: 'redacted', index: this.nextIndex++ }, { type: 'redacted_thinking', data: encrypted.data ?? '' });
          this.close(events);
          return events;
        }
        const signature = part.details?.find((detail) => detail.signature)?.signature;
        if (!part.text && !signature) return events;
        if (this.open?.kind !== 'thinking') this.openBlock(events, { kind: 'thinking', index: this.nextIndex++ }, { type: 'thinking', thinking: '', signature: '' });
        if (part.text) this.delta(events, this.open!.index, { type: 'thinking_delta', thinking: part.text });
        if (signature) this.delta(events, this.open!.index, { type: 'signature_delta', signature });
        return events;
      }
      case 'tool-call-delta': {
        this.start(events);
        let blockIndex = this.toolBlocks.get(part.index);
        if (blockIndex === undefined) {
          blockIndex = this.nextIndex++;
          this.toolBlocks.set(part.index, blockIndex);
          this.openBlock(events, { kind: 'tool', index: blockIndex, toolIndex: part.index }, { type: 'tool_use', id: part.id ?? `toolu_${part.index}`, name: part.name ?? '', input: {} });
        }
        if (part.argumentsDelta) this.delta(events, blockIndex, { type: 'input_json_delta', partial_json: part.argumentsDelta });
        return events;
      }
      default:
        return [];
    }
  }

  finish(finishReason: string | null, nativeFinishReason: string | null, billed: BilledUsage): StreamEvent[] {
    const events: StreamEvent[] = [];
    this.start(events);
    this.close(events);
    events.push({
      event: 'message_delta',
      data: { type: 'message_delta', delta: { stop_reason: anthropicStopReason(finishReason, nativeFinishReason), stop_sequence: null }, usage: anthropicUsage(billed) },
    });
    events.push({ event: 'message_stop', data: { type: 'message_stop' } });
    return events;
  }

  error(error: unknown): StreamEvent[] {
    const body = renderAnthropicError(error);
    return [{ event: 'error', data: body }];
  }
}

export const anthropicMessagesFormatter: ResponseFormatter = {
  whole: renderMessagesResponse,
  chunks: (identity) => new MessagesStreamRenderer(identity),
  errorBody: renderAnthropicError,
};
