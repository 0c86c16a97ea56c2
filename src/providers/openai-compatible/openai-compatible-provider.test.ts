import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, readChunks, readJson, type FakeResponse, type ReceivedRequest } from '../../../test/helpers/fake-upstream.js';
import { ModelCatalog } from '../../catalog/model-catalog.js';
import { configSchema } from '../../config/config-schema.js';
import type { GatewayError } from '../../errors/gateway-error.js';
import { collectStream, StreamCollector } from '../../spec/collect-stream.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { OpenAICompatibleProvider } from './openai-compatible-provider.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const catalog = ModelCatalog.load();

let scenario: (request: ReceivedRequest) => FakeResponse = () => ({ kind: 'json', body: readJson(fixture('openai-chat.json')) });
const upstream = new FakeUpstream((request) => scenario(request));
let provider: OpenAICompatibleProvider;

beforeAll(async () => {
  await upstream.start();
  const config = configSchema.parse({
    providers: [
      {
        kind: 'openai-compatible',
        id: 'fake',
        name: 'Fake Provider',
        base_url: upstream.url,
        api_key_env: 'FAKE_KEY',
        headers: { 'x-extra': 'yes' },
        timeout_ms: 2_000,
        models: [
          { id: 'openai/gpt-4o-mini', upstream_model: 'gpt-4o-mini' },
          { id: 'deepseek/deepseek-r1', upstream_model: 'deepseek-reasoner', pricing: { prompt: '0.00000055' } },
        ],
      },
    ],
  }).providers[0]!;
  if (config.kind !== 'openai-compatible') throw new Error('unreachable');
  provider = new OpenAICompatibleProvider({ config, catalog, apiKey: () => 'sk-upstream-secret' });
});
afterAll(async () => {
  await provider.close();
  await upstream.stop();
});

function call(modelId: string, fields: Partial<GenerationRequest> = {}) {
  const endpoint = provider.endpoints.find((item) => item.model.id === modelId)!;
  const request: GenerationRequest = { model: modelId, messages: [{ role: 'user', content: 'Hello' }], stream: false, parameters: {}, ...fields };
  return { request, endpoint, signal: new AbortController().signal };
}

async function streamParts(modelId: string, fields: Partial<GenerationRequest> = {}) {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(call(modelId, { ...fields, stream: true }))) parts.push(part);
  return parts;
}

function failure(promise: Promise<unknown>): Promise<GatewayError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as GatewayError,
  );
}

