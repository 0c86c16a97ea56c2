import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { parseMessagesRequest } from '../../src/wire/anthropic-messages/parse-messages-request.js';
import { parseChatRequest } from '../../src/wire/openai-chat/parse-chat-request.js';
import { parseCompletionRequest } from '../../src/wire/openai-completions/parse-completion-request.js';
import { parseEmbeddingsRequest } from '../../src/wire/openai-embeddings/parse-embeddings-request.js';
import { parseResponsesRequest } from '../../src/wire/openai-responses/parse-responses-request.js';
import { parseJsonBody } from '../../src/wire/request-validation.js';
import { parseImageRequest } from '../../src/wire/media/parse-image-request.js';
import { parseRerankRequest } from '../../src/wire/media/parse-rerank-request.js';
import { parseSpeechRequest } from '../../src/wire/media/parse-speech-request.js';
import { parseTranscriptionRequest } from '../../src/wire/media/parse-transcription-request.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Hostile input, property by property: whatever a client sends to any inbound parser — random
 * JSON, a valid request with one field replaced by anything, random bytes, absurd nesting, sizes
 * and numbers — the answer is a 4xx naming the problem (or a 200), never a 5xx, and the gateway
 * is healthy afterwards.
 */
const valid = {
  chat: { model: 'openai/gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
  completions: { model: 'openai/gpt-4o-mini', max_tokens: 5, prompt: 'hi' },
  messages: { model: 'anthropic/claude-sonnet-4.5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
  responses: { model: 'openai/gpt-4o-mini', max_output_tokens: 16, input: 'hi' },
  embeddings: { model: 'openai/text-embedding-3-small', input: 'hi' },
  rerank: { model: 'cohere/rerank-v3.5', query: 'hi', documents: ['hi there', 'bye'] },
  images: { model: 'openai/gpt-image-1', prompt: 'hi' },
  speech: { model: 'openai/tts-1', input: 'hi', response_format: 'wav' },
  transcription: { model: 'openai/whisper-1', input_audio: { data: Buffer.alloc(4_800).toString('base64'), format: 'pcm' } },
} as const;
type Format = keyof typeof valid;

const parsers: Record<Format, (body: unknown) => unknown> = {
  chat: parseChatRequest,
  completions: parseCompletionRequest,
  messages: parseMessagesRequest,
  responses: parseResponsesRequest,
  embeddings: parseEmbeddingsRequest,
  rerank: parseRerankRequest,
  images: parseImageRequest,
  speech: parseSpeechRequest,
  transcription: parseTranscriptionRequest,
};
const paths: Record<Format, string> = {
  chat: '/api/v1/chat/completions',
  completions: '/api/v1/completions',
  messages: '/api/v1/messages',
  responses: '/api/v1/responses',
  embeddings: '/api/v1/embeddings',
  rerank: '/api/v1/rerank',
  images: '/api/v1/images',
  speech: '/api/v1/audio/speech',
  transcription: '/api/v1/audio/transcriptions',
};
const formats = Object.keys(valid) as Format[];

/** Every field a parser reads (and some it does not), each given any JSON value. */
const fieldNames = [
  'model',
  'models',
  'messages',
  'prompt',
  'input',
  'instructions',
  'system',
  'max_tokens',
  'max_output_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop',
  'stop_sequences',
  'stream',
  'tools',
  'tool_choice',
  'response_format',
  'text',
  'reasoning',
  'thinking',
  'provider',
  'transforms',
  'usage',
  'user',
  'metadata',
  'seed',
  'logit_bias',
  'dimensions',
  'encoding_format',
  'session_id',
  'plugins',
  'prediction',
  'query',
  'documents',
  'top_n',
  'n',
  'size',
  'quality',
  'output_format',
  'voice',
  'speed',
  'input_audio',
  'language',
  'timestamp_granularities',
  '__proto__',
  'constructor',
];
const anyJson = fc.jsonValue({ maxDepth: 5 });
/** A valid request of the format with a few fields replaced, removed or added. */
const mutated = (format: Format) =>
  fc
    .array(fc.tuple(fc.constantFrom(...fieldNames), fc.oneof(anyJson, fc.constant(undefined), fc.constant(Number.POSITIVE_INFINITY), fc.constant(-0))), { minLength: 1, maxLength: 4 })
    .map((changes) => {
      const body: Record<string, unknown> = structuredClone(valid[format]) as Record<string, unknown>;
      for (const [field, value] of changes) {
        if (value === undefined) delete body[field];
        else Object.defineProperty(body, field, { value, enumerable: true, configurable: true, writable: true });
      }
      return body;
    });
/** The messages (or input) array with one item replaced by anything. */
const mutatedItem = (format: Format) =>
  fc.tuple(anyJson, fc.nat(3)).map(([value, index]) => {
    const body = structuredClone(valid[format]) as Record<string, unknown>;
    const field = 'messages' in body ? 'messages' : 'documents' in body ? 'documents' : 'input';
    const items = Array.isArray(body[field]) ? (body[field] as unknown[]) : [body[field]];
    items[Math.min(index, items.length)] = value;
    body[field] = items;
    return body;
  });

function expectClientError(thrown: unknown): void {
  expect(GatewayError.isInstance(thrown), String((thrown as Error)?.stack ?? thrown)).toBe(true);
  const status = (thrown as GatewayError).status;
  expect(status, (thrown as Error).message).toBeGreaterThanOrEqual(400);
  expect(status, (thrown as Error).message).toBeLessThan(500);
}

describe('every inbound parser, property-based', () => {
  it.each(formats)('%s: any JSON value, and any mutation of a valid request, is parsed or refused with a 4xx', (format) => {
    const parse = parsers[format];
    const check = (body: unknown) => {
      try {
        parse(body);
      } catch (thrown) {
        expectClientError(thrown);
      }
    };
    fc.assert(fc.property(anyJson, check), { numRuns: 300 });
    fc.assert(fc.property(mutated(format), check), { numRuns: 1_000 });
    fc.assert(fc.property(mutatedItem(format), check), { numRuns: 500 });
  });

  it('the JSON body reader refuses any bytes that are not a JSON document with a 4xx', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.string({ maxLength: 200 }).map((text) => new TextEncoder().encode(text)),
        ),
        (bytes) => {
          try {
            parseJsonBody(Buffer.from(bytes));
          } catch (thrown) {
            expectClientError(thrown);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

let gateway: TestGateway;
let inProcess: Gateway;
let managementKey: string;

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: true } });
  inProcess = createGateway(gateway.services);
  managementKey = (await gateway.createKey('local', { management: true })).key;
});
afterAll(async () => {
  await gateway?.close();
});

/** One request through the whole lifecycle, in-process (no socket). */
function send(path: string, body: string | Uint8Array | null, headers: Record<string, string> = { 'content-type': 'application/json' }, method = 'POST') {
  return inProcess.fetch(new Request(`http://127.0.0.1${path}`, { method, headers, body }));
}

async function expectHealthy(): Promise<void> {
  expect((await send('/health', null, {}, 'GET')).status).toBe(200);
  const answer = await send(paths.chat, JSON.stringify(valid.chat));
  expect(answer.status).toBe(200);
  await answer.arrayBuffer();
}

describe('every inference route through the lifecycle, property-based', () => {
  it.each(formats)('%s: random and mutated bodies get 200 or a 4xx, never a 5xx', async (format) => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutated(format).map((body) => JSON.stringify(body)),
          mutatedItem(format).map((body) => JSON.stringify(body)),
          fc.string({ maxLength: 100 }),
        ),
        async (body) => {
          const answer = await send(paths[format], body);
          const text = await answer.text();
          expect(answer.status, `${body.slice(0, 300)} → ${text.slice(0, 300)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    await expectHealthy();
  });

  it('management and query routes: random bodies and query strings get a 4xx or a 2xx', async () => {
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${managementKey}` };
    await fc.assert(
      fc.asyncProperty(anyJson, async (body) => {
        const answer = await send('/api/v1/keys', JSON.stringify(body), auth);
        expect(answer.status).toBeLessThan(500);
        const created = (await answer.json()) as { data?: { hash?: string } };
        if (created.data?.hash) await send(`/api/v1/keys/${created.data.hash}`, null, auth, 'DELETE');
      }),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/v1/study/analyses/A1',
          '/api/v1/datasets/app-rankings',
          '/api/v1/models',
          '/api/v1/keys',
          '/api/v1/dashboard/generations',
          '/api/v1/dashboard/generations/histogram',
          '/api/v1/dashboard/activity',
          '/api/v1/dashboard/rankings',
          '/api/v1/dashboard/models/openai/gpt-4o-mini/series',
        ),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        async (path, name, value) => {
          const query = new URLSearchParams({
            [name]: value,
            from: value,
            to: value,
            start_date: value,
            limit: value,
            offset: value,
            before: value,
            rollup: value,
            group_by: value,
            status: value,
            streamed: value,
            period: value,
            by: value,
            language: value,
          });
          const answer = await send(`${path}?${query}`, null, { authorization: `Bearer ${managementKey}` }, 'GET');
          expect(answer.status, `${path}?${query}`).toBeLessThan(500);
          await answer.arrayBuffer();
        },
      ),
      { numRuns: 100 },
    );
    await expectHealthy();
  });
});

