import { StreamEvents$inboundSchema } from '@openrouter/sdk/models';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Log probabilities, asked for and given back in every format that has them: the simulator makes
 * them (one per token of its text, the alternatives asked for), an OpenAI-compatible upstream's pass
 * through untouched, whole and streamed, in Chat Completions, legacy Completions and Responses.
 */
// A model whose endpoints take logprobs (the catalog says so; a parameter an endpoint does not take is not sent).
const llama = 'deepseek/deepseek-v4-flash';
const upstreamLogprobs = [
  {
    token: 'Hi',
    logprob: -0.01,
    bytes: [72, 105],
    top_logprobs: [
      { token: 'Hi', logprob: -0.01, bytes: [72, 105] },
      { token: 'Hello', logprob: -4.6, bytes: [72, 101, 108, 108, 111] },
    ],
  },
  {
    token: '!',
    logprob: -0.2,
    bytes: [33],
    top_logprobs: [
      { token: '!', logprob: -0.2, bytes: [33] },
      { token: '.', logprob: -1.8, bytes: [46] },
    ],
  },
];
const upstream = new FakeUpstream((request) => {
  const body = request.body as { stream?: boolean };
  const base = { id: 'chatcmpl-lp', object: 'chat.completion', created: 1, model: 'llama' };
  if (body.stream) {
    return {
      kind: 'sse',
      chunks: [
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, logprobs: { content: [upstreamLogprobs[0]] }, finish_reason: null }] })}\n\n`,
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: '!' }, logprobs: { content: [upstreamLogprobs[1]] }, finish_reason: 'stop' }] })}\n\n`,
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })}\n\n`,
        'data: [DONE]\n\n',
      ],
    };
  }
  return {
    kind: 'json',
    body: {
      ...base,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, logprobs: { content: upstreamLogprobs }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    },
  };
});
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway({
    providers: [
      { kind: 'simulator', time_scale: 0, extra_endpoints: [] },
      { kind: 'openai-compatible', id: 'together', name: 'Together (a fake upstream)', base_url: upstream.url, models: [{ id: llama }] },
    ],
  });
  client = new OpenAI({ apiKey: gateway.localKey, baseURL: `${gateway.url}/api/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

describe('log probabilities', () => {
  it('come from the simulator, one per token of the text, with the alternatives asked for, whole and streamed', async () => {
    const whole = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 20, logprobs: true, top_logprobs: 3 });
    const content = whole.choices[0]!.logprobs!.content!;
    expect(content.map((entry) => entry.token).join('')).toBe(whole.choices[0]!.message.content);
    for (const entry of content) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.top_logprobs).toHaveLength(3);
      expect(entry.top_logprobs[0]!.token).toBe(entry.token);
      expect(entry.bytes).toEqual([...Buffer.from(entry.token)]);
    }
    // Asking for them changes nothing else: the same text without them, and no logprobs.
    const without = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 20 });
    expect(without.choices[0]!.message.content).toBe(whole.choices[0]!.message.content);
    expect(without.choices[0]!.logprobs).toBeNull();
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 20, logprobs: true, stream: true });
    let text = '';
    let tokens = '';
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      text += choice.delta.content ?? '';
      tokens += (choice.logprobs?.content ?? []).map((entry) => entry.token).join('');
    }
    expect(tokens).toBe(text);
    expect(text.length).toBeGreaterThan(0);
  });

  it('pass through from an OpenAI-compatible upstream, whole and streamed, in chat and legacy completions', async () => {
    const whole = await client.chat.completions.create({ model: llama, messages: [{ role: 'user', content: 'Hi' }], logprobs: true, top_logprobs: 2, provider: { only: ['together'] } } as never);
    expect(whole.choices[0]!.logprobs!.content).toEqual(upstreamLogprobs);
    const sent = upstream.requests.at(-1)!.body as { logprobs: boolean; top_logprobs: number };
    expect(sent).toMatchObject({ logprobs: true, top_logprobs: 2 });
    const stream = await client.chat.completions.create({ model: llama, messages: [{ role: 'user', content: 'Hi' }], logprobs: true, stream: true, provider: { only: ['together'] } } as never);
    const streamed = [];
    for await (const chunk of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) streamed.push(...(chunk.choices[0]?.logprobs?.content ?? []));
    expect(streamed).toEqual(upstreamLogprobs);
    const legacy = await client.completions.create({ model: llama, prompt: 'Hi', logprobs: 2, provider: { only: ['together'] } } as never);
    expect(legacy.choices[0]!.logprobs).toEqual({
      tokens: ['Hi', '!'],
      token_logprobs: [-0.01, -0.2],
      top_logprobs: [
        { Hi: -0.01, Hello: -4.6 },
        { '!': -0.2, '.': -1.8 },
      ],
      text_offset: [0, 2],
    });
    const refused = await gateway.call('/api/v1/completions', { key: gateway.localKey, json: { model: llama, prompt: 'Hi', logprobs: 'many' } });
    expect(refused.status).toBe(400);
  });

  it('reach Responses API clients in text deltas, the done event and the whole response, in the shapes the SDK takes', async () => {
    const whole = (await (
      await gateway.call('/api/v1/responses', {
        key: gateway.localKey,
        json: { model: 'openai/gpt-4o-mini', input: 'Hello', max_output_tokens: 20, include: ['message.output_text.logprobs'], top_logprobs: 2 },
      })
    ).json()) as { output: { type: string; content?: { text: string; logprobs: { token: string; top_logprobs: unknown[] }[] }[] }[] };
    const message = whole.output.find((item) => item.type === 'message')!.content![0]!;
    expect(message.logprobs.map((entry) => entry.token).join('')).toBe(message.text);
    expect(message.logprobs[0]!.top_logprobs).toHaveLength(2);
    const response = await gateway.call('/api/v1/responses', { key: gateway.localKey, json: { model: 'openai/gpt-4o-mini', input: 'Hello', max_output_tokens: 20, top_logprobs: 1, stream: true } });
    const events = (await response.text())
      .split('\n\n')
      .map((block) => block.split('\n').find((line) => line.startsWith('data: ')))
      .filter((line): line is string => line !== undefined)
      .map((line) => JSON.parse(line.slice(6)) as { type: string; delta?: string; logprobs?: { token: string }[] });
    const deltas = events.filter((event) => event.type === 'response.output_text.delta');
    expect(deltas.map((event) => event.logprobs!.map((entry) => entry.token).join('')).join('')).toBe(deltas.map((event) => event.delta).join(''));
    for (const event of events) expect((StreamEvents$inboundSchema.parse(event) as { type: string }).type).toBe(event.type);
  });
});