describe('OpenAICompatibleProvider', () => {
  it('builds endpoints from configuration, with per-endpoint upstream names and price overrides', () => {
    const r1 = provider.endpoints.find((item) => item.model.id === 'deepseek/deepseek-r1')!;
    expect(r1).toMatchObject({ id: 'fake/deepseek/deepseek-r1', providerId: 'fake', providerName: 'Fake Provider', upstreamModel: 'deepseek-reasoner' });
    expect(r1.pricing.prompt).toBe(0.00000055);
    expect(r1.pricing.completion).toBe(Number(catalog.get('deepseek/deepseek-r1')!.pricing.completion));
  });

  it('sends the request in OpenAI format and parses a whole response with cached tokens', async () => {
    scenario = () => ({ kind: 'json', body: readJson(fixture('openai-chat.json')) });
    const result = await provider.generate(
      call('openai/gpt-4o-mini', {
        maxTokens: 50,
        parameters: { temperature: 0.3, top_k: 5, custom_flag: true },
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        toolChoice: 'auto',
        reasoning: { effort: 'low' },
        user: 'end-user-1',
      }),
    );
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-upstream-secret');
    expect(sent.headers['x-extra']).toBe('yes');
    expect(sent.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: false,
      max_tokens: 50,
      temperature: 0.3,
      custom_flag: true,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      user: 'end-user-1',
    });
    // top_k is not among gpt-4o-mini's supported parameters and is dropped; reasoning_effort too (not a reasoning model).
    expect(result).toMatchObject({
      upstreamId: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      content: 'Hello! How can I assist you today?',
      finishReason: 'stop',
      nativeFinishReason: 'stop',
      usage: { promptTokens: 1419, completionTokens: 10, cachedTokens: 1280, reasoningTokens: 0, cacheWriteTokens: 0 },
    });
  });

  it('parses reasoning_content and DeepSeek cache usage, whole and streamed', async () => {
    scenario = () => ({ kind: 'json', body: readJson(fixture('deepseek-reasoner.json')) });
    const whole = await provider.generate(call('deepseek/deepseek-r1', { reasoning: { effort: 'high' } }));
    expect((upstream.requests.at(-1)!.body as Record<string, unknown>).reasoning_effort).toBe('high');
    expect(whole).toMatchObject({ content: '9.8 is larger.', reasoning: 'Compare the tenths: 8 > 1, so 9.8 is larger than 9.11.', usage: { reasoningTokens: 24 } });

    scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('deepseek-reasoner.chunks.txt')) });
    const result = await collectStream(provider.stream(call('deepseek/deepseek-r1', { stream: true })));
    const sent = upstream.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.stream).toBe(true);
    expect(sent.stream_options).toEqual({ include_usage: true });
    expect(result).toMatchObject({
      reasoning: 'The user asks which is larger: 9.11 or 9.8.',
      content: '9.8 is larger.',
      finishReason: 'stop',
      usage: { promptTokens: 1200, completionTokens: 180, reasoningTokens: 172, cachedTokens: 1024 },
    });
  });

  it('streams text with the usage chunk that follows the finish chunk', async () => {
    scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('openai-chat.chunks.txt')), delayMs: 2 });
    const parts = await streamParts('openai/gpt-4o-mini');
    expect(parts[0]).toEqual({ type: 'response-metadata', upstreamId: 'chatcmpl-BQeRjgDlzMfHT2SVDbT8b2sQ1uKkP', model: 'gpt-4o-mini-2024-07-18' });
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => (part as { text: string }).text)).toEqual(['Hello', '!', ' How can I help?']);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop', usage: { promptTokens: 9, completionTokens: 7 } });
  });

  it('assembles a tool call streamed in fragments', async () => {
    scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('openai-tool-call.chunks.txt')) });
    const parts = await streamParts('openai/gpt-4o-mini', { tools: [{ type: 'function', function: { name: 'get_weather' } }] });
    expect(parts.filter((part) => part.type === 'tool-call-delta').length).toBe(7);
    const collector = new StreamCollector();
    for (const part of parts) collector.add(part);
    const result = collector.result();
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([{ id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris,  France"}' } }]);
    expect(result.content).toBeNull();
  });

  it('counts usage itself when a server sends none', async () => {
    scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('llama-cpp-no-usage.chunks.txt')) });
    const result = await collectStream(provider.stream(call('openai/gpt-4o-mini', { stream: true })));
    expect(result.content).toBe('Bonjour le monde');
    expect(result.usage.completionTokens).toBeGreaterThan(0);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.usage.raw).toEqual({ counted_by: 'switchboard' });
  });

  it("maps provider errors to gateway errors with the provider's own message and raw body", async () => {
    scenario = () => ({ kind: 'json', status: 400, body: readJson(fixture('openai-error-context-length.json')) });
    const rejected = await failure(provider.generate(call('openai/gpt-4o-mini')));
    expect(rejected).toMatchObject({ code: 'upstream_request_rejected', status: 400, retryable: false });
    expect(rejected.message).toContain("This model's maximum context length is 128000 tokens");
    expect(rejected.metadata).toMatchObject({ provider_name: 'Fake Provider', provider_code: 400 });
    expect(JSON.parse(rejected.metadata.raw as string)).toEqual(readJson(fixture('openai-error-context-length.json')));

    scenario = () => ({ kind: 'json', status: 429, body: readJson(fixture('openai-error-rate-limit.json')), headers: { 'retry-after': '2' } });
    const limited = await failure(provider.generate(call('openai/gpt-4o-mini')));
    expect(limited).toMatchObject({ code: 'upstream_rate_limited', status: 429, retryable: true, headers: { 'Retry-After': '2' } });

    scenario = () => ({ kind: 'json', status: 500, body: readJson(fixture('openai-error-server.json')) });
    const broken = await failure(provider.generate(call('openai/gpt-4o-mini', { stream: true })));
    expect(broken).toMatchObject({ code: 'upstream_error', status: 502, retryable: true });
    expect(broken.message).toBe('Fake Provider returned HTTP 500: The server had an error while processing your request. Sorry about that!');
  });

  it('reports garbage, cut-off streams and unreachable servers as retryable upstream errors', async () => {
    scenario = () => ({ kind: 'json', body: '<html>oops</html>' });
    expect(await failure(provider.generate(call('openai/gpt-4o-mini')))).toMatchObject({ code: 'upstream_invalid_response', retryable: true });

    scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('openai-chat.chunks.txt')), cutAfter: 2 });
    const cut = await failure(collectStream(provider.stream(call('openai/gpt-4o-mini', { stream: true }))));
    expect(cut.retryable).toBe(true);

    scenario = () => ({ kind: 'sse', chunks: ['data: {not json\n\n'] });
    expect(await failure(collectStream(provider.stream(call('openai/gpt-4o-mini', { stream: true }))))).toMatchObject({ code: 'upstream_invalid_response' });

    const closedPortConfig = configSchema.parse({ providers: [{ kind: 'openai-compatible', id: 'gone', base_url: 'http://127.0.0.1:9/v1', models: [{ id: 'openai/gpt-4o-mini' }] }] }).providers[0]!;
    if (closedPortConfig.kind !== 'openai-compatible') throw new Error('unreachable');
    const gone = new OpenAICompatibleProvider({ config: closedPortConfig, catalog, apiKey: () => undefined });
    const unreachable = await failure(gone.generate({ ...call('openai/gpt-4o-mini'), endpoint: gone.endpoints[0]! }));
    expect(unreachable).toMatchObject({ code: 'upstream_error', retryable: true });
    expect(unreachable.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
    await gone.close();
  });

  it('times out a silent provider with a 408', async () => {
    scenario = () => ({ kind: 'handler', handle: () => undefined });
    const timedOut = await failure(provider.generate(call('openai/gpt-4o-mini')));
    expect(timedOut).toMatchObject({ code: 'request_timeout', status: 408 });
  });
});
