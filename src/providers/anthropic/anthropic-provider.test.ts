import type { Usage } from '../../spec/usage.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChunks, readJson } from '../../../test/helpers/fake-upstream.js';
import { fixturePath, ProviderHarness, rejection } from '../../../test/helpers/provider-harness.js';
import { computeCost } from '../../accounting/compute-cost.js';
import { parsePricing } from '../../accounting/pricing.js';
import type { ChatMessage } from '../../spec/chat-message.js';

const fixture = (name: string) => fixturePath(import.meta.url, name);
const harness = new ProviderHarness('anthropic', [{ id: 'anthropic/claude-sonnet-4.5', upstream_model: 'claude-sonnet-4-5-20250929' }]);
const model = 'anthropic/claude-sonnet-4.5';
const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } },
};

beforeAll(async () => {
  await harness.start();
});
afterAll(async () => {
  await harness.stop();
});

describe('Anthropic Messages adapter: the request it sends', () => {
  it('converts system, cache_control, images, prior thinking, tool calls and results, tools, choice, reasoning, stop and user', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('message-text.json')) });
    const messages: ChatMessage[] = [
      { role: 'system', content: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in SF?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Checking.',
        reasoning_details: [
          { type: 'reasoning.text', text: 'Call the tool.', signature: 'sig-abc', format: 'anthropic-claude-v1', index: 0 },
          { type: 'reasoning.encrypted', data: 'opaque-from-another-model', format: 'openai-responses-v1', id: 'rs_1' },
        ],
        tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco"}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '{"temp_c": 18}' },
      { role: 'user', content: 'And tomorrow?' },
    ];
    await harness.generate(model, {
      messages,
      tools: [weatherTool],
      toolChoice: 'required',
      parallelToolCalls: false,
      reasoning: { effort: 'high' },
      maxTokens: 8000,
      parameters: { stop: ['END'], temperature: 0.2 },
      user: 'user-7',
    });
    const sent = harness.lastRequest;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-upstream-secret');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 8000,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in SF?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Call the tool.', signature: 'sig-abc' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'San Francisco' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp_c": 18}' },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Current weather', input_schema: weatherTool.function.parameters }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 6400 },
      stop_sequences: ['END'],
      metadata: { user_id: 'user-7' },
    });
  });

  it('gives thinking a budget below max_tokens, and keeps sampling parameters without it', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('message-text.json')) });
    await harness.generate(model, { reasoning: { max_tokens: 2000 }, maxTokens: 1000 });
    expect(harness.lastRequest.body).toMatchObject({ max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 2000 } });
    await harness.generate(model, { parameters: { temperature: 1.7, top_k: 40 } });
    expect(harness.lastRequest.body).toMatchObject({ max_tokens: 64000, temperature: 1, top_k: 40 });
    expect(harness.lastRequest.body).not.toHaveProperty('thinking');
  });
});

