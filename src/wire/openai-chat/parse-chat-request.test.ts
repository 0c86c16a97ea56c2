import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { parseChatRequest } from './parse-chat-request.js';

function rejection(body: unknown): { message: string; param: unknown } {
  try {
    parseChatRequest(body);
  } catch (error) {
    expect(GatewayError.isInstance(error)).toBe(true);
    expect((error as GatewayError).status).toBe(400);
    return { message: (error as GatewayError).message, param: (error as GatewayError).metadata.param };
  }
  throw new Error('expected a 400');
}

const base = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

describe('parseChatRequest', () => {
  it('converts a full request into the internal model and passes unknown parameters through', () => {
    const request = parseChatRequest({
      ...base,
      stream: true,
      max_completion_tokens: 100,
      temperature: 0.2,
      stop: ['END'],
      safe_prompt: true,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: { type: 'object' } } },
      reasoning: { effort: 'high', exclude: true },
      provider: { order: ['deepseek'], allow_fallbacks: false, sort: 'price' },
      models: ['openai/gpt-4o-mini', 'openai/gpt-4.1-nano'],
      session_id: 'conversation-1',
      usage: { include: true },
    });
    expect(request).toMatchObject({
      model: 'openai/gpt-4o-mini',
      stream: true,
      maxTokens: 100,
      toolChoice: { type: 'function', function: { name: 'get_weather' } },
      reasoning: { effort: 'high', exclude: true },
      provider: { order: ['deepseek'], allow_fallbacks: false, sort: 'price' },
      sessionId: 'conversation-1',
      parameters: { temperature: 0.2, stop: ['END'], safe_prompt: true, max_completion_tokens: 100 },
    });
    expect(request.parameters).not.toHaveProperty('usage');
    expect(request.tools).toHaveLength(1);
  });

  it('accepts the legacy prompt, include_reasoning and reasoning_effort forms', () => {
    expect(parseChatRequest({ model: 'x/y', prompt: 'Hello' }).messages).toEqual([{ role: 'user', content: 'Hello' }]);
    expect(parseChatRequest({ ...base, include_reasoning: false }).reasoning).toEqual({ exclude: true });
    expect(parseChatRequest({ ...base, reasoning_effort: 'low' }).reasoning).toEqual({ effort: 'low' });
  });

  it('keeps assistant tool calls and tool results, and allows null assistant content', () => {
    const request = parseChatRequest({
      model: 'x/y',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
    });
    expect(request.messages[1]).toMatchObject({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1' }] });
    expect(request.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
  });

  it.each([
    [[], 'body', /expected a JSON object/],
    [{ messages: base.messages }, 'model', /model: is required/],
    [{ model: 42, messages: base.messages }, 'model', /model: expected a string, got a number/],
    [{ model: 'x/y' }, 'messages', /messages: is required/],
    [{ model: 'x/y', messages: [] }, 'messages', /messages: must contain at least one message/],
    [{ model: 'x/y', messages: 'hi' }, 'messages', /messages: expected an array, got a string/],
    [{ model: 'x/y', messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role', /messages\[0\]\.role: must be one of/],
    [{ model: 'x/y', messages: [{ role: 'user' }] }, 'messages[0].content', /messages\[0\]\.content: is required/],
    [{ model: 'x/y', messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text', /expected a string/],
    [{ model: 'x/y', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id', /expected a string/],
    [{ ...base, temperature: 3 }, 'temperature', /temperature: must be at most 2/],
    [{ ...base, temperature: 'hot' }, 'temperature', /expected a number/],
    [{ ...base, max_tokens: 0 }, 'max_tokens', /max_tokens: must be at least 1/],
    [{ ...base, max_tokens: 1.5 }, 'max_tokens', /expected an integer/],
    [{ ...base, stream: 'yes' }, 'stream', /stream: expected a boolean/],
    [{ ...base, stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop', /at most 4/],
    [{ ...base, n: 2 }, 'n', /only 1 choice/],
    [{ ...base, tools: [{ type: 'function', function: { name: 'bad name!' } }] }, 'tools[0].function.name', /letters, digits/],
    [{ ...base, tool_choice: { type: 'function', function: { name: 'missing' } } }, 'tool_choice.function.name', /names no tool/],
    [{ ...base, response_format: { type: 'xml' } }, 'response_format.type', /must be one of/],
    [{ ...base, reasoning: { effort: 'extreme' } }, 'reasoning.effort', /must be one of/],
    [{ ...base, provider: { order: 'deepseek' } }, 'provider.order', /expected an array/],
    [{ ...base, provider: { max_price: { prompt: -1 } } }, 'provider.max_price.prompt', /at least 0/],
  ])('rejects %j naming %s', (body, param, message) => {
    const result = rejection(body);
    expect(result.message).toMatch(message);
    expect(result.param).toBe(param);
  });
});
