import type { ReasoningDetail, ToolCall } from '../../spec/chat-message.js';
import { normaliseFinishReason } from '../../spec/finish-reason.js';
import type { GenerationResult } from '../../spec/stream-part.js';
import { readUpstream } from '../http/upstream-schema.js';
import {
  anthropicReasoningFormat,
  anthropicRedactedThinkingBlockSchema,
  anthropicResponseSchema,
  anthropicTextBlockSchema,
  anthropicThinkingBlockSchema,
  anthropicToolUseBlockSchema,
} from './anthropic-messages-api.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';

/** A whole Anthropic message → result: text, thinking (with signatures) as reasoning details, tool_use as tool calls. */
export function convertAnthropicResponse(providerName: string, body: unknown): GenerationResult {
  const message = readUpstream(anthropicResponseSchema, body, providerName, 'message');
  let content = '';
  let hasText = false;
  let reasoning = '';
  const details: ReasoningDetail[] = [];
  const toolCalls: ToolCall[] = [];
  for (const [index, block] of message.content.entries()) {
    const where = `message content[${index}]`;
    switch (block.type) {
      case 'text':
        content += readUpstream(anthropicTextBlockSchema, block, providerName, where).text;
        hasText = true;
        break;
      case 'thinking': {
        const thinking = readUpstream(anthropicThinkingBlockSchema, block, providerName, where);
        reasoning += thinking.thinking;
        details.push({ type: 'reasoning.text', text: thinking.thinking, signature: thinking.signature ?? null, format: anthropicReasoningFormat, index });
        break;
      }
      case 'redacted_thinking':
        details.push({ type: 'reasoning.encrypted', data: readUpstream(anthropicRedactedThinkingBlockSchema, block, providerName, where).data, format: anthropicReasoningFormat, index });
        break;
      case 'tool_use': {
        const call = readUpstream(anthropicToolUseBlockSchema, block, providerName, where);
        toolCalls.push({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } });
        break;
      }
      default:
        break;
    }
  }
  return {
    upstreamId: message.id ?? null,
    content: hasText ? content : toolCalls.length > 0 ? null : '',
    reasoning: reasoning || null,
    reasoningDetails: details,
    toolCalls,
    finishReason: normaliseFinishReason(message.stop_reason ?? null),
    nativeFinishReason: message.stop_reason ?? null,
    usage: convertAnthropicUsage(message.usage ?? {}, reasoning),
  };
}
