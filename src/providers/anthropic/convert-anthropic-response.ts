import type { ReasoningDetail, ToolCall } from '../../spec/chat-message.js';
import { normaliseFinishReason } from '../../spec/finish-reason.js';
import type { GenerationResult } from '../../spec/stream-part.js';
import { invalidResponse } from '../http/upstream-errors.js';
import { anthropicReasoningFormat, type AnthropicResponse } from './anthropic-messages-api.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';

/** A whole Anthropic message → result: text, thinking (with signatures) as reasoning details, tool_use as tool calls. */
export function convertAnthropicResponse(providerName: string, body: unknown): GenerationResult {
  const message = body as AnthropicResponse;
  if (message?.type !== 'message' || !Array.isArray(message.content)) throw invalidResponse(providerName, `not a message: ${JSON.stringify(body).slice(0, 200)}`);
  let content = '';
  let hasText = false;
  let reasoning = '';
  const details: ReasoningDetail[] = [];
  const toolCalls: ToolCall[] = [];
  for (const [index, block] of message.content.entries()) {
    switch (block.type) {
      case 'text':
        content += block.text;
        hasText = true;
        break;
      case 'thinking':
        reasoning += block.thinking;
        details.push({ type: 'reasoning.text', text: block.thinking, signature: block.signature, format: anthropicReasoningFormat, index });
        break;
      case 'redacted_thinking':
        details.push({ type: 'reasoning.encrypted', data: block.data, format: anthropicReasoningFormat, index });
        break;
      case 'tool_use':
        toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
        break;
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
    finishReason: normaliseFinishReason(message.stop_reason),
    nativeFinishReason: message.stop_reason ?? null,
    usage: convertAnthropicUsage(message.usage ?? {}, reasoning),
  };
}
