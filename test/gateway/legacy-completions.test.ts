import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTextTokens } from '../../src/tokenization/count-tokens.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway?.close();
});

describe('POST /api/v1/completions (legacy)', () => {
  it('answers a raw prompt as a text_completion, counted without chat framing, with exact lengths on request', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/api/v1`, apiKey: gateway.localKey, maxRetries: 0 });
    const completion = await client.completions.create({ model: 'openai/gpt-4o-mini', prompt: 'def fibonacci(n):', max_tokens: 40, min_tokens: 40 } as OpenAI.CompletionCreateParamsNonStreaming);
    expect(completion.object).toBe('text_completion');
    expect(completion.id).toMatch(/^gen-/);
    expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: 'length', logprobs: null });
    expect(completion.choices[0]!.text.length).toBeGreaterThan(0);
    const promptTokens = countTextTokens('def fibonacci(n):');
    expect(completion.usage).toMatchObject({ prompt_tokens: promptTokens, completion_tokens: 40, total_tokens: promptTokens + 40 });
    expect((completion.usage as unknown as { cost: number }).cost).toBeGreaterThan(0);
    const record = (await (await gateway.call(`/api/v1/generation?id=${completion.id}`)).json()) as { data: Record<string, unknown> };
    expect(record.data).toMatchObject({ tokens_prompt: promptTokens, tokens_completion: 40, api_type: 'completions' });
  });

  it('streams text_completion chunks, usage last, then [DONE]', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/api/v1`, apiKey: gateway.localKey, maxRetries: 0 });
    const stream = await client.completions.create({ model: 'deepseek/deepseek-r1', prompt: 'Once upon a time', max_tokens: 300, stream: true });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('text_completion');
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).not.toBeNull();
    expect(usage!.prompt_tokens).toBe(countTextTokens('Once upon a time'));
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('rejects what a completions request cannot carry, naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ model: 'openai/gpt-4o-mini' }, /^prompt: is required/],
      [{ model: 'openai/gpt-4o-mini', prompt: ['a', 'b'] }, /^prompt: /],
      [{ model: 'openai/gpt-4o-mini', prompt: [1, 2, 3] }, /^prompt: .*token arrays/],
      [{ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, /^messages: /],
      [{ model: 'openai/gpt-4o-mini', prompt: 'x', tools: [] }, /^tools: /],
      [{ model: 'openai/gpt-4o-mini', prompt: 'x', min_tokens: -1 }, /^min_tokens: /],
    ];
    for (const [body, message] of cases) {
      const response = await gateway.call('/api/v1/completions', { json: body });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
  });
});
