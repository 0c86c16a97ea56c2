import Anthropic from '@anthropic-ai/sdk';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateObject, jsonSchema } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The official clients' everyday calls against Switchboard (the simulator serving, no keys): the
 * openai client (tools with a tool-result round trip, structured output, streaming with usage,
 * Responses whole and streamed, embeddings, legacy completions, models), Anthropic's (tools,
 * streaming, thinking, token counting) and the ai SDK's generateObject. Each answer is used as a
 * client user would use it, not only received.
 */
let gateway: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

const weather: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

beforeAll(async () => {
  gateway = await startTestGateway();
  openai = new OpenAI({ apiKey: gateway.localKey, baseURL: `${gateway.url}/api/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: gateway.localKey, baseURL: `${gateway.url}/api`, maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close();
});

describe('the openai client', () => {
  it('calls a tool, sends its result back, and gets the answer that uses it', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages, tools: [weather], tool_choice: 'required' });
    const call = first.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toHaveProperty('city');
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'Sunny, 24°C' });
    const second = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages, tools: [weather] });
    expect(second.choices[0]!.message.content?.length).toBeGreaterThan(0);
    expect(second.usage!.prompt_tokens).toBeGreaterThan(first.usage!.prompt_tokens);
  });

  it('gets structured output that parses against its JSON schema', async () => {
    const completion = await openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'A city and its population' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'city',
          strict: true,
          schema: { type: 'object', properties: { name: { type: 'string' }, population: { type: 'integer' } }, required: ['name', 'population'], additionalProperties: false },
        },
      },
    });
    const parsed = JSON.parse(completion.choices[0]!.message.content!) as { name: unknown; population: unknown };
    expect(typeof parsed.name).toBe('string');
    expect(Number.isInteger(parsed.population)).toBe(true);
  });

  it('streams with usage in the last chunk, and the streamed text is the text', async () => {
    const stream = await openai.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 30,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
    expect((usage as OpenAI.CompletionUsage & { cost: number }).cost).toBeGreaterThan(0);
  });

  it('creates responses whole and streamed (the streamed text equals the completed response’s)', async () => {
    const whole = await openai.responses.create({ model: 'openai/gpt-4o-mini', input: 'Say hello', max_output_tokens: 30 });
    expect(whole.output_text.length).toBeGreaterThan(0);
    const stream = await openai.responses.create({ model: 'openai/gpt-4o-mini', input: 'Say hello', max_output_tokens: 30, stream: true });
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed' || event.type === 'response.incomplete') completed = event.response;
    }
    expect(text.length).toBeGreaterThan(0);
    // The client adds output_text to whole responses only: the completed event's message holds the text.
    const message = completed!.output.find((item): item is OpenAI.Responses.ResponseOutputMessage => item.type === 'message')!;
    expect(message.content.map((part) => (part.type === 'output_text' ? part.text : '')).join('')).toBe(text);
  });

  it('gets log probabilities, one per token of the answer with the alternatives asked for', async () => {
    const completion = await openai.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 20, logprobs: true, top_logprobs: 2 });
    const choice = completion.choices[0]!;
    const tokens = choice.logprobs!.content!;
    expect(tokens.map((token) => token.token).join('')).toBe(choice.message.content);
    for (const token of tokens) {
      expect(token.logprob).toBeLessThanOrEqual(0);
      expect(token.top_logprobs).toHaveLength(2);
    }
  });

  it('generates an image: a real PNG, priced per image at the quality asked for', async () => {
    const response = await openai.images.generate({ model: 'openai/gpt-image-1', prompt: 'A lighthouse at dusk', n: 2, quality: 'low' });
    expect(response.data).toHaveLength(2);
    for (const image of response.data!) {
      const bytes = Buffer.from(image.b64_json!, 'base64');
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    // 2 images × $0.011 (low) + 5 prompt tokens × $5/M
    const usage = response.usage as unknown as { cost: number; prompt_tokens: number };
    expect(usage.cost).toBeCloseTo(2 * 0.011 + usage.prompt_tokens * 0.000005, 9);
  });

  it('speaks a text and transcribes the speech back, billed by character and by second', async () => {
    const input = 'Switchboard speaks through the simulator, then writes down what it heard.';
    const speech = await openai.audio.speech.create({ model: 'openai/tts-1', input, voice: 'alloy', response_format: 'wav' });
    expect(speech.headers.get('content-type')).toBe('audio/wav');
    const audio = Buffer.from(await speech.arrayBuffer());
    expect(audio.subarray(0, 4).toString('latin1')).toBe('RIFF');
    // 24 kHz 16-bit mono: the speech lasts as long as its text takes to say (15 characters a second).
    const seconds = (audio.length - 44) / 48_000;
    expect(seconds).toBeCloseTo(input.length / 15, 1);
    const transcription = await openai.audio.transcriptions.create({
      model: 'openai/whisper-1',
      file: await OpenAI.toFile(audio, 'speech.wav'),
      response_format: 'verbose_json',
      timestamp_granularities: ['word'],
    });
    expect(transcription.text.length).toBeGreaterThan(0);
    expect(transcription.duration).toBe(Math.ceil(seconds));
    expect(transcription.words!.at(-1)!.end).toBeCloseTo(seconds, 1);
  });

  it('embeds, completes a legacy prompt, lists and retrieves models', async () => {
    const embedded = await openai.embeddings.create({ model: 'openai/text-embedding-3-small', input: ['hello', 'world'] });
    expect(embedded.data).toHaveLength(2);
    expect(embedded.data[0]!.embedding.length).toBeGreaterThan(100);
    const legacy = await openai.completions.create({ model: 'openai/gpt-4o-mini', prompt: 'Once upon a time', max_tokens: 10 });
    expect(legacy.choices[0]!.text.length).toBeGreaterThan(0);
    const listed = await openai.models.list();
    expect(listed.data.some((model) => model.id === 'openai/gpt-4o-mini')).toBe(true);
    expect((await openai.models.retrieve('openai/gpt-4o-mini')).id).toBe('openai/gpt-4o-mini');
  });
});

describe("Anthropic's client", () => {
  const weatherTool: Anthropic.Tool = { name: 'get_weather', description: 'Current weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

  it('uses a tool and gets the answer that uses its result', async () => {
    const first = await anthropic.messages.create({
      model: 'anthropic/claude-sonnet-4.5',
      max_tokens: 300,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: { type: 'any' },
    });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect(use.name).toBe('get_weather');
    const second = await anthropic.messages.create({
      model: 'anthropic/claude-sonnet-4.5',
      max_tokens: 300,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny, 24°C' }] },
      ],
    });
    expect(second.content.some((block) => block.type === 'text')).toBe(true);
  });

  it('streams thinking and text, and counts tokens', async () => {
    const stream = anthropic.messages.stream({
      model: 'anthropic/claude-sonnet-4.5',
      max_tokens: 2_000,
      thinking: { type: 'enabled', budget_tokens: 1_024 },
      messages: [{ role: 'user', content: 'Think, then answer' }],
    });
    const message = await stream.finalMessage();
    expect(message.content.some((block) => block.type === 'thinking')).toBe(true);
    expect(message.content.some((block) => block.type === 'text')).toBe(true);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const counted = await anthropic.messages.countTokens({ model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it('lists the models page by page (after_id), each in its own shape', async () => {
    const first = await anthropic.models.list({ limit: 50 });
    expect(first.data[0]).toMatchObject({ type: 'model', display_name: expect.any(String), created_at: expect.stringMatching(/^\d{4}-/) });
    const ids: string[] = [];
    for await (const model of anthropic.models.list({ limit: 50 })) ids.push(model.id);
    const all = (await (await gateway.call('/api/v1/models')).json()) as { data: { id: string }[] };
    expect(ids).toEqual(all.data.map((model) => model.id));
  });
});

describe('the ai SDK', () => {
  it('generateObject: an object that matches its schema', async () => {
    const openrouter = createOpenRouter({ apiKey: gateway.localKey, baseURL: `${gateway.url}/api/v1` });
    const { object } = await generateObject({
      model: openrouter('openai/gpt-4o-mini'),
      schema: jsonSchema<{ title: string; tags: string[] }>({
        type: 'object',
        properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
        required: ['title', 'tags'],
        additionalProperties: false,
      }),
      prompt: 'A blog post title and its tags',
    });
    expect(typeof object.title).toBe('string');
    expect(Array.isArray(object.tags)).toBe(true);
  });
});
