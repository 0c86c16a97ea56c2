import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatGateway, replay, type UpstreamFormat } from '../helpers/format-gateway.js';

/**
 * Every pair of inbound format (Chat Completions, Anthropic Messages, Responses) and upstream
 * format (OpenAI-compatible, Anthropic, Gemini, Responses): a streamed tool call, split across many
 * chunks by the upstream, arrives intact in the client's format. And for each upstream format, the
 * cost of a request with cached prompt tokens and reasoning tokens equals a hand computation and
 * the generation record.
 */
const formats = new FormatGateway();
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  await formats.start();
  openai = new OpenAI({ baseURL: `${formats.url}/api/v1`, apiKey: formats.key, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: `${formats.url}/api`, apiKey: formats.key, maxRetries: 0 });
});
afterAll(async () => {
  await formats.stop();
});

interface UpstreamCase {
  format: UpstreamFormat;
  model: string;
  fixture: [Parameters<typeof replay.sse>[0], string];
  /** The arguments of each tool call, as the upstream sent them. */
  expected: Record<string, unknown>[];
}

const upstreams: UpstreamCase[] = [
  { format: 'openai', model: 'openai/gpt-4o-mini', fixture: ['openai-compatible', 'openai-tool-call.chunks.txt'], expected: [{ location: 'Paris,  France' }] },
  { format: 'anthropic', model: 'anthropic/claude-sonnet-4.5', fixture: ['anthropic', 'stream-tool-use.chunks.txt'], expected: [{ location: 'San Francisco, CA', unit: 'fahrenheit' }] },
  {
    format: 'gemini',
    model: 'google/gemini-2.5-flash',
    fixture: ['gemini', 'stream-function-calls.chunks.txt'],
    expected: [
      { location: 'Paris', unit: 'celsius' },
      { location: 'Tokyo, Japan', unit: 'celsius', days: 3 },
    ],
  },
  { format: 'responses', model: 'openai/gpt-5', fixture: ['openai-responses', 'stream-reasoning-function-call.chunks.txt'], expected: [{ location: 'Paris, France' }] },
];

const parameters = { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' }, days: { type: 'integer' } }, required: ['location'] };

/** Each inbound format: stream a request with a tool, return the calls' arguments as the client assembled them. */
const inbound: Record<'chat' | 'messages' | 'responses', (model: string) => Promise<{ calls: Record<string, unknown>[]; fragments: number }>> = {
  chat: async (model) => {
    const stream = await openai.chat.completions.create({
      model,
      stream: true,
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters } }],
    });
    const calls = new Map<number, string>();
    let fragments = 0;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) {
        calls.set(call.index, (calls.get(call.index) ?? '') + (call.function?.arguments ?? ''));
        if (call.function?.arguments) fragments++;
      }
    }
    return { calls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, text]) => JSON.parse(text) as Record<string, unknown>), fragments };
  },
  messages: async (model) => {
    const stream = anthropic.messages.stream({
      model,
      max_tokens: 1000,
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ name: 'get_weather', input_schema: parameters as Anthropic.Tool.InputSchema }],
    });
    let fragments = 0;
    stream.on('inputJson', () => fragments++);
    const message = await stream.finalMessage();
    return { calls: message.content.filter((block) => block.type === 'tool_use').map((block) => (block as Anthropic.ToolUseBlock).input as Record<string, unknown>), fragments };
  },
  responses: async (model) => {
    const stream = openai.responses.stream({ model, input: 'Weather?', tools: [{ type: 'function', name: 'get_weather', parameters, strict: false }] });
    let fragments = 0;
    stream.on('response.function_call_arguments.delta', () => fragments++);
    const response = await stream.finalResponse();
    return {
      calls: response.output.filter((item) => item.type === 'function_call').map((item) => JSON.parse((item as OpenAI.Responses.ResponseFunctionToolCall).arguments) as Record<string, unknown>),
      fragments,
    };
  },
};