describe('named hostile inputs', () => {
  const deep = (levels: number) => {
    let schema = '{"type":"string"}';
    for (let index = 0; index < levels; index++) schema = `{"type":"object","properties":{"a":${schema}}}`;
    return schema;
  };
  const schema100k = deep(100_000);

  it.each([
    ['tool parameters', paths.chat, `{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${schema100k}}}]}`],
    [
      'a response_format schema',
      paths.chat,
      `{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"s","schema":${schema100k}}}}`,
    ],
    [
      'an Anthropic input_schema',
      paths.messages,
      `{"model":"anthropic/claude-sonnet-4.5","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":${schema100k}}]}`,
    ],
    ['a plain array', paths.chat, `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ])('JSON nested 100,000 levels deep in %s: 400', async (_name, path, body) => {
    const answer = await send(path, body);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/nests objects and arrays more than 100 levels/);
  });

  it('numbers out of range (1e400): 400 that says so', async () => {
    const answer = await send(paths.chat, '{"model":"openai/gpt-4o-mini","temperature":1e400,"messages":[{"role":"user","content":"hi"}]}');
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toBe('temperature: expected a finite number, got one out of range (such as 1e400)');
  });

  it('a 100,000-character model id: 400, and never echoed whole', async () => {
    for (const path of [paths.chat, paths.embeddings, paths.messages, paths.responses]) {
      const model = 'x'.repeat(100_000);
      const answer = await send(path, JSON.stringify({ ...valid.chat, input: 'hi', model }));
      const text = await answer.text();
      expect(answer.status, path).toBe(400);
      expect(text.length, path).toBeLessThan(2_000);
    }
    const unknown = await send(paths.chat, JSON.stringify({ ...valid.chat, model: `a/${'y'.repeat(250)}` }));
    expect(unknown.status).toBe(404);
    expect((await unknown.text()).length).toBeLessThan(1_500);
    const path = await send(`/api/v1/models/${'z'.repeat(50_000)}/m/endpoints`, null, {}, 'GET');
    expect(path.status).toBe(404);
    expect((await path.text()).length).toBeLessThan(1_500);
  });

  it('oversized arrays: 400 naming the field', async () => {
    const messages = Array.from({ length: 20_000 }, () => ({ role: 'user', content: 'a' }));
    const many = await send(paths.chat, JSON.stringify({ model: 'openai/gpt-4o-mini', messages }));
    expect(many.status).toBe(400);
    expect(((await many.json()) as { error: { message: string } }).error.message).toMatch(/^messages: at most 10000 items/);
    const stops = await send(paths.chat, JSON.stringify({ ...valid.chat, stop: Array.from({ length: 50 }, (_, index) => String(index)) }));
    expect(stops.status).toBe(400);
    const inputs = await send(paths.embeddings, JSON.stringify({ model: 'openai/text-embedding-3-small', input: Array.from({ length: 5_000 }, () => 'a') }));
    expect(inputs.status).toBe(400);
  });

  it('multipart bodies that are not a form, or not the form asked for: 400 or 415, never a 5xx', async () => {
    // Anonymous requests run as the local account here.
    const auth = {};
    const broken = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nRIFF';
    for (const path of [paths.transcription, '/api/v1/files']) {
      const torn = await send(path, broken, { ...auth, 'content-type': 'multipart/form-data; boundary=b' });
      expect(torn.status, await torn.clone().text()).toBe(400);
      const noBoundary = await send(path, 'x', { ...auth, 'content-type': 'multipart/form-data' });
      expect(noBoundary.status).toBe(400);
      const fileAsText = new FormData();
      fileAsText.set('file', 'not a file');
      fileAsText.set('model', 'openai/whisper-1');
      expect((await inProcess.fetch(new Request(`http://127.0.0.1${path}`, { method: 'POST', headers: auth, body: fileAsText }))).status).toBe(400);
    }
    const many = new FormData();
    for (let index = 0; index < 100; index++) many.append(`field${index}`, 'x');
    expect((await inProcess.fetch(new Request('http://127.0.0.1/api/v1/files', { method: 'POST', headers: auth, body: many }))).status).toBe(400);
    // A form where a route takes JSON only.
    expect((await send(paths.rerank, broken, { ...auth, 'content-type': 'multipart/form-data; boundary=b' })).status).toBe(415);
  });

  it('is healthy after all of it', async () => {
    await expectHealthy();
  });
});
