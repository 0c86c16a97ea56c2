import type { Usage } from '../../spec/usage.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChunks, readJson } from '../../../test/helpers/fake-upstream.js';
import { fixturePath, ProviderHarness, rejection } from '../../../test/helpers/provider-harness.js';
import { computeCost } from '../../accounting/compute-cost.js';
import { parsePricing } from '../../accounting/pricing.js';
import type { ChatMessage } from '../../spec/chat-message.js';

const fixture = (name: string) => fixturePath(import.meta.url, name);
const harness = new ProviderHarness('gemini', [
  { id: 'google/gemini-2.5-flash', upstream_model: 'gemini-2.5-flash' },
  { id: 'openai/gpt-4o-mini', upstream_model: 'gemini-2.0-flash' },
]);
const model = 'google/gemini-2.5-flash';
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } };

beforeAll(async () => {
  await harness.start();
});
afterAll(async () => {
  await harness.stop();
});

describe('Gemini adapter: the request it sends', () => {
  it('converts system, contents, images, function calls with their thought signatures, function responses, tools, config and reasoning', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('generate-text.json')) });
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are terse.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Boston?' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Boston, MA"}' } }],
        reasoning_details: [{ type: 'reasoning.encrypted', data: 'SIG-1', id: 'call_1', format: 'google-gemini-v1', index: 1 }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp_f": 61}' },
    ];
    await harness.generate(model, {
      messages,
      tools: [weatherTool],
      toolChoice: { type: 'function', function: { name: 'get_weather' } },
      maxTokens: 1000,
      reasoning: { effort: 'low' },
      responseFormat: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' } } },
      parameters: { temperature: 0.3, top_p: 0.9, stop: 'END', seed: 7 },
    });
    const sent = harness.lastRequest;
    expect(sent.path).toBe('/v1/models/gemini-2.5-flash:generateContent');
    expect(sent.headers['x-goog-api-key']).toBe('sk-upstream-secret');
    expect(sent.body).toEqual({
      systemInstruction: { parts: [{ text: 'You are terse.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Boston?' }, { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { location: 'Boston, MA' } }, thoughtSignature: 'SIG-1' }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp_f: 61 } } }] },
      ],
      tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Current weather', parameters: weatherTool.function.parameters }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: {
        temperature: 0.3,
        topP: 0.9,
        seed: 7,
        stopSequences: ['END'],
        maxOutputTokens: 1000,
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object' },
        thinkingConfig: { thinkingBudget: 200, includeThoughts: true },
      },
    });
  });

  it('streams from :streamGenerateContent?alt=sse, and switches thinking off on request', async () => {
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-thinking-text.chunks.txt')) });
    await harness.streamParts(model, { reasoning: { enabled: false } });
    expect(harness.lastRequest.path).toBe('/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(harness.lastRequest.body).toMatchObject({ generationConfig: { thinkingConfig: { thinkingBudget: 0 } } });
  });
});

