import type { Usage } from '../../spec/usage.js';
import { describe, expect, it } from 'vitest';
import { ModelCatalog } from '../../catalog/model-catalog.js';
import { configSchema } from '../../config/config-schema.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { collectStream } from '../../spec/collect-stream.js';
import type { GenerationRequest } from '../../spec/generation-request.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { countTextTokens } from '../../tokenization/count-tokens.js';
import { SimulatorProvider } from './simulator-provider.js';

const catalog = ModelCatalog.load();

function simulator(options: Record<string, unknown> = {}) {
  const config = configSchema.parse({ providers: [{ kind: 'simulator', time_scale: 0, ...options }] }).providers[0];
  if (config?.kind !== 'simulator') throw new Error('unreachable');
  return new SimulatorProvider(config, catalog);
}

function call(provider: SimulatorProvider, modelId: string, fields: Partial<GenerationRequest> = {}) {
  const endpoint = provider.endpoints.find((item) => item.model.id === modelId)!;
  const request: GenerationRequest = { model: modelId, messages: [{ role: 'user', content: 'Explain prompt caching in two sentences.' }], stream: true, parameters: {}, ...fields };
  return { request, endpoint, signal: new AbortController().signal };
}

async function parts(provider: SimulatorProvider, modelId: string, fields: Partial<GenerationRequest> = {}): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of provider.stream(call(provider, modelId, fields))) collected.push(part);
  return collected;
}

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
      required: ['city', 'days'],
    },
  },
};

