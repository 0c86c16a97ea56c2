import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { OpenRouter } from '@openrouter/sdk';
import type { ChatResult, ChatStreamChunk } from '@openrouter/sdk/models';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * OpenRouter's own SDKs pointed at Switchboard (the simulator upstream): `@openrouter/sdk` (its
 * response schemas are strict: a field of the wrong shape fails the call) and the `ai` SDK with
 * `@openrouter/ai-sdk-provider`, each reading usage.cost and reasoning.
 */
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway?.close();
});

async function recordCost(id: string): Promise<number> {
  await gateway.writer.drain();
  const response = await gateway.call(`/api/v1/generation?id=${id}`);
  return ((await response.json()) as { data: { total_cost: number } }).data.total_cost;
}

describe('@openrouter/sdk against Switchboard', () => {
  it('chat.send: the response validates against the SDK schema, with cost and reasoning', async () => {
    const client = new OpenRouter({ apiKey: gateway.localKey, serverURL: `${gateway.url}/api/v1`, appTitle: 'Switchboard tests' });
    const result = (await client.chat.send({ chatRequest: { model: 'deepseek/deepseek-r1', messages: [{ role: 'user', content: 'Which is larger, 9.11 or 9.8?' }], stream: false } })) as ChatResult;
    const message = result.choices[0]!.message as { content?: unknown; reasoning?: string | null };
    expect(typeof message.content).toBe('string');
    expect(message.reasoning?.length).toBeGreaterThan(10);
    expect(result.usage!.completionTokensDetails?.reasoningTokens).toBeGreaterThan(0);
    expect(result.usage!.cost).toBeGreaterThan(0);
    expect(result.usage!.cost).toBe(await recordCost(result.id));
  });

  it('chat.send streaming: chunks validate, usage with cost in the last one', async () => {
    const client = new OpenRouter({ apiKey: gateway.localKey, serverURL: `${gateway.url}/api/v1` });
    const stream = (await client.chat.send({
      chatRequest: { model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'Hello' }], stream: true, reasoning: { effort: 'low' } },
    })) as AsyncIterable<ChatStreamChunk>;
    let text = '';
    let reasoning = '';
    let cost: number | undefined;
    let id = '';
    for await (const chunk of stream) {
      id = chunk.id;
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning?: string | null } | undefined;
      text += delta?.content ?? '';
      reasoning += delta?.reasoning ?? '';
      if (chunk.usage) cost = chunk.usage.cost ?? undefined;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(reasoning.length).toBeGreaterThan(0);
    expect(cost).toBe(await recordCost(id));
  });
});

describe('ai SDK with @openrouter/ai-sdk-provider against Switchboard', () => {
  const openrouter = () => createOpenRouter({ apiKey: gateway.localKey, baseURL: `${gateway.url}/api/v1` });

  it('generateText: text, reasoning, token usage and OpenRouter cost in provider metadata', async () => {
    const result = await generateText({ model: openrouter()('deepseek/deepseek-r1'), prompt: 'Which is larger, 9.11 or 9.8?', providerOptions: { openrouter: { usage: { include: true } } } });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.reasoningText?.length).toBeGreaterThan(10);
    expect(result.usage.outputTokenDetails?.reasoningTokens).toBeGreaterThan(0);
    const metadata = result.providerMetadata?.openrouter as { usage?: { cost?: number }; provider?: string } | undefined;
    expect(metadata?.provider).toBe('Switchboard Simulator');
    expect(metadata?.usage?.cost).toBeGreaterThan(0);
    expect(metadata?.usage?.cost).toBe(await recordCost(result.response.id));
  });

  it('streamText with tools: a tool call arrives whole, reasoning streamed, cost in the metadata', async () => {
    const result = streamText({
      model: openrouter()('anthropic/claude-sonnet-4.5'),
      prompt: 'What is the weather in Paris?',
      tools: {
        get_weather: tool({
          description: 'Current weather',
          inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
        }),
      },
      toolChoice: 'required',
      providerOptions: { openrouter: { reasoning: { max_tokens: 1024 } } },
    });
    const calls = await result.toolCalls;
    expect(calls).toHaveLength(1);
    expect(calls[0]!.toolName).toBe('get_weather');
    expect(typeof (calls[0]!.input as { city?: unknown }).city).toBe('string');
    expect((await result.reasoningText)?.length).toBeGreaterThan(0);
    const metadata = (await result.providerMetadata)?.openrouter as { usage?: { cost?: number } } | undefined;
    expect(metadata?.usage?.cost).toBeGreaterThan(0);
  });
});