describe('Anthropic Messages adapter: what it reads', () => {
  it('reads a plain message', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('message-text.json')) });
    const result = await harness.generate(model);
    expect(result).toMatchObject({
      upstreamId: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      content: 'Hello! How can I help you today?',
      reasoning: null,
      toolCalls: [],
      finishReason: 'stop',
      nativeFinishReason: 'end_turn',
    });
    expect(result.usage).toMatchObject({ promptTokens: 12, completionTokens: 12, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  });

  it('reads thinking with its signature, a tool call, and cache reads and writes outside input_tokens', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('message-thinking-tool-use-cached.json')) });
    const result = await harness.generate(model, { tools: [weatherTool] });
    expect(result.content).toBe("I'll check the current weather in San Francisco for you.");
    expect(result.reasoning).toMatch(/^The user wants the weather/);
    expect(result.reasoningDetails).toEqual([{ type: 'reasoning.text', text: result.reasoning, signature: expect.stringMatching(/^EqQBCgIY/), format: 'anthropic-claude-v1', index: 0 }]);
    expect(result.toolCalls).toEqual([{ id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' } }]);
    expect(result).toMatchObject({ finishReason: 'tool_calls', nativeFinishReason: 'tool_use' });
    expect(result.usage).toMatchObject({ promptTokens: 42 + 1500 + 20000, cachedTokens: 20000, cacheWriteTokens: 1500, completionTokens: 180 });
    expect(result.usage.reasoningTokens).toBeGreaterThan(10);
    expect(result.usage.reasoningTokens).toBeLessThan(40);

    // Priced by hand at Claude Sonnet 4.5's catalog prices: $3 / $15 per 1M, cache read $0.30, cache write $3.75.
    const cost = computeCost(parsePricing({ prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' }), result.usage as Usage, result.finishReason);
    const byHand = 42 * 3e-6 + 20000 * 0.3e-6 + 1500 * 3.75e-6 + 180 * 15e-6;
    expect(cost.total).toBeCloseTo(byHand, 9);
    expect(cost.cacheDiscount).toBeCloseTo(20000 * (3e-6 - 0.3e-6) - 1500 * (3.75e-6 - 3e-6), 9);
  });

  it('reads redacted thinking as encrypted reasoning, and max_tokens as length', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('message-redacted-thinking.json')) });
    const result = await harness.generate(model);
    expect(result.reasoningDetails).toEqual([{ type: 'reasoning.encrypted', data: expect.stringMatching(/^EmwKAhgB/), format: 'anthropic-claude-v1', index: 0 }]);
    expect(result).toMatchObject({ content: 'Here is my answer.', finishReason: 'length', nativeFinishReason: 'max_tokens' });
  });

  it('streams thinking (one detail with its signature once collected), text and cumulative usage', async () => {
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-thinking-text.chunks.txt')) });
    const parts = await harness.streamParts(model, { reasoning: { enabled: true } });
    expect(harness.lastRequest.body).toMatchObject({ stream: true, thinking: { type: 'enabled' } });
    expect(parts[0]).toEqual({ type: 'response-metadata', upstreamId: 'msg_01ThinkStream', model: 'claude-sonnet-4-5-20250929' });
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => (part as { text: string }).text)).toEqual(['27 * 453 = ', '12,231']);
    const result = await harness.streamResult(model);
    expect(result.reasoning).toBe('Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3');
    expect(result.reasoningDetails).toEqual([{ type: 'reasoning.text', text: result.reasoning, signature: expect.stringMatching(/^EqQB/), format: 'anthropic-claude-v1', index: 0 }]);
    expect(result).toMatchObject({ content: '27 * 453 = 12,231', finishReason: 'stop', nativeFinishReason: 'end_turn' });
    expect(result.usage).toMatchObject({ promptTokens: 35 + 4096, cachedTokens: 4096, completionTokens: 88 });
  });

  it('streams a tool call whose JSON arrives in fragments', async () => {
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-tool-use.chunks.txt')) });
    const parts = await harness.streamParts(model, { tools: [weatherTool] });
    expect(parts.filter((part) => part.type === 'tool-call-delta').length).toBeGreaterThan(8);
    const result = await harness.streamResult(model, { tools: [weatherTool] });
    expect(result.toolCalls).toEqual([
      { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}' } },
    ]);
    expect(JSON.parse(result.toolCalls[0]!.function.arguments)).toEqual({ location: 'San Francisco, CA', unit: 'fahrenheit' });
    expect(result).toMatchObject({ content: "Okay, let's check the weather for San Francisco, CA:", finishReason: 'tool_calls' });
    expect(result.usage).toMatchObject({ promptTokens: 472, completionTokens: 89 });
  });

  it("maps errors with the provider's words: HTTP 400 and 529, an error event mid-stream, a cut stream", async () => {
    harness.scenario = () => ({ kind: 'json', status: 400, body: readJson(fixture('error-invalid-request.json')) });
    const invalid = await rejection(harness.generate(model));
    expect(invalid).toMatchObject({ code: 'upstream_request_rejected', status: 400, retryable: false });
    expect(invalid.message).toBe('Fake Upstream returned HTTP 400: invalid_request_error: messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row');
    expect(invalid.metadata).toMatchObject({ provider_name: 'Fake Upstream', provider_code: 400, raw: expect.stringContaining('req_011CSHoEeqs5C35K2UUqR7Fy') });

    harness.scenario = () => ({ kind: 'json', status: 529, body: readJson(fixture('error-overloaded.json')) });
    expect(await rejection(harness.generate(model))).toMatchObject({ code: 'upstream_error', retryable: true, message: 'Fake Upstream returned HTTP 529: overloaded_error: Overloaded' });

    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-overloaded.chunks.txt')) });
    const midStream = await rejection(harness.streamResult(model));
    expect(midStream).toMatchObject({ code: 'upstream_error', message: 'Fake Upstream failed mid-stream: overloaded_error: Overloaded' });

    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-tool-use.chunks.txt')), cutAfter: 6 });
    expect((await rejection(harness.streamResult(model))).code).toMatch(/upstream_error|upstream_invalid_response/);
  });
});
