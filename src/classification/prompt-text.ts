import type { ChatMessage } from '../spec/chat-message.js';
import { classifiedCharacters } from './prompt-features.js';

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is { type: 'text'; text: string } => part.type === 'text' && typeof (part as { text?: unknown }).text === 'string')
    .map((part) => part.text)
    .join('\n');
}

/**
 * The user's own words in a conversation, which the observatory classifies and tells the language
 * of: the text of the user messages, the latest first, up to `limit` characters. System and
 * developer prompts, the assistant's turns, tool results, images and files are left out.
 */
export function promptText(messages: readonly ChatMessage[], limit = classifiedCharacters * 2): string {
  const parts: string[] = [];
  let length = 0;
  for (let index = messages.length - 1; index >= 0 && length < limit; index--) {
    const message = messages[index]!;
    if (message.role !== 'user') continue;
    const text = textOf(message.content).trim();
    if (!text) continue;
    parts.push(text.slice(0, limit - length));
    length += text.length + 1;
  }
  return parts.join('\n');
}
