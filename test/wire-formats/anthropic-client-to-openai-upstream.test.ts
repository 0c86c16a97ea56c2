import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatGateway, replay } from '../helpers/format-gateway.js';

/**
 * The official `@anthropic-ai/sdk` talks to Switchboard's /api/v1/messages; Switchboard talks to
 * an OpenAI-compatible upstream (a fake replaying OpenAI and DeepSeek responses): messages,
 * streaming, tools, thinking, errors in Anthropic's shape.
 */
const formats = new FormatGateway();
let client: Anthropic;
const weather: Anthropic.Tool = { name: 'get_weather', description: 'Current weather', input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } };

beforeAll(async () => {
  await formats.start();
  client = new Anthropic({ baseURL: `${formats.url}/api`, apiKey: formats.key, maxRetries: 0 });
});
afterAll(async () => {
  await formats.stop();
});

describe('@anthropic-ai/sdk → OpenAI-compatible upstream', () => {
  it('messages: system and user become chat messages; the answer comes back as an Anthropic message with cache usage and cost', async () => {
    formats.scenarios.openai = () => replay.json('openai-compatible', 'openai-chat.json');
    const message = await client.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }], stop_sequences: ['END'] });
    const sent = formats.upstreams.openai.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 200,
      stop: ['END'],
    });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'openai/gpt-4o-mini',
      stop_reason: 'end_turn',
      content: [{ type: 'text', text: 'Hello! How can I assist you today?' }],
    });
    expect(message.usage).toMatchObject({ input_tokens: 139, cache_read_input_tokens: 1280, cache_creation_input_tokens: 0, output_tokens: 10 });
    const cost = (message.usage as unknown as { cost: number }).cost;
    expect(cost).toBeCloseTo(139 * 0.15e-6 + 1280 * 0.075e-6 + 10 * 0.6e-6, 10);
    expect((await formats.record(message.id)).total_cost).toBe(cost);
  });

  it('streaming tools: a tool call split across chunks arrives as one tool_use block with its input', async () => {
    formats.scenarios.openai = () => replay.sse('openai-compatible', 'openai-tool-call.chunks.txt');
    const stream = client.messages.stream({ model: 'openai/gpt-4o-mini', max_tokens: 300, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weather], tool_choice: { type: 'any' } });
    let jsonDeltas = 0;
    stream.on('inputJson', () => jsonDeltas++);
    const final = await stream.finalMessage();
    expect(formats.upstreams.openai.requests.at(-1)!.body).toMatchObject({
      stream: true,
      tool_choice: 'required',
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: weather.input_schema } }],
    });
    expect(jsonDeltas).toBeGreaterThan(3);
    expect(final.stop_reason).toBe('tool_use');
    const toolUse = final.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(toolUse).toMatchObject({ id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', input: { location: 'Paris,  France' } });
    expect(final.usage).toMatchObject({ input_tokens: 66, output_tokens: 17 });
  });

  it('thinking: DeepSeek reasoning_content comes back as a thinking block, streamed and whole', async () => {
    formats.scenarios.openai = () => replay.json('openai-compatible', 'deepseek-reasoner.json');
    const whole = await client.messages.create({
      model: 'deepseek/deepseek-r1',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Which is larger, 9.11 or 9.8?' }],
    });
    expect(whole.content).toEqual([
      { type: 'thinking', thinking: 'Compare the tenths: 8 > 1, so 9.8 is larger than 9.11.', signature: '' },
      { type: 'text', text: '9.8 is larger.' },
    ]);
    formats.scenarios.openai = () => replay.sse('openai-compatible', 'deepseek-reasoner.chunks.txt');
    const stream = client.messages.stream({
      model: 'deepseek/deepseek-r1',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Which is larger, 9.11 or 9.8?' }],
    });
    let thinkingDeltas = 0;
    stream.on('thinking', () => thinkingDeltas++);
    const final = await stream.finalMessage();
    expect(thinkingDeltas).toBeGreaterThan(1);
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: expect.stringMatching(/^The user asks/) });
    expect(final.content.at(-1)).toMatchObject({ type: 'text' });
    expect(final.stop_reason).toBe('end_turn');
  });

  it('multi-turn tool use: tool_use and tool_result blocks become tool calls and tool messages upstream', async () => {
    formats.scenarios.openai = () => replay.json('openai-compatible', 'openai-chat.json');
    await client.messages.create({
      model: 'openai/gpt-4o-mini',
      max_tokens: 200,
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { location: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'Sunny, 24°C' },
            { type: 'text', text: 'Thanks!' },
          ],
        },
      ],
    });
    expect((formats.upstreams.openai.requests.at(-1)!.body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny, 24°C' },
      { role: 'user', content: 'Thanks!' },
    ]);
  });

  it("errors reach the SDK in Anthropic's shape: unknown model, bad request, provider failure", async () => {
    const notFound = await client.messages.create({ model: 'nobody/nothing', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
    expect((notFound as APIError).error).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: expect.stringMatching(/nobody\/nothing/) } });
    const bad = await client.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 10, messages: [] }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
    expect((bad as APIError).message).toMatch(/messages: must contain at least one message/);
    formats.scenarios.openai = () => ({ kind: 'json', status: 500, body: JSON.parse(replay.text('openai-compatible', 'openai-error-server.json')) });
    const upstream = await client.messages.create({ model: 'openai/gpt-4o-mini', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(upstream).toBeInstanceOf(APIError);
    expect((upstream as APIError).status).toBe(502);
    expect((upstream as APIError).error).toMatchObject({ error: { metadata: { provider_name: 'Fake OpenAI', raw: expect.any(String) } } });
  });

  it("messages.countTokens: the gateway's count of the system prompt, messages and tools, nothing generated; an unknown model in Anthropic's error shape", async () => {
    const before = formats.upstreams.openai.requests.length;
    const plain = await client.messages.countTokens({ model: 'openai/gpt-4o-mini', system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(plain.input_tokens).toBeGreaterThan(3);
    const withTools = await client.messages.countTokens({ model: 'openai/gpt-4o-mini', system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }], tools: [weather] });
    expect(withTools.input_tokens).toBeGreaterThan(plain.input_tokens);
    const longer = await client.messages.countTokens({ model: 'openai/gpt-4o-mini', system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there, '.repeat(50) }] });
    expect(longer.input_tokens).toBeGreaterThan(plain.input_tokens + 90);
    expect(formats.upstreams.openai.requests.length).toBe(before);
    const notFound = await client.messages.countTokens({ model: 'nobody/nothing', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(Anthropic.NotFoundError);
  });
});