describe('SimulatorProvider', () => {
  it('serves every catalog model but aliases', () => {
    const provider = simulator();
    expect(provider.endpoints.length).toBe(catalog.models.filter((model) => !model.switchboard.alias_target).length);
  });

  it('is deterministic for a seed and counts tokens with the tokenizer', async () => {
    const first = await collectStream(simulator().stream(call(simulator(), 'openai/gpt-4o-mini')));
    const again = await collectStream(simulator().stream(call(simulator(), 'openai/gpt-4o-mini')));
    expect(again.content).toBe(first.content);
    const other = await collectStream(simulator({ seed: 7 }).stream(call(simulator({ seed: 7 }), 'openai/gpt-4o-mini')));
    expect(other.content).not.toBe(first.content);
    expect(first.usage.completionTokens).toBe(countTextTokens(first.content!));
    expect(first.usage.promptTokens).toBeGreaterThan(countTextTokens('Explain prompt caching in two sentences.'));
    expect(first.finishReason).toBe('stop');
  });

  it('reasons on reasoning models unless reasoning is switched off, and hides the text with exclude', async () => {
    const reasoned = await collectStream(simulator().stream(call(simulator(), 'deepseek/deepseek-r1')));
    expect(reasoned.reasoning).toBeTruthy();
    expect((reasoned.usage as Usage).reasoningTokens).toBe(countTextTokens(reasoned.reasoning!));
    expect(reasoned.usage.completionTokens).toBe((reasoned.usage as Usage).reasoningTokens + countTextTokens(reasoned.content!));
    const off = await collectStream(simulator().stream(call(simulator(), 'deepseek/deepseek-r1', { reasoning: { enabled: false } })));
    expect((off.usage as Usage).reasoningTokens).toBe(0);
    const hidden = await collectStream(simulator().stream(call(simulator(), 'deepseek/deepseek-r1', { reasoning: { exclude: true } })));
    expect(hidden.reasoning).toBeNull();
    expect((hidden.usage as Usage).reasoningTokens).toBeGreaterThan(0);
    const plain = await collectStream(simulator().stream(call(simulator(), 'openai/gpt-4o-mini')));
    expect((plain.usage as Usage).reasoningTokens).toBe(0);
    // Claude reasons only when asked.
    const claude = await collectStream(simulator().stream(call(simulator(), 'anthropic/claude-sonnet-4')));
    expect((claude.usage as Usage).reasoningTokens).toBe(0);
    const thinking = await collectStream(simulator().stream(call(simulator(), 'anthropic/claude-sonnet-4', { reasoning: { max_tokens: 200 } })));
    expect((thinking.usage as Usage).reasoningTokens).toBeGreaterThan(0);
    expect((thinking.usage as Usage).reasoningTokens).toBeLessThanOrEqual(200);
  });

  it('never produces more than max_tokens, and says length when it stops there', async () => {
    for (const max of [1, 5, 40]) {
      for (const model of ['deepseek/deepseek-r1', 'openai/gpt-4o-mini']) {
        const result = await collectStream(simulator().stream(call(simulator(), model, { maxTokens: max })));
        expect(result.usage.completionTokens).toBeLessThanOrEqual(max);
        expect(result.finishReason).toBe('length');
      }
    }
  });

  it('calls tools with arguments that match the schema, streamed in many pieces', async () => {
    const provider = simulator();
    const streamed = await parts(provider, 'openai/gpt-4o-mini', { tools: [weatherTool], toolChoice: 'required' });
    const deltas = streamed.filter((part) => part.type === 'tool-call-delta');
    expect(deltas.length).toBeGreaterThan(2);
    const result = await collectStream(simulator().stream(call(simulator(), 'openai/gpt-4o-mini', { tools: [weatherTool], toolChoice: 'required' })));
    expect(result.finishReason).toBe('tool_calls');
    expect(result.content).toBeNull();
    expect(result.toolCalls[0]!.function.name).toBe('get_weather');
    const args = JSON.parse(result.toolCalls[0]!.function.arguments) as { city: string; days: number; unit?: string };
    expect(typeof args.city).toBe('string');
    expect(args.days).toBeGreaterThanOrEqual(1);
    expect(args.days).toBeLessThanOrEqual(7);
    if (args.unit !== undefined) expect(['celsius', 'fahrenheit']).toContain(args.unit);
    // After a tool result the model answers in text.
    const answer = await collectStream(
      simulator().stream(
        call(simulator(), 'openai/gpt-4o-mini', {
          tools: [weatherTool],
          messages: [
            { role: 'user', content: 'Weather?' },
            { role: 'assistant', content: null, tool_calls: result.toolCalls },
            { role: 'tool', tool_call_id: result.toolCalls[0]!.id, content: '{"temp":21}' },
          ],
        }),
      ),
    );
    expect(answer.finishReason).toBe('stop');
    expect(answer.content).toBeTruthy();
  });

  it('returns JSON that follows a json_schema response format', async () => {
    const result = await collectStream(
      simulator().stream(
        call(simulator(), 'openai/gpt-4o-mini', {
          responseFormat: {
            type: 'json_schema',
            json_schema: { name: 'person', schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0, maximum: 120 } }, required: ['name', 'age'] } },
          },
        }),
      ),
    );
    const value = JSON.parse(result.content!) as { name: string; age: number };
    expect(typeof value.name).toBe('string');
    expect(Number.isInteger(value.age)).toBe(true);
  });

  it('simulates implicit prompt caching for long shared prefixes and explicit cache_control breakpoints', async () => {
    const provider = simulator();
    const system = { role: 'system' as const, content: 'You are a careful assistant. '.repeat(400) };
    const first = await collectStream(provider.stream(call(provider, 'openai/gpt-4o-mini', { messages: [system, { role: 'user', content: 'first question' }] })));
    expect((first.usage as Usage).cachedTokens).toBe(0);
    const second = await collectStream(provider.stream(call(provider, 'openai/gpt-4o-mini', { messages: [system, { role: 'user', content: 'second question' }] })));
    expect((second.usage as Usage).cachedTokens).toBeGreaterThanOrEqual(1024);
    expect((second.usage as Usage).cachedTokens % 128).toBe(0);

    const marked = { role: 'system' as const, content: [{ type: 'text' as const, text: 'Reference manual. '.repeat(300), cache_control: { type: 'ephemeral' as const } }] };
    const write = await collectStream(provider.stream(call(provider, 'anthropic/claude-sonnet-4.5', { messages: [marked, { role: 'user', content: 'q1' }] })));
    expect((write.usage as Usage).cacheWriteTokens).toBeGreaterThan(0);
    expect((write.usage as Usage).cachedTokens).toBe(0);
    const read = await collectStream(provider.stream(call(provider, 'anthropic/claude-sonnet-4.5', { messages: [marked, { role: 'user', content: 'q2' }] })));
    expect((read.usage as Usage).cachedTokens).toBe((write.usage as Usage).cacheWriteTokens);
    const unmarked = await collectStream(provider.stream(call(provider, 'anthropic/claude-sonnet-4.5', { messages: [system, { role: 'user', content: 'q3' }] })));
    expect((unmarked.usage as Usage).cacheWriteTokens + (unmarked.usage as Usage).cachedTokens).toBe(0);
  });

  it('fails with upstream errors at the configured rate', async () => {
    const provider = simulator({ error_rate: 1 });
    await expect(collectStream(provider.stream(call(provider, 'openai/gpt-4o-mini')))).rejects.toSatisfy((error: unknown) => GatewayError.isInstance(error) && error.retryable);
  });

  it('rejects prompts longer than the context window', async () => {
    const provider = simulator();
    const tooLong = 'word '.repeat(40_000);
    await expect(collectStream(provider.stream(call(provider, 'meta-llama/llama-3-8b-instruct', { messages: [{ role: 'user', content: tooLong }] })))).rejects.toMatchObject({
      code: 'context_length_exceeded',
    });
  });

  it('takes its time when time_scale is 1, and stops when aborted', async () => {
    const provider = simulator({ time_scale: 1, latency_ms: { median: 150, spread: 0 } });
    const controller = new AbortController();
    const started = performance.now();
    const stream = provider.stream({ ...call(provider, 'openai/gpt-4o-mini'), signal: controller.signal });
    const seen: StreamPart[] = [];
    await expect(
      (async () => {
        for await (const part of stream) {
          seen.push(part);
          if (part.type === 'text-delta') controller.abort(new Error('client went away'));
        }
      })(),
    ).rejects.toThrow('client went away');
    expect(performance.now() - started).toBeGreaterThan(100);
    expect(seen.some((part) => part.type === 'finish')).toBe(false);
  });

  it('produces exactly min_tokens = max_tokens, with the reasoning budget used in full, with or without tools', async () => {
    const provider = simulator();
    for (const [model, length, reasoning, tools] of [
      ['openai/gpt-4o-mini', 1, undefined, undefined],
      ['openai/gpt-4o-mini', 137, undefined, undefined],
      ['openai/gpt-4o-mini', 1899, undefined, undefined],
      ['deepseek/deepseek-r1', 900, 600, undefined],
      ['deepseek/deepseek-r1', 50, undefined, undefined],
      ['openai/gpt-4o-mini', 80, undefined, [weatherTool]],
    ] as const) {
      for (let seed = 0; seed < 5; seed++) {
        const result = await collectStream(
          provider.stream(
            call(provider, model, {
              messages: [{ role: 'user', content: `case ${seed}` }],
              maxTokens: length,
              parameters: { min_tokens: length },
              ...(reasoning ? { reasoning: { max_tokens: reasoning } } : {}),
              ...(tools ? { tools: [...tools], toolChoice: 'required' as const } : {}),
            }),
          ),
        );
        expect(result.usage.completionTokens, `${model} ${length}`).toBe(length);
        if (reasoning) expect((result.usage as Usage).reasoningTokens).toBe(reasoning);
        if (tools) expect(result.toolCalls.length).toBeGreaterThan(0);
        else expect(countTextTokens(result.content ?? '') + (result.usage as Usage).reasoningTokens).toBe(length);
      }
    }
  });
});
