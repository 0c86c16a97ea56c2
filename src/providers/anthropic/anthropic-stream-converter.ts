import { GatewayError } from '../../errors/gateway-error.js';
import { normaliseFinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ServerSentEvent } from '../http/parse-server-sent-events.js';
import type { StreamConverter } from '../http/provider-protocol.js';
import { invalidResponse, midStreamError } from '../http/upstream-errors.js';
import { anthropicReasoningFormat, type AnthropicStreamEvent, type AnthropicUsage } from './anthropic-messages-api.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';

/**
 * Anthropic's SSE events → stream parts. Content blocks arrive by index; tool_use blocks become
 * tool calls numbered in order, their input_json_delta fragments passed on as argument deltas;
 * thinking deltas and the closing signature_delta become reasoning deltas with details; usage is
 * message_start's, updated by message_delta's (cumulative) counts.
 */
export class AnthropicStreamConverter implements StreamConverter {
  done = false;
  private readonly usage: AnthropicUsage = {};
  private stopReason: string | null = null;
  private thinking = '';
  /** Content block index → tool call index, and whether arguments arrived as deltas. */
  private readonly toolBlocks = new Map<number, { toolIndex: number; input: unknown; sawDelta: boolean }>();
  private toolCount = 0;
  private started = false;

  constructor(private readonly providerName: string) {}

  private mergeUsage(usage: AnthropicUsage | undefined): void {
    if (!usage) return;
    for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) (this.usage as Record<string, unknown>)[key] = value;
  }

  push(event: ServerSentEvent): StreamPart[] {
    let data: AnthropicStreamEvent;
    try {
      data = JSON.parse(event.data) as AnthropicStreamEvent;
    } catch {
      throw invalidResponse(this.providerName, `stream event is not JSON: ${event.data.slice(0, 200)}`);
    }
    switch (data.type) {
      case 'message_start':
        this.started = true;
        this.mergeUsage(data.message.usage);
        return [{ type: 'response-metadata', upstreamId: data.message.id, model: data.message.model }];
      case 'content_block_start': {
        const block = data.content_block;
        if (block.type === 'tool_use') {
          const toolIndex = this.toolCount++;
          this.toolBlocks.set(data.index, { toolIndex, input: block.input, sawDelta: false });
          return [{ type: 'tool-call-delta', index: toolIndex, id: block.id, name: block.name, argumentsDelta: '' }];
        }
        if (block.type === 'text' && block.text) return [{ type: 'text-delta', text: block.text }];
        if (block.type === 'redacted_thinking') {
          return [{ type: 'reasoning-delta', text: '', details: [{ type: 'reasoning.encrypted', data: block.data, format: anthropicReasoningFormat, index: data.index }] }];
        }
        if (block.type === 'thinking' && block.thinking) {
          this.thinking += block.thinking;
          return [{ type: 'reasoning-delta', text: block.thinking, details: [{ type: 'reasoning.text', text: block.thinking, format: anthropicReasoningFormat, index: data.index }] }];
        }
        return [];
      }
      case 'content_block_delta': {
        const delta = data.delta;
        switch (delta.type) {
          case 'text_delta':
            return delta.text ? [{ type: 'text-delta', text: delta.text }] : [];
          case 'thinking_delta':
            this.thinking += delta.thinking;
            return [{ type: 'reasoning-delta', text: delta.thinking, details: [{ type: 'reasoning.text', text: delta.thinking, format: anthropicReasoningFormat, index: data.index }] }];
          case 'signature_delta':
            return [{ type: 'reasoning-delta', text: '', details: [{ type: 'reasoning.text', text: '', signature: delta.signature, format: anthropicReasoningFormat, index: data.index }] }];
          case 'input_json_delta': {
            const tool = this.toolBlocks.get(data.index);
            if (!tool) throw invalidResponse(this.providerName, `input_json_delta for block ${data.index}, which is not a tool_use block`);
            if (!delta.partial_json) return [];
            tool.sawDelta = true;
            return [{ type: 'tool-call-delta', index: tool.toolIndex, argumentsDelta: delta.partial_json }];
          }
          default:
            return [];
        }
      }
      case 'content_block_stop': {
        const tool = this.toolBlocks.get(data.index);
        // A tool_use block whose input came whole in its start event (no deltas).
        if (tool && !tool.sawDelta) return [{ type: 'tool-call-delta', index: tool.toolIndex, argumentsDelta: JSON.stringify(tool.input ?? {}) }];
        return [];
      }
      case 'message_delta':
        this.stopReason = data.delta.stop_reason ?? this.stopReason;
        this.mergeUsage(data.usage);
        return [];
      case 'message_stop':
        this.done = true;
        return [];
      case 'error':
        throw midStreamError(this.providerName, `${data.error.type}: ${data.error.message}`, event.data, data.error.type === 'rate_limit_error' ? 'rate_limited' : 'error');
      default:
        return [];
    }
  }

  end(): StreamPart[] {
    if (!this.started || (!this.done && this.stopReason === null)) {
      throw new GatewayError('upstream_invalid_response', `${this.providerName} ended the stream before message_stop`, { metadata: { provider_name: this.providerName } });
    }
    return [{ type: 'finish', finishReason: normaliseFinishReason(this.stopReason), nativeFinishReason: this.stopReason, usage: convertAnthropicUsage(this.usage, this.thinking) }];
  }
}
