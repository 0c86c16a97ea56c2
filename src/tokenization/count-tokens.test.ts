import { describe, expect, it } from 'vitest';
import type { ChatMessage, ToolDefinition } from '../spec/chat-message.js';
import { countPromptTokens, countPromptTokensByMessage, countTextTokens } from './count-tokens.js';

describe('prompt token counts', () => {
  it("count each message with its framing once, and the prompt as their sum, the reply's priming and the tools", () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'hello', name: 'ada' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
      { role: 'tool', content: 'found it', tool_call_id: 'c1' },
    ];
    const tools: ToolDefinition[] = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }];
    const counted = countPromptTokensByMessage(messages, tools);
    expect(counted.messages).toEqual([3 + countTextTokens('hello') + 1 + countTextTokens('ada'), 3 + 3 + countTextTokens('lookup') + countTextTokens('{"q":"x"}'), 3 + countTextTokens('found it')]);
    expect(counted.total).toBe(3 + counted.messages.reduce((sum, tokens) => sum + tokens, 0) + 8 + countTextTokens(JSON.stringify(tools)));
    expect(countPromptTokens(messages, tools)).toBe(counted.total);
    // "hello" is one token of o200k_base: 3 to prime the reply, 3 of framing, 1 of text.
    expect(countPromptTokens([{ role: 'user', content: 'hello' }])).toBe(7);
    expect(countPromptTokensByMessage([], [])).toEqual({ total: 3, messages: [] });
  });
});
