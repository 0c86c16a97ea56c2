import type { ChatMessage, ToolDefinition } from '../../spec/chat-message.js';
import { countPromptTokens, countTextTokens } from '../../tokenization/count-tokens.js';

/** Code-flavoured words that are one token each, alone or after a space, in o200k_base. */
export const oneTokenWords: readonly string[] = ['if', 'return', 'value', 'for', 'item', 'in', 'list', 'self', 'data', 'None', 'True', 'result', 'and', 'not', 'x', 'key'];
const words = oneTokenWords;

/**
 * A prompt of exactly `tokens` tokens (for replaying traces that give only lengths). The
 * tokenizer splits at word boundaries before merging, so each " word" adds one token; the
 * result is counted to make sure.
 */
export function textOfTokens(tokens: number): string {
  if (!Number.isInteger(tokens) || tokens < 1) throw new Error(`a prompt needs at least one token, asked for ${tokens}`);
  const parts: string[] = [];
  for (let index = 0; index < tokens; index++) parts.push(words[index % words.length]!);
  const text = parts.join(' ');
  const counted = countTextTokens(text);
  if (counted !== tokens) throw new Error(`prompt of ${tokens} tokens counted ${counted}`);
  return text;
}

/** Chat messages whose prompt count (framing and tools included) is exactly `tokens`. */
export function messagesOfTokens(tokens: number, tools?: readonly ToolDefinition[]): ChatMessage[] {
  const framing = countPromptTokens([{ role: 'user', content: '' }], tools);
  if (tokens <= framing) throw new Error(`a chat prompt${tools?.length ? ' with these tools' : ''} has at least ${framing + 1} tokens, asked for ${tokens}`);
  return [{ role: 'user', content: textOfTokens(tokens - framing) }];
}
