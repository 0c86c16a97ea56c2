import { GatewayError } from '../../errors/gateway-error.js';
import { normaliseFinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ServerSentEvent } from '../http/parse-server-sent-events.js';
import type { StreamConverter } from '../http/provider-protocol.js';
import { invalidResponse, midStreamError } from '../http/upstream-errors.js';
import { readUpstream, readUpstreamJson } from '../http/upstream-schema.js';

/** Every event: its type, then its own schema by type. */
const anthropicEventSchema = anthropicBlockSchema;
import {
  anthropicBlockSchema,
  anthropicDeltaSchemas,
  anthropicReasoningFormat,
  anthropicRedactedThinkingBlockSchema,
  anthropicStreamEventSchemas,
  anthropicTextBlockSchema,
  anthropicThinkingBlockSchema,
  anthropicToolUseBlockSchema,
  type AnthropicUsage,
} from './anthropic-messages-api.js';
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

  private mergeUsage(usage: AnthropicUsage | null | undefined): void {
    if (!usage) return;
    for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) this.usage[key] = value;
  }

  push(event: ServerSentEvent): StreamPart[] {
    const data = readUpstreamJson(anthropicEventSchema, event.data, this.providerName, 'stream event');
    switch (data.type) {
      case 'message_start': {
        const { message } = readUpstream(anthropicStreamEventSchemas.message_start, data, this.providerName, 'message_start event');
        this.started = true;
        this.mergeUsage(message.usage);
        return [{ type: 'response-metadata', ...(message.id ? { upstreamId: message.id } : {}), ...(message.model ? { model: message.model } : {}) }];
      }
      case 'content_block_start': {
        const { index, content_block: block } = readUpstream(anthropicStreamEventSchemas.content_block_start, data, this.providerName, 'content_block_start event');
        const where = `content_block_start ${index}`;
        if (block.type === 'tool_use') {
          const call = readUpstream(anthropicToolUseBlockSchema, block, this.providerName, where);
          const toolIndex = this.toolCount++;
          this.toolBlocks.set(index, { toolIndex, input: call.input, sawDelta: false });
          return [{ type: 'tool-call-delta', index: toolIndex, id: call.id, name: call.name, argumentsDelta: '' }];
        }
        if (block.type === 'text') {
          const text = readUpstream(anthropicTextBlockSchema, block, this.providerName, where).text;
          return text ? [{ type: 'text-delta', text }] : [];
        }
        if (block.type === 'redacted_thinking') {
          const data = readUpstream(anthropicRedactedThinkingBlockSchema, block, this.providerName, where).data;
          return [{ type: 'reasoning-delta', text: '', details: [{ type: 'reasoning.encrypted', data, format: anthropicReasoningFormat, index }] }];
        }
        if (block.type === 'thinking') {
          const thinking = readUpstream(anthropicThinkingBlockSchema, block, this.providerName, where).thinking;
          if (!thinking) return [];
          this.thinking += thinking;
          return [{ type: 'reasoning-delta', text: thinking, details: [{ type: 'reasoning.text', text: thinking, format: anthropicReasoningFormat, index }] }];
        }
        return [];
      }
      case 'content_block_delta': {
        const { index, delta } = readUpstream(anthropicStreamEventSchemas.content_block_delta, data, this.providerName, 'content_block_delta event');
        const where = `content_block_delta ${index}`;
        switch (delta.type) {
          case 'text_delta': {
            const { text } = readUpstream(anthropicDeltaSchemas.text_delta, delta, this.providerName, where);
            return text ? [{ type: 'text-delta', text }] : [];
          }
          case 'thinking_delta': {
            const { thinking } = readUpstream(anthropicDeltaSchemas.thinking_delta, delta, this.providerName, where);
            this.thinking += thinking;
            return [{ type: 'reasoning-delta', text: thinking, details: [{ type: 'reasoning.text', text: thinking, format: anthropicReasoningFormat, index }] }];
          }
          case 'signature_delta': {
            const { signature } = readUpstream(anthropicDeltaSchemas.signature_delta, delta, this.providerName, where);
            return [{ type: 'reasoning-delta', text: '', details: [{ type: 'reasoning.text', text: '', signature, format: anthropicReasoningFormat, index }] }];
          }
          case 'input_json_delta': {
            const { partial_json: partial } = readUpstream(anthropicDeltaSchemas.input_json_delta, delta, this.providerName, where);
            const tool = this.toolBlocks.get(index);
            if (!tool) throw invalidResponse(this.providerName, `input_json_delta for block ${index}, which is not a tool_use block`);
            if (!partial) return [];
            tool.sawDelta = true;
            return [{ type: 'tool-call-delta', index: tool.toolIndex, argumentsDelta: partial }];
          }
          default:
            return [];
        }
      }
      case 'content_block_stop': {
        const tool = this.toolBlocks.get(readUpstream(anthropicStreamEventSchemas.content_block_stop, data, this.providerName, 'content_block_stop event').index);
        // A tool_use block whose input came whole in its start event (no deltas).
        if (tool && !tool.sawDelta) return [{ type: 'tool-call-delta', index: tool.toolIndex, argumentsDelta: JSON.stringify(tool.input ?? {}) }];
        return [];
      }
      case 'message_delta': {
        const { delta, usage } = readUpstream(anthropicStreamEventSchemas.message_delta, data, this.providerName, 'message_delta event');
        this.stopReason = delta?.stop_reason ?? this.stopReason;
        this.mergeUsage(usage);
        return [];
      }
      case 'message_stop':
        this.done = true;
        return [];
      case 'error': {
        const { error } = readUpstream(anthropicStreamEventSchemas.error, data, this.providerName, 'error event');
        throw midStreamError(this.providerName, `${error.type}: ${error.message ?? ''}`, event.data, error.type === 'rate_limit_error' ? 'rate_limited' : 'error');
      }
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