describe('Gemini adapter: what it reads', () => {
  it('reads a plain answer', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('generate-text.json')) });
    const result = await harness.generate(model);
    expect(result).toMatchObject({
      upstreamId: 'mAitaLmkHPPlz7IPvtfUqQ4',
      content: 'AI learns patterns from data to make predictions or decisions.',
      finishReason: 'stop',
      nativeFinishReason: 'STOP',
    });
    expect(result.usage).toMatchObject({ promptTokens: 8, completionTokens: 12, reasoningTokens: 0, cachedTokens: 0 });
  });

  it('reads thoughts, a function call with its signature, and cached and thinking tokens (priced by hand)', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('generate-thinking-function-call-cached.json')) });
    const result = await harness.generate(model, { tools: [weatherTool] });
    expect(result.reasoning).toMatch(/^\*\*Planning the lookup\*\*/);
    expect(result.toolCalls).toEqual([{ id: 'call_Q5qtaPuZFsGAz7IP_0', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Boston, MA"}' } }]);
    expect(result.reasoningDetails).toEqual([
      { type: 'reasoning.text', text: result.reasoning, format: 'google-gemini-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'CiQB0e2Kb5SOQy4zc2Ht4yPfTEs1gJxqH0p7c9rT3iw5NFXZ1z8KZQHR7Ypm1O3FA+mBuC0=', id: 'call_Q5qtaPuZFsGAz7IP_0', format: 'google-gemini-v1', index: 1 },
    ]);
    expect(result).toMatchObject({ content: null, finishReason: 'tool_calls', nativeFinishReason: 'STOP' });
    expect(result.usage).toMatchObject({ promptTokens: 12000, cachedTokens: 8000, completionTokens: 260, reasoningTokens: 240 });

    // Gemini 2.5 Flash at its catalog prices: $0.30 in, $2.50 out and thinking, cache read $0.03 per 1M.
    const cost = computeCost(
      parsePricing({ prompt: '0.0000003', completion: '0.0000025', internal_reasoning: '0.0000025', input_cache_read: '0.00000003' }),
      result.usage as Usage,
      result.finishReason,
    );
    expect(cost.total).toBeCloseTo(4000 * 0.3e-6 + 8000 * 0.03e-6 + 20 * 2.5e-6 + 240 * 2.5e-6, 9);
  });

  it('reads a blocked prompt as content_filter', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('generate-blocked.json')) });
    expect(await harness.generate(model)).toMatchObject({ content: '', finishReason: 'content_filter', nativeFinishReason: 'SAFETY' });
  });

  it('streams thoughts, text and the closing signature and usage', async () => {
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-thinking-text.chunks.txt')) });
    const result = await harness.streamResult(model);
    expect(result).toMatchObject({ upstreamId: '4a2taJ7HLLvH1e8PrcWF4QI', content: 'There are three r\'s in "strawberry".', finishReason: 'stop' });
    expect(result.reasoning).toMatch(/count the r's/);
    expect(result.reasoningDetails.map((detail) => detail.type)).toEqual(['reasoning.text', 'reasoning.encrypted']);
    expect(result.usage).toMatchObject({ promptTokens: 10, completionTokens: 11 + 1013, reasoningTokens: 1013 });
  });

  it('streams two whole function calls in separate chunks as two tool calls', async () => {
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-function-calls.chunks.txt')) });
    const result = await harness.streamResult(model, { tools: [weatherTool] });
    expect(result.toolCalls.map((call) => [call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['get_weather', { location: 'Paris', unit: 'celsius' }],
      ['get_weather', { location: 'Tokyo, Japan', unit: 'celsius', days: 3 }],
    ]);
    expect(new Set(result.toolCalls.map((call) => call.id)).size).toBe(2);
    expect(result.reasoningDetails).toEqual([{ type: 'reasoning.encrypted', data: 'CiwB0e2Kb2FirstSig=', id: result.toolCalls[0]!.id, format: 'google-gemini-v1', index: 1 }]);
    expect(result).toMatchObject({ content: 'Let me look up both cities.', finishReason: 'tool_calls' });
  });

  it("maps errors with the provider's words, and a stream cut before its finish", async () => {
    harness.scenario = () => ({ kind: 'json', status: 400, body: readJson(fixture('error-invalid-argument.json')) });
    expect(await rejection(harness.generate(model))).toMatchObject({
      code: 'upstream_request_rejected',
      message: 'Fake Upstream returned HTTP 400: INVALID_ARGUMENT: * GenerateContentRequest.contents: contents is not specified\n',
    });
    harness.scenario = () => ({ kind: 'json', status: 429, body: readJson(fixture('error-resource-exhausted.json')), headers: { 'retry-after': '27' } });
    const limited = await rejection(harness.generate(model));
    expect(limited).toMatchObject({ code: 'upstream_rate_limited', retryable: true, headers: { 'Retry-After': '27' } });
    expect(limited.message).toMatch(/RESOURCE_EXHAUSTED: You exceeded your current quota/);
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-function-calls.chunks.txt')), cutAfter: 2 });
    expect((await rejection(harness.streamResult(model))).code).toMatch(/upstream_error|upstream_invalid_response/);
  });
});
