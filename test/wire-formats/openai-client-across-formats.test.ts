import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatGateway, replay } from '../helpers/format-gateway.js';

/**
 * The official `openai` client talks to Switchboard; Switchboard talks to Anthropic and Gemini
 * upstreams (fakes replaying their recorded responses): chat, streaming, tools, embeddings,
 * responses, and reasoning handed back on the next turn.
 */
const formats = new FormatGateway();
let client: OpenAI;
const weather = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] } },
};

beforeAll(async () => {
  await formats.start();
  client = new OpenAI({ baseURL: `${formats.url}/api/v1`, apiKey: formats.key, maxRetries: 0 });
});
afterAll(async () => {
  await formats.stop();
});

describe('openai client → Anthropic upstream', () => {
  it('chat: text, thinking and a tool call; usage.cost equals the record and the hand computation', async () => {
    formats.scenarios.anthropic = () => replay.json('anthropic', 'message-thinking-tool-use-cached.json');
    const completion = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [{ role: 'user', content: 'Weather in SF?' }],
      tools: [weather],
      reasoning: { effort: 'medium' },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const sent = formats.upstreams.anthropic.requests.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.body).toMatchObject({ model: 'claude-sonnet-4-5-20250929', thinking: { type: 'enabled' }, tools: [{ name: 'get_weather' }] });
    const message = completion.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning?: string; reasoning_details?: unknown[] };
    expect(message.content).toBe("I'll check the current weather in San Francisco for you.");
    expect(message.reasoning).toMatch(/^The user wants the weather/);
    expect(message.reasoning_details).toEqual([expect.objectContaining({ type: 'reasoning.text', format: 'anthropic-claude-v1', signature: expect.stringMatching(/^EqQB/) })]);
    expect(message.tool_calls?.[0]).toMatchObject({ id: 'toolu_01A09q90qw90lq917835lq9', function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' } });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    const usage = completion.usage as OpenAI.CompletionUsage & { cost: number; prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number } };
    expect(usage).toMatchObject({ prompt_tokens: 21542, completion_tokens: 180, prompt_tokens_details: { cached_tokens: 20000, cache_write_tokens: 1500 } });
    const byHand = 42 * 3e-6 + 20000 * 0.3e-6 + 1500 * 3.75e-6 + 180 * 15e-6;
    expect(usage.cost).toBeCloseTo(byHand, 9);
    const record = await formats.record(completion.id);
    expect(record).toMatchObject({
      total_cost: usage.cost,
      provider_name: 'Fake Anthropic',
      native_tokens_cached: 20000,
      native_tokens_cache_write: 1500,
      finish_reason: 'tool_calls',
      native_finish_reason: 'tool_use',
    });
  });

  it('chat: hands the thinking signature back on the next turn, as a thinking block before the tool call', async () => {
    formats.scenarios.anthropic = () => replay.json('anthropic', 'message-text.json');
    await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4.5',
      messages: [
        { role: 'user', content: 'Weather in SF?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"SF"}' } }],
          reasoning_details: [{ type: 'reasoning.text', text: 'Call the tool.', signature: 'EqQB-signed', format: 'anthropic-claude-v1', index: 0 }],
        } as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
      ],
      tools: [weather],
    });
    const sent = formats.upstreams.anthropic.requests.at(-1)!.body as { messages: { role: string; content: unknown[] }[] };
    expect(sent.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Call the tool.', signature: 'EqQB-signed' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'SF' } },
      ],
    });
    expect(sent.messages[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' }] });
  });

  it('chat streaming: a tool call split across many input_json_delta events arrives whole, usage in the last chunk', async () => {
    formats.scenarios.anthropic = () => replay.sse('anthropic', 'stream-tool-use.chunks.txt');
    const stream = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'Weather?' }], tools: [weather], stream: true });
    let text = '';
    let args = '';
    let deltas = 0;
    let usage: (OpenAI.CompletionUsage & { cost?: number }) | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta?.content ?? '';
      for (const call of choice?.delta?.tool_calls ?? []) {
        args += call.function?.arguments ?? '';
        deltas++;
      }
      finish = choice?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas).toBeGreaterThan(8);
    expect(JSON.parse(args)).toEqual({ location: 'San Francisco, CA', unit: 'fahrenheit' });
    expect(text).toBe("Okay, let's check the weather for San Francisco, CA:");
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: 472, completion_tokens: 89 });
    expect(usage!.cost).toBeCloseTo(472 * 3e-6 + 89 * 15e-6, 9);
  });

  it('responses: reasoning, message and function call items; usage with cost', async () => {
    formats.scenarios.anthropic = () => replay.json('anthropic', 'message-thinking-tool-use-cached.json');
    const response = await client.responses.create({
      model: 'anthropic/claude-sonnet-4.5',
      input: 'Weather in SF?',
      tools: [{ type: 'function', name: 'get_weather', parameters: weather.function.parameters, strict: false }],
      reasoning: { effort: 'low' },
    });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(response.output_text).toBe("I'll check the current weather in San Francisco for you.");
    const call = response.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ call_id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' });
    expect(response.usage).toMatchObject({ input_tokens: 21542, input_tokens_details: { cached_tokens: 20000 }, output_tokens: 180 });
    expect((formats.upstreams.anthropic.requests.at(-1)!.body as { thinking?: unknown }).thinking).toEqual({ type: 'enabled', budget_tokens: 12800 });
  });
});

