import { countTokens } from 'gpt-tokenizer';
import { messageText, type ChatMessage, type ToolDefinition } from '../spec/chat-message.js';

/**
 * Token counts from a real BPE tokenizer (OpenAI's o200k_base, via gpt-tokenizer). Providers count
 * with their own tokenizers; where a provider reports no usage, or a stream is cut off, this is
 * the count Switchboard falls back on.
 */
export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text);
}

/** Prompt tokens of a chat request: message text plus OpenAI's framing (3 per message, 3 to prime the reply) and tool definitions. */
export function countPromptTokens(messages: readonly ChatMessage[], tools?: readonly ToolDefinition[]): number {
  let total = 3;
  for (const message of messages) {
    total += 3 + countTextTokens(messageText(message.content));
    if (message.name) total += 1 + countTextTokens(message.name);
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) total += 3 + countTextTokens(call.function.name) + countTextTokens(call.function.arguments);
    }
  }
  if (tools && tools.length > 0) total += 8 + countTextTokens(JSON.stringify(tools));
  return total;
}

/**
 * A fast upper-leaning estimate of prompt tokens from the UTF-8 size of the request (about three
 * bytes per token, plus framing), for pre-checks on the request path where tokenizing would cost
 * milliseconds. Billing always uses counted tokens.
 */
export function estimatePromptTokens(bodyBytes: number, messageCount: number): number {
  return Math.ceil(bodyBytes / 3) + 3 * messageCount + 3;
}

/** Prompt tokens of a request: the raw prompt of a legacy completion, or the chat messages with their framing. */
export function countRequestPromptTokens(request: { messages: readonly ChatMessage[]; tools?: readonly ToolDefinition[] | undefined; promptFormat?: 'text' | undefined }): number {
  if (request.promptFormat === 'text') return countTextTokens(messageText(request.messages[0]?.content ?? ''));
  return countPromptTokens(request.messages, request.tools);
}