describe('a streamed tool call split across chunks arrives intact, in every format pair', () => {
  for (const client of ['chat', 'messages', 'responses'] as const) {
    for (const upstream of upstreams) {
      it(`${client} ← ${upstream.format}`, async () => {
        formats.scenarios[upstream.format] = () => replay.sse(...upstream.fixture);
        const before = formats.upstreams[upstream.format].requests.length;
        const { calls, fragments } = await inbound[client](upstream.model);
        expect(formats.upstreams[upstream.format].requests.length).toBe(before + 1);
        expect(calls).toEqual(upstream.expected);
        // Gemini sends each call whole; the others split the arguments, and the client sees the pieces.
        expect(fragments).toBeGreaterThanOrEqual(upstream.format === 'gemini' ? upstream.expected.length : 3);
      });
    }
  }
});

describe('cost of cached prompt and reasoning tokens, by hand, per upstream format', () => {
  const cases: { format: UpstreamFormat; model: string; fixture: [Parameters<typeof replay.json>[0], string]; byHand: number; usage: Record<string, unknown> }[] = [
    {
      // DeepSeek R1 at $0.70 in / $2.50 out, cache hits at $0.14 (the endpoint's price override): 564 uncached, 1,536 cached, 460 out (400 reasoning).
      format: 'openai',
      model: 'deepseek/deepseek-r1',
      fixture: ['openai-compatible', 'deepseek-reasoner-cached.json'],
      byHand: 564 * 0.7e-6 + 1536 * 0.14e-6 + 460 * 2.5e-6,
      usage: { prompt_tokens: 2100, completion_tokens: 460, prompt_tokens_details: { cached_tokens: 1536 }, completion_tokens_details: { reasoning_tokens: 400 } },
    },
    {
      // Claude Sonnet 4.5 at $3 / $15, cache read $0.30, cache write $3.75: 42 uncached, 20,000 read, 1,500 written, 180 out (thinking inside).
      format: 'anthropic',
      model: 'anthropic/claude-sonnet-4.5',
      fixture: ['anthropic', 'message-thinking-tool-use-cached.json'],
      byHand: 42 * 3e-6 + 20000 * 0.3e-6 + 1500 * 3.75e-6 + 180 * 15e-6,
      usage: { prompt_tokens: 21542, completion_tokens: 180, prompt_tokens_details: { cached_tokens: 20000, cache_write_tokens: 1500 } },
    },
    {
      // Gemini 2.5 Flash at $0.30 / $2.50 (thinking at $2.50), cache read $0.03: 4,000 uncached, 8,000 cached, 20 out + 240 thinking.
      format: 'gemini',
      model: 'google/gemini-2.5-flash',
      fixture: ['gemini', 'generate-thinking-function-call-cached.json'],
      byHand: 4000 * 0.3e-6 + 8000 * 0.03e-6 + 20 * 2.5e-6 + 240 * 2.5e-6,
      usage: { prompt_tokens: 12000, completion_tokens: 260, prompt_tokens_details: { cached_tokens: 8000 }, completion_tokens_details: { reasoning_tokens: 240 } },
    },
    {
      // GPT-5 at $1.25 / $10, cache read $0.125: 1,162 uncached, 2,048 cached, 412 out (384 reasoning).
      format: 'responses',
      model: 'openai/gpt-5',
      fixture: ['openai-responses', 'response-reasoning-function-call.json'],
      byHand: 1162 * 1.25e-6 + 2048 * 0.125e-6 + 412 * 10e-6,
      usage: { prompt_tokens: 3210, completion_tokens: 412, prompt_tokens_details: { cached_tokens: 2048 }, completion_tokens_details: { reasoning_tokens: 384 } },
    },
  ];
  for (const item of cases) {
    it(`${item.format}: usage.cost = the record's total_cost = the hand computation`, async () => {
      formats.scenarios[item.format] = () => replay.json(...item.fixture);
      const completion = await openai.chat.completions.create({
        model: item.model,
        messages: [{ role: 'user', content: 'Go.' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters } }],
      });
      const usage = completion.usage as OpenAI.CompletionUsage & { cost: number };
      expect(usage).toMatchObject(item.usage);
      expect(usage.cost).toBeCloseTo(item.byHand, 9);
      expect((await formats.record(completion.id)).total_cost).toBe(usage.cost);
    });
  }
});
