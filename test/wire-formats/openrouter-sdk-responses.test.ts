import { OpenRouter } from '@openrouter/sdk';
import { type OpenResponsesResult, StreamEvents$inboundSchema } from '@openrouter/sdk/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The Responses API through OpenRouter's SDK: a whole response validated by the SDK (which throws on
 * a shape it rejects), and every event of text, reasoning and tool-call streams parsed with the SDK's
 * own stream-event schema (an event it cannot read becomes UNKNOWN: a failure here).
 */
let gateway: TestGateway;
let sdk: OpenRouter;

beforeAll(async () => {
  gateway = await startTestGateway();
  sdk = new OpenRouter({ apiKey: gateway.localKey, serverURL: `${gateway.url}/api/v1` });
});
afterAll(async () => {
  await gateway?.close();
});

async function rawEvents(body: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const response = await gateway.call('/api/v1/responses', { key: gateway.localKey, json: { ...body, stream: true } });
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) => block.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

describe('@openrouter/sdk: the Responses API', () => {
  it('responses.send, whole', async () => {
    const result = (await sdk.beta.responses.send({ responsesRequest: { model: 'openai/gpt-4o-mini', input: 'Say hello', maxOutputTokens: 20 } })) as OpenResponsesResult;
    expect(result).toMatchObject({ object: 'response', model: 'openai/gpt-4o-mini', frequencyPenalty: null, presencePenalty: null });
    expect(result.completedAt).toBeGreaterThan(0);
    const message = result.output.find((item) => (item as { type: string }).type === 'message') as { content: { text: string }[] } | undefined;
    expect(message?.content[0]?.text.length).toBeGreaterThan(0);
  });

  for (const [name, body] of [
    ['text', { model: 'openai/gpt-4o-mini', input: 'Say hello', max_output_tokens: 20 }],
    ['reasoning', { model: 'deepseek/deepseek-r1', input: 'Think', max_output_tokens: 200 }],
    ['tools', { model: 'openai/gpt-4o-mini', input: 'Weather?', tools: [{ type: 'function', name: 'weather', parameters: { type: 'object', properties: {} } }], tool_choice: 'required' }],
  ] as const) {
    it(`every streamed event of ${name} passes the SDK's schema`, async () => {
      const problems: string[] = [];
      for (const event of await rawEvents(body)) {
        const parsed = StreamEvents$inboundSchema.safeParse(event);
        const type = parsed.success ? (parsed.data as { type: string }).type : 'failed';
        if (type !== event.type) problems.push(`${String(event.type)} → ${type}: ${JSON.stringify(event).slice(0, 300)}`);
      }
      console.log(problems.join('\n'));
      expect(problems).toEqual([]);
    });
  }
});
