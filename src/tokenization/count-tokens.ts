import { createRequire } from 'node:module';
import { messageText, type ChatMessage, type ToolDefinition } from '../spec/chat-message.js';

type CountTokens = (text: string) => number;
type Encode = (text: string) => number[];
let loaded: CountTokens | null = null;
let loadedEncode: Encode | null = null;

/**
 * The tokenizer, loaded on first use: its tables take ≈ 65 MB, and a gateway whose providers
 * report their usage (the common case) never needs it on the request path.
 */
function tokenizer(): CountTokens {
  loaded ??= (createRequire(import.meta.url)('gpt-tokenizer') as { countTokens: CountTokens }).countTokens;
  return loaded;
}

/**
 * Token counts from a real BPE tokenizer (OpenAI's o200k_base, via gpt-tokenizer). Providers count
 * with their own tokenizers; where a provider reports no usage, or a stream is cut off, this is
 * the count Switchboard falls back on.
 */
export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : tokenizer()(text);
}

/** The tokens of a text (o200k_base ids): what a provider's prompt cache matches prefixes of. */
export function encodeText(text: string): number[] {
  loadedEncode ??= (createRequire(import.meta.url)('gpt-tokenizer') as { encode: Encode }).encode;
  return text.length === 0 ? [] : loadedEncode(text);
}

/** One message's prompt tokens with its framing (3): its text, its name, the tool calls it made. */
function countMessageTokens(message: ChatMessage): number {
  let tokens = 3 + countTextTokens(messageText(message.content));
  if (message.name) tokens += 1 + countTextTokens(message.name);
  if (message.role === 'assistant' && message.tool_calls) {
    for (const call of message.tool_calls) tokens += 3 + countTextTokens(call.function.name) + countTextTokens(call.function.arguments);
  }
  return tokens;
}

/**
 * Prompt tokens of a chat request, and each message's share of them (with its framing): what a
 * prefix cache needs per message, counted once. The total is the messages', 3 to prime the reply,
 * and the tool definitions'.
 */
export function countPromptTokensByMessage(messages: readonly ChatMessage[], tools?: readonly ToolDefinition[]): { total: number; messages: number[] } {
  const perMessage = messages.map(countMessageTokens);
  let total = 3 + perMessage.reduce((sum, tokens) => sum + tokens, 0);
  if (tools && tools.length > 0) total += 8 + countTextTokens(JSON.stringify(tools));
  return { total, messages: perMessage };
}

/** Prompt tokens of a chat request: message text plus OpenAI's framing (3 per message, 3 to prime the reply) and tool definitions. */
export function countPromptTokens(messages: readonly ChatMessage[], tools?: readonly ToolDefinition[]): number {
  return countPromptTokensByMessage(messages, tools).total;
}

/**
 * A fast upper-leaning estimate of prompt tokens from the UTF-8 size of the request (about three
 * bytes per token, plus framing), for pre-checks on the request path where tokenizing would cost
 * milliseconds. Billing always uses counted tokens.
 */
export function estimatePromptTokens(bodyBytes: number, messageCount: number): number {
  return Math.ceil(bodyBytes / 3) + 3 * messageCount + 3;
}

/** Tokens reserved for each image, audio or file part (such parts are not counted by their bytes in the body). */
export const mediaPartTokens = 8_192;

/**
 * Most tokens a request's prompt can come to, for the credit reservation: no more than its bytes of
 * text (a token of a byte-level tokenizer is at least one byte, and the JSON body holds every text
 * byte), plus framing per message, plus an allowance per image, audio or file part.
 */
export function promptTokensUpperBound(bodyBytes: number, messages: readonly ChatMessage[]): number {
  let media = 0;
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) if (part.type !== 'text') media++;
  }
  return bodyBytes + 4 * messages.length + 16 + media * mediaPartTokens;
}

/** Prompt tokens of a request: the raw prompt of a legacy completion, or the chat messages with their framing. */
export function countRequestPromptTokens(request: { messages: readonly ChatMessage[]; tools?: readonly ToolDefinition[] | undefined; promptFormat?: 'text' | undefined }): number {
  if (request.promptFormat === 'text') return countTextTokens(messageText(request.messages[0]?.content ?? ''));
  return countPromptTokens(request.messages, request.tools);
}
