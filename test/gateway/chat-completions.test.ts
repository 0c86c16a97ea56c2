import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, readChunks, readJson, type FakeResponse, type ReceivedRequest } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../src/providers/openai-compatible/__fixtures__/${name}`, import.meta.url));

let scenario: (request: ReceivedRequest) => FakeResponse = () => ({ kind: 'json', body: readJson(fixture('openai-chat.json')) });
const upstream = new FakeUpstream((request) => scenario(request));
let gateway: TestGateway;
let client: OpenAI;
let apiKey: string;

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway({
    auth: { anonymous: false },
    server: { keep_alive_interval_ms: 40 },
    providers: [
      { kind: 'simulator', time_scale: 0, extra_endpoints: [], models: ['openai/gpt-4o-mini', 'deepseek/deepseek-r1', 'anthropic/claude-sonnet-4.5', 'mistralai/mistral-nemo'] },
      { kind: 'openai-compatible', id: 'fake', name: 'Fake Provider', base_url: upstream.url, timeout_ms: 3_000, models: [{ id: 'mistralai/mistral-nemo' }, { id: 'qwen/qwen-2.5-7b-instruct' }] },
    ],
  });
  await gateway.createAccount('acme', 50, 'DE');
  apiKey = (await gateway.createKey('acme')).key;
  client = new OpenAI({ baseURL: `${gateway.url}/api/v1`, apiKey, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

async function generation(id: string) {
  const response = await gateway.call(`/api/v1/generation?id=${id}`, { key: apiKey });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Record<string, unknown> }).data;
}

async function rawStream(body: Record<string, unknown>): Promise<{ status: number; text: string; events: string[] }> {
  const response = await gateway.call('/api/v1/chat/completions', { key: apiKey, json: { ...body, stream: true } });
  const text = await response.text();
  return { status: response.status, text, events: text.split('\n\n').filter(Boolean) };
}

describe('POST /api/v1/chat/completions with the official openai client', () => {
  it('answers a whole completion with OpenRouter usage, cost and the generation id header', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] }).withResponse();
    expect(data.id).toMatch(/^gen-\d+-[A-Za-z0-9]{20}$/);
    expect(response.headers.get('x-generation-id')).toBe(data.id);
    expect(Number(response.headers.get('x-switchboard-overhead-ms'))).toBeGreaterThanOrEqual(0);
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('openai/gpt-4o-mini');
    const raw = data as unknown as Record<string, unknown>;
    expect(raw.provider).toBe('Switchboard Simulator');
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect((data.choices[0] as unknown as Record<string, unknown>).native_finish_reason).toBe('stop');
    expect(data.choices[0]!.message.content!.length).toBeGreaterThan(0);
    const usage = data.usage as unknown as Record<string, any>;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.prompt_tokens_details.cached_tokens).toBe(0);
    expect(usage.completion_tokens_details.reasoning_tokens).toBe(0);
    expect(usage.is_byok).toBe(false);
    // gpt-4o-mini: $0.15/M prompt, $0.60/M completion.
    expect(usage.cost).toBeCloseTo(usage.prompt_tokens * 0.15e-6 + usage.completion_tokens * 0.6e-6, 12);

    const record = await generation(data.id);
    expect(record).toMatchObject({
      id: data.id,
      model: 'openai/gpt-4o-mini',
      streamed: false,
      cancelled: false,
      provider_name: 'Switchboard Simulator',
      finish_reason: 'stop',
      api_type: 'completions',
    });
    expect(record.tokens_prompt).toBe(usage.prompt_tokens);
    expect(record.tokens_completion).toBe(usage.completion_tokens);
    expect(record.total_cost).toBe(usage.cost);
  });

  it('streams with the usage chunk last before [DONE], and records the generation', async () => {
    const stream = await client.chat.completions.create({ model: 'deepseek/deepseek-r1', stream: true, messages: [{ role: 'user', content: 'Think, then answer.' }] });
    let content = '';
    let reasoning = '';
    let id = '';
    let usage: Record<string, any> | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      id = chunk.id;
      const delta = chunk.choices[0]?.delta as Record<string, any> | undefined;
      content += delta?.content ?? '';
      reasoning += delta?.reasoning ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage as unknown as Record<string, any>;
    }
    expect(content.length).toBeGreaterThan(0);
    expect(reasoning.length).toBeGreaterThan(0);
    expect(finish).toBe('stop');
    expect(usage!.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(usage!.cost).toBeGreaterThan(0);
    const record = await generation(id);
    expect(record).toMatchObject({ streamed: true, finish_reason: 'stop', native_tokens_reasoning: usage!.completion_tokens_details.reasoning_tokens });
    expect(record.tokens_completion).toBeGreaterThan(0);
    expect(record.total_cost).toBeGreaterThan(0);
    expect(Number(record.latency)).toBeGreaterThanOrEqual(Number(record.generation_time));

    const raw = await rawStream({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    const data = raw.events.map((event) => event.replace(/^data: /, ''));
    expect(data.at(-1)).toBe('[DONE]');
    const usageChunk = JSON.parse(data.at(-2)!) as Record<string, any>;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage.cost).toBeGreaterThan(0);
    const finishChunk = JSON.parse(data.at(-3)!) as Record<string, any>;
    expect(finishChunk.choices[0].finish_reason).toBe('stop');
    expect(JSON.parse(data[0]!).choices[0].delta.role).toBe('assistant');
  });

  it('returns tool calls, whole and streamed, with arguments assembled intact', async () => {
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    ];
    const whole = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', tools, tool_choice: 'required', messages: [{ role: 'user', content: 'Weather in Lima?' }] });
    expect(whole.choices[0]!.finish_reason).toBe('tool_calls');
    const call = whole.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe('get_weather');
    expect(typeof JSON.parse(call.function.arguments).city).toBe('string');

    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', tools, tool_choice: 'required', stream: true, messages: [{ role: 'user', content: 'Weather in Lima?' }] });
    const pieces: string[] = [];
    let name = '';
    let id = '';
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        pieces.push(delta.function?.arguments ?? '');
        name ||= delta.function?.name ?? '';
      }
      id = chunk.id;
    }
    expect(pieces.length).toBeGreaterThan(2);
    expect(name).toBe('get_weather');
    expect(typeof JSON.parse(pieces.join('')).city).toBe('string');
    expect(await generation(id)).toMatchObject({ finish_reason: 'tool_calls' });
  });

  it('keeps a stream alive with ": OPENROUTER PROCESSING" comments while the provider is silent', async () => {
    scenario = () => ({
      kind: 'handler',
      handle: async (_request, response) => {
        await new Promise((resolve) => setTimeout(resolve, 250));
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const chunk of readChunks(fixture('openai-chat.chunks.txt'))) response.write(chunk);
        response.end();
      },
    });
    const raw = await rawStream({ model: 'qwen/qwen-2.5-7b-instruct', messages: [{ role: 'user', content: 'hi' }] });
    expect(raw.status).toBe(200);
    expect(raw.events[0]).toBe(': OPENROUTER PROCESSING');
    expect(raw.text).toContain('Hello');
    expect(raw.events.at(-1)).toBe('data: [DONE]');
  });

  it('ends a stream that fails mid-way with an error chunk, finish_reason "error", and no charge', async () => {
    scenario = () => ({ kind: 'sse', chunks: readChunks(fixture('openai-chat.chunks.txt')), cutAfter: 3, delayMs: 20 });
    const usageBefore = gateway.accountUsageNano('acme');
    const raw = await rawStream({ model: 'qwen/qwen-2.5-7b-instruct', messages: [{ role: 'user', content: 'hi' }] });
    expect(raw.status).toBe(200);
    const last = JSON.parse(raw.events.at(-1)!.replace(/^data: /, '')) as Record<string, any>;
    expect(last.error.code).toBe(502);
    expect(last.error.metadata.provider_name).toBe('Fake Provider');
    expect(last.choices[0].finish_reason).toBe('error');
    expect(raw.text).not.toContain('[DONE]');
    const record = await generation(last.id);
    expect(record).toMatchObject({ finish_reason: 'error', total_cost: 0, streamed: true });
    expect(gateway.accountUsageNano('acme')).toBe(usageBefore);
    // The openai client raises the in-stream error.
    const stream = await client.chat.completions.create({ model: 'qwen/qwen-2.5-7b-instruct', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow();
  });

  it('fails over to the next endpoint when one fails before answering, and bills only the one that answered', async () => {
    scenario = () => ({ kind: 'json', status: 500, body: readJson(fixture('openai-error-server.json')) });
    const response = await client.chat.completions.create({
      model: 'mistralai/mistral-nemo',
      messages: [{ role: 'user', content: 'hi' }],
      // @ts-expect-error OpenRouter's provider preferences
      provider: { order: ['fake', 'simulator'] },
    });
    expect((response as unknown as Record<string, unknown>).provider).toBe('Switchboard Simulator');
    const record = await generation(response.id);
    expect(record.provider_responses).toEqual([
      expect.objectContaining({ provider_name: 'Fake Provider', status: 502, error_code: 'upstream_error' }),
      expect.objectContaining({ provider_name: 'Switchboard Simulator', status: 200 }),
    ]);
    expect(record.provider_name).toBe('Switchboard Simulator');
  });

  it('cancels the upstream call and records a cancelled generation when the client goes away', async () => {
    let upstreamClosed = false;
    scenario = () => ({
      kind: 'handler',
      handle: async (_request, response) => {
        response.on('close', () => {
          upstreamClosed = true;
        });
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunks = readChunks(fixture('openai-chat.chunks.txt'));
        response.write(chunks[0]);
        response.write(chunks[1]);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        response.end();
      },
    });
    const controller = new AbortController();
    const response = await gateway.call('/api/v1/chat/completions', {
      key: apiKey,
      json: { model: 'qwen/qwen-2.5-7b-instruct', stream: true, messages: [{ role: 'user', content: 'hi' }] },
      signal: controller.signal,
    });
    const id = response.headers.get('x-generation-id')!;
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect.poll(() => upstreamClosed, { timeout: 3_000 }).toBe(true);
    await expect.poll(async () => (await gateway.call(`/api/v1/generation?id=${id}`, { key: apiKey })).status, { timeout: 3_000 }).toBe(200);
    const record = await generation(id);
    expect(record).toMatchObject({ cancelled: true, finish_reason: null, streamed: true });
    // "Hello" reached the client: the delivered tokens are charged, nothing more.
    expect(Number(record.tokens_completion)).toBe(1);
  });

  it('attributes generations to the app named by HTTP-Referer and X-Title', async () => {
    const response = await gateway.call('/api/v1/chat/completions', {
      key: apiKey,
      headers: { 'HTTP-Referer': 'https://example.org/chat', 'X-Title': 'Example Chat' },
      json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    });
    const body = (await response.json()) as { id: string };
    const record = await generation(body.id);
    expect(record.http_referer).toBe('https://example.org/chat');
    expect(record.app_id).toEqual(expect.any(Number));
    await gateway.writer.drain();
    const stored = await gateway.generationStore.get(body.id);
    expect(stored).toMatchObject({ app_name: 'Example Chat', billing_country: 'DE', billing_continent: 'Europe', account_id: 'acme', author: 'openai', open_weights: false, origin: 'row' });
  });

  it('keeps a generation private to its account', async () => {
    const response = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    await gateway.createAccount('other', 5);
    const otherKey = (await gateway.createKey('other')).key;
    expect((await gateway.call(`/api/v1/generation?id=${response.id}`, { key: otherKey })).status).toBe(404);
    expect((await gateway.call('/api/v1/generation', { key: apiKey })).status).toBe(400);
  });
});