describe('openai client → Gemini upstream', () => {
  it('chat streaming: thoughts as reasoning deltas, text, the closing usage with thinking tokens', async () => {
    formats.scenarios.gemini = () => replay.sse('gemini', 'stream-thinking-text.chunks.txt');
    const stream = await client.chat.completions.create({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: "How many r's in strawberry?" }], stream: true });
    let text = '';
    let reasoning = '';
    let usage: (OpenAI.CompletionUsage & { cost?: number }) | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as (OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning?: string }) | undefined;
      text += delta?.content ?? '';
      reasoning += delta?.reasoning ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(formats.upstreams.gemini.requests.at(-1)!.path).toBe('/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(text).toBe('There are three r\'s in "strawberry".');
    expect(reasoning).toMatch(/count the r's/);
    expect(usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 1024, completion_tokens_details: { reasoning_tokens: 1013 } });
    expect(usage!.cost).toBeCloseTo(10 * 0.3e-6 + 11 * 2.5e-6 + 1013 * 2.5e-6, 9);
  });

  it('chat: a function call with its thought signature goes back as it came, on the next turn', async () => {
    formats.scenarios.gemini = () => replay.json('gemini', 'generate-thinking-function-call-cached.json');
    const first = await client.chat.completions.create({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'Weather in Boston?' }], tools: [weather] });
    const assistant = first.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_details?: unknown[] };
    expect(assistant.tool_calls).toHaveLength(1);
    formats.scenarios.gemini = () => replay.json('gemini', 'generate-text.json');
    await client.chat.completions.create({
      model: 'google/gemini-2.5-flash',
      messages: [
        { role: 'user', content: 'Weather in Boston?' },
        assistant as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'tool', tool_call_id: assistant.tool_calls![0]!.id, content: '{"temp_f": 61}' },
      ],
      tools: [weather],
    });
    const sent = formats.upstreams.gemini.requests.at(-1)!.body as { contents: { role: string; parts: Record<string, unknown>[] }[] };
    expect(sent.contents[1]).toEqual({
      role: 'model',
      parts: [{ functionCall: { name: 'get_weather', args: { location: 'Boston, MA' } }, thoughtSignature: 'CiQB0e2Kb5SOQy4zc2Ht4yPfTEs1gJxqH0p7c9rT3iw5NFXZ1z8KZQHR7Ypm1O3FA+mBuC0=' }],
    });
    expect(sent.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp_f: 61 } } }] });
  });

  it('responses streaming: two whole function calls in separate chunks, then response.completed', async () => {
    formats.scenarios.gemini = () => replay.sse('gemini', 'stream-function-calls.chunks.txt');
    const stream = client.responses.stream({
      model: 'google/gemini-2.5-flash',
      input: [{ role: 'user', content: 'Weather in Paris and Tokyo?' }],
      tools: [{ type: 'function', name: 'get_weather', parameters: weather.function.parameters, strict: false }],
    });
    const response = await stream.finalResponse();
    const calls = response.output.filter((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall[];
    expect(calls.map((call) => JSON.parse(call.arguments))).toEqual([
      { location: 'Paris', unit: 'celsius' },
      { location: 'Tokyo, Japan', unit: 'celsius', days: 3 },
    ]);
    expect(response.output_text).toBe('Let me look up both cities.');
    expect(response.usage).toMatchObject({ input_tokens: 95, output_tokens: 42 });
  });

  it('embeddings: batchEmbedContents upstream, floats and base64 to the client, tokens counted and billed', async () => {
    formats.scenarios.gemini = (request) => {
      const body = request.body as { requests: { outputDimensionality?: number }[] };
      const size = body.requests[0]?.outputDimensionality ?? 3072;
      return { kind: 'json', body: { embeddings: body.requests.map((_, index) => ({ values: Array.from({ length: size }, (__, position) => (position === index ? 1 : 0)) })) } };
    };
    const embeddings = await client.embeddings.create({ model: 'google/gemini-embedding-001', input: ['first text', 'second text'], dimensions: 8 });
    const sent = formats.upstreams.gemini.requests.at(-1)!;
    expect(sent.path).toBe('/v1/models/gemini-embedding-001:batchEmbedContents');
    expect(sent.body).toEqual({
      requests: [0, 1].map((index) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text: ['first text', 'second text'][index] }] }, outputDimensionality: 8 })),
    });
    // The client asked for base64 (its default) and decoded it.
    expect(embeddings.data.map((item) => item.embedding)).toEqual([
      [1, 0, 0, 0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0, 0, 0, 0],
    ]);
    const usage = embeddings.usage as OpenAI.Embeddings.CreateEmbeddingResponse.Usage & { cost: number };
    expect(usage.prompt_tokens).toBe(4);
    expect(usage.cost).toBeCloseTo(4 * 0.15e-6, 12);
    const record = await formats.record((embeddings as unknown as { id: string }).id);
    expect(record).toMatchObject({ api_type: 'embeddings', tokens_prompt: 4, tokens_completion: 0, total_cost: usage.cost, provider_name: 'Fake Gemini' });
  });
});
