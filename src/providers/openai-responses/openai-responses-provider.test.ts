import type { Usage } from '../../spec/usage.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChunks, readJson } from '../../../test/helpers/fake-upstream.js';
import { fixturePath, ProviderHarness, rejection } from '../../../test/helpers/provider-harness.js';
import { computeCost } from '../../accounting/compute-cost.js';
import { parsePricing } from '../../accounting/pricing.js';
import type { ChatMessage } from '../../spec/chat-message.js';

const fixture = (name: string) => fixturePath(import.meta.url, name);
const harness = new ProviderHarness('openai-responses', [
  { id: 'openai/gpt-5', upstream_model: 'gpt-5' },
  { id: 'openai/gpt-4o-mini', upstream_model: 'gpt-4.1' },
]);
const model = 'openai/gpt-5';
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } };

beforeAll(async () => {
  await harness.start();
});
afterAll(async () => {
  await harness.stop();
});

describe('OpenAI Responses adapter: the request it sends', () => {
  it('sends stateless input items: messages, prior reasoning items (encrypted), function calls and outputs; flat tools; reasoning; JSON format', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('response-text.json')) });
    const messages: ChatMessage[] = [
      { role: 'developer', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris?' },
          { type: 'image_url', image_url: { url: 'https://example.com/sky.png', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        reasoning_details: [
          { type: 'reasoning.summary', summary: 'Use the tool.', id: 'rs_1', format: 'openai-responses-v1', index: 0 },
          { type: 'reasoning.encrypted', data: 'gAAAA-secret', id: 'rs_1', format: 'openai-responses-v1', index: 0 },
          { type: 'reasoning.text', text: 'Claude thoughts', signature: 'x', format: 'anthropic-claude-v1' },
        ],
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny, 24°C' },
    ];
    await harness.generate(model, {
      messages,
      tools: [weatherTool],
      toolChoice: 'auto',
      parallelToolCalls: false,
      maxTokens: 2000,
      reasoning: { effort: 'high' },
      responseFormat: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: { type: 'object' } } },
      parameters: { temperature: 0.5 },
      user: 'u-1',
    });
    const sent = harness.lastRequest;
    expect(sent.path).toBe('/v1/responses');
    expect(sent.headers.authorization).toBe('Bearer sk-upstream-secret');
    expect(sent.body).toEqual({
      model: 'gpt-5',
      store: false,
      stream: false,
      input: [
        { type: 'message', role: 'developer', content: 'Be brief.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather in Paris?' },
            { type: 'input_image', image_url: 'https://example.com/sky.png', detail: 'low' },
          ],
        },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Use the tool.' }], encrypted_content: 'gAAAA-secret' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny, 24°C' },
      ],
      tools: [{ type: 'function', name: 'get_weather', description: 'Current weather', parameters: weatherTool.function.parameters }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      max_output_tokens: 2000,
      temperature: 0.5,
      reasoning: { effort: 'high', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      user: 'u-1',
    });
  });
});

describe('OpenAI Responses adapter: what it reads', () => {
  it('reads a text response', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('response-text.json')) });
    const result = await harness.generate('openai/gpt-4o-mini');
    expect(result).toMatchObject({ upstreamId: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b', content: expect.stringMatching(/^In a peaceful grove/), finishReason: 'stop' });
    expect(result.usage).toMatchObject({ promptTokens: 36, completionTokens: 87 });
  });

  it('reads reasoning summaries and encrypted content as details, a function call, cached and reasoning tokens (priced by hand)', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('response-reasoning-function-call.json')) });
    const result = await harness.generate(model, { tools: [weatherTool] });
    expect(result.toolCalls).toEqual([{ id: 'call_9H3xQ1lPz0pWbEfN7sYtKcVa', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris, France"}' } }]);
    expect(result.reasoningDetails).toEqual([
      { type: 'reasoning.summary', summary: expect.stringMatching(/^\*\*Deciding/), id: 'rs_68b9f1a5d4f481939b3c2f1e8a7d6c5b', format: 'openai-responses-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'gAAAAABouf-lq9rDk2Q1EXAMPLEENCRYPTEDREASONINGxYzA1b2c3d4e5f6==', id: 'rs_68b9f1a5d4f481939b3c2f1e8a7d6c5b', format: 'openai-responses-v1', index: 0 },
    ]);
    expect(result).toMatchObject({ content: null, finishReason: 'tool_calls' });
    expect(result.usage).toMatchObject({ promptTokens: 3210, cachedTokens: 2048, completionTokens: 412, reasoningTokens: 384 });
    // GPT-5 at its catalog prices: $1.25 in, $10 out, cache read $0.125 per 1M.
    const cost = computeCost(parsePricing({ prompt: '0.00000125', completion: '0.00001', input_cache_read: '0.000000125' }), result.usage as Usage, result.finishReason);
    expect(cost.total).toBeCloseTo(1162 * 1.25e-6 + 2048 * 0.125e-6 + 412 * 10e-6, 9);
  });

  it('reads an incomplete response as length', async () => {
    harness.scenario = () => ({ kind: 'json', body: readJson(fixture('response-incomplete.json')) });
    expect(await harness.generate(model)).toMatchObject({ content: 'The first three primes are 2, 3', finishReason: 'length', nativeFinishReason: 'max_output_tokens' });
  });

  it('streams text and takes usage from response.completed', async () => {
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-text.chunks.txt')) });
    const result = await harness.streamResult(model);
    expect(harness.lastRequest.body).toMatchObject({ stream: true });
    expect(result).toMatchObject({ upstreamId: 'resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654', content: 'Hi there!', finishReason: 'stop' });
    expect(result.usage).toMatchObject({ promptTokens: 37, completionTokens: 11 });
  });

  it('streams reasoning summaries, the encrypted reasoning and a function call split in fragments', async () => {
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-reasoning-function-call.chunks.txt')) });
    const result = await harness.streamResult(model, { tools: [weatherTool] });
    expect(result.reasoning).toBe('**Choosing a tool**\n\nI should look up the weather.');
    expect(result.reasoningDetails).toEqual([
      { type: 'reasoning.summary', summary: '**Choosing a tool**\n\nI should look up the weather.', id: 'rs_stream_01', format: 'openai-responses-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'gAAAAABoENCRYPTEDSTREAM01==', id: 'rs_stream_01', format: 'openai-responses-v1', index: 0 },
    ]);
    expect(result.toolCalls).toEqual([{ id: 'call_stream_01', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris, France"}' } }]);
    expect(result).toMatchObject({ finishReason: 'tool_calls' });
    expect(result.usage).toMatchObject({ promptTokens: 310, cachedTokens: 256, completionTokens: 150, reasoningTokens: 128 });
  });

  it("maps errors: an HTTP 400 with the provider's words, a failed response mid-stream", async () => {
    harness.scenario = () => ({ kind: 'json', status: 400, body: readJson(fixture('error-invalid-request.json')) });
    const invalid = await rejection(harness.generate(model));
    expect(invalid).toMatchObject({ code: 'upstream_request_rejected', retryable: false });
    expect(invalid.message).toMatch(/^Fake Upstream returned HTTP 400: Invalid value: 'input_txt'/);
    harness.scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('stream-failed.chunks.txt')) });
    expect(await rejection(harness.streamResult(model))).toMatchObject({ code: 'upstream_error', message: 'Fake Upstream failed mid-stream: server_error: The model failed to generate a response.' });
  });
});
