import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNanoDollars } from '../../src/accounting/pricing.js';
import { FakeUpstream, readChunks, readJson, type FakeResponse } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The chaos suite: a provider that fails in every way a real one does, before and during its
 * answer, whole and streamed. With a healthy second provider the request is served there and
 * billed once, at that provider's price; with none, the client gets a well-formed error and pays
 * nothing. Throughout, the generation log holds one record per request and the account's usage is
 * exactly the sum of what the records (and the responses) say was charged.
 */

const fixture = (name: string) => fileURLToPath(new URL(`../../src/providers/openai-compatible/__fixtures__/${name}`, import.meta.url));
const chatJson = readJson(fixture('openai-chat.json'));
const chatChunks = readChunks(fixture('openai-chat.chunks.txt'));
const model = 'mistralai/mistral-nemo';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Handler that keeps its connection open and silent until the gateway gives up on it. */
const hang = (response: ServerResponse) => new Promise<void>((resolve) => response.on('close', () => resolve()));

type Fault = { name: string; whole: FakeResponse; stream: FakeResponse; status: number; code: string };

const faults: Fault[] = [
  {
    name: 'HTTP 500',
    whole: { kind: 'json', status: 500, body: readJson(fixture('openai-error-server.json')) },
    stream: { kind: 'json', status: 500, body: readJson(fixture('openai-error-server.json')) },
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'HTTP 503 with an HTML body',
    whole: { kind: 'handler', handle: (_request, response) => void response.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>upstream connect error</body></html>') },
    stream: { kind: 'handler', handle: (_request, response) => void response.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>upstream connect error</body></html>') },
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'HTTP 429 with Retry-After',
    whole: { kind: 'json', status: 429, headers: { 'retry-after': '30' }, body: readJson(fixture('openai-error-rate-limit.json')) },
    stream: { kind: 'json', status: 429, headers: { 'retry-after': '30' }, body: readJson(fixture('openai-error-rate-limit.json')) },
    status: 429,
    code: 'upstream_rate_limited',
  },
  {
    name: 'no answer (timeout)',
    whole: { kind: 'handler', handle: (_request, response) => hang(response) },
    stream: { kind: 'handler', handle: (_request, response) => hang(response) },
    status: 408,
    code: 'request_timeout',
  },
  {
    name: 'connection reset before the first byte',
    whole: { kind: 'handler', handle: (_request, response) => void response.socket?.destroy() },
    stream: { kind: 'handler', handle: (_request, response) => void response.socket?.destroy() },
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'connection reset after the first byte',
    whole: {
      kind: 'handler',
      handle: async (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hel');
        await sleep(20);
        response.socket?.destroy();
      },
    },
    stream: {
      kind: 'handler',
      // The role chunk carries no text, so nothing has reached the client yet.
      handle: async (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(chatChunks[0]);
        await sleep(20);
        response.socket?.destroy();
      },
    },
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'a slow trickle that never finishes in time',
    whole: {
      kind: 'handler',
      handle: async (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const body = JSON.stringify(chatJson);
        for (let index = 0; index < body.length && !response.destroyed; index++) {
          response.write(body[index]);
          await sleep(40);
        }
        response.end();
      },
    },
    stream: {
      kind: 'handler',
      // Comments keep the connection busy, but no token ever comes.
      handle: async (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(chatChunks[0]);
        while (!response.destroyed) {
          response.write(': still thinking\n\n');
          await sleep(40);
        }
      },
    },
    status: 408,
    code: 'request_timeout',
  },
  {
    name: 'garbage instead of JSON',
    whole: { kind: 'handler', handle: (_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "chatcmpl-1", "choices": [ nonsense') },
    stream: { kind: 'sse', chunks: ['data: {"id": "chatcmpl-1", "choices": [ nonsense\n\n', 'data: [DONE]\n\n'] },
    status: 502,
    code: 'upstream_invalid_response',
  },
  {
    name: 'a 200 with an empty body',
    whole: { kind: 'handler', handle: (_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end() },
    stream: { kind: 'handler', handle: (_request, response) => void response.writeHead(200, { 'content-type': 'text/event-stream' }).end() },
    status: 502,
    code: 'upstream_invalid_response',
  },
];

let fault: Fault = faults[0]!;
let streamed = false;
const flaky = new FakeUpstream(() => (streamed ? fault.stream : fault.whole));
const broken = new FakeUpstream(() => ({ kind: 'json', status: 502, body: { error: { message: 'Bad gateway', type: 'server_error' } } }));
const steady = new FakeUpstream((request) => ((request.body as { stream?: boolean }).stream ? { kind: 'sse', chunks: chatChunks } : { kind: 'json', body: chatJson }));
let gateway: TestGateway;
let apiKey: string;
const creditsUsd = 20;
/** Every generation id a response named, and the cost it reported. */
const charged = new Map<string, number>();
let requests = 0;

beforeAll(async () => {
  await flaky.start();
  await steady.start();
  await broken.start();
  gateway = await startTestGateway({
    auth: { anonymous: false },
    server: { keep_alive_interval_ms: 10_000 },
    // The circuit breaker would take the flaky provider out after five failures; here every fault must reach it.
    routing: { first_token_timeout_ms: 300, max_retry_wait_ms: 0, circuit_breaker: { failure_threshold: 1000 } },
    providers: [
      { kind: 'openai-compatible', id: 'flaky', name: 'Flaky', base_url: flaky.url, timeout_ms: 300, models: [{ id: model, pricing: { prompt: '0.0000001', completion: '0.0000002' } }] },
      { kind: 'openai-compatible', id: 'broken', name: 'Broken', base_url: broken.url, timeout_ms: 5_000, models: [{ id: model }] },
      { kind: 'openai-compatible', id: 'steady', name: 'Steady', base_url: steady.url, timeout_ms: 5_000, models: [{ id: model, pricing: { prompt: '0.000001', completion: '0.000003' } }] },
    ],
  });
  await gateway.createAccount('chaos', creditsUsd);
  apiKey = (await gateway.createKey('chaos')).key;
});
afterAll(async () => {
  await gateway?.close();
  await flaky.stop();
  await steady.stop();
  await broken.stop();
});

interface Outcome {
  status: number;
  id: string;
  /** The parsed JSON body (whole) or the data events (streamed). */
  body: Record<string, any>;
  events: Record<string, any>[];
  text: string;
}

async function send(stream: boolean, provider: Record<string, unknown>): Promise<Outcome> {
  streamed = stream;
  requests++;
  const response = await gateway.call('/api/v1/chat/completions', { key: apiKey, json: { model, stream, provider, messages: [{ role: 'user', content: 'hello' }] } });
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter((block) => block.startsWith('data: ') && block !== 'data: [DONE]')
    .map((block) => JSON.parse(block.slice('data: '.length)) as Record<string, any>);
  const body = stream && response.status === 200 ? {} : (JSON.parse(text) as Record<string, any>);
  return { status: response.status, id: response.headers.get('x-generation-id') ?? '', body, events, text };
}

async function record(id: string): Promise<Record<string, any>> {
  const response = await gateway.call(`/api/v1/generation?id=${id}`, { key: apiKey });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Record<string, any> }).data;
}

/** OpenRouter's error body: { error: { code: <HTTP status>, message, metadata } }. */
function expectWellFormedError(error: Record<string, any>, status: number) {
  expect(error).toMatchObject({ code: status, message: expect.any(String) });
  expect(error.message.length).toBeGreaterThan(10);
  expect(error.metadata).toMatchObject({ provider_name: 'Flaky' });
}

describe('chaos: a provider that fails in every way', () => {
  for (const candidate of faults) {
    for (const stream of [false, true]) {
      const mode = stream ? 'streamed' : 'whole';

      it(`${candidate.name} (${mode}): served by the next provider, billed once at its price`, async () => {
        fault = candidate;
        const outcome = await send(stream, { order: ['flaky', 'steady'] });
        expect(outcome.status).toBe(200);
        let cost: number;
        if (stream) {
          expect(outcome.text.trim().endsWith('data: [DONE]')).toBe(true);
          expect(outcome.events.map((event) => event.choices[0]?.delta?.content ?? '').join('')).toBe('Hello! How can I help?');
          expect(outcome.events.every((event) => event.provider === 'Steady')).toBe(true);
          cost = outcome.events.at(-1)!.usage.cost;
        } else {
          expect(outcome.body.provider).toBe('Steady');
          expect(outcome.body.choices[0].message.content).toBe('Hello! How can I assist you today?');
          cost = outcome.body.usage.cost;
        }
        const stored = await record(outcome.id);
        expect(stored.provider_name).toBe('Steady');
        expect(stored.total_cost).toBe(cost);
        expect(stored.provider_responses).toEqual([
          expect.objectContaining({ provider_name: 'Flaky', status: candidate.status, error_code: candidate.code }),
          expect.objectContaining({ provider_name: 'Steady', status: 200, error_code: null }),
        ]);
        // Steady's price: $1 per million prompt tokens, $3 per million completion tokens.
        expect(cost).toBeCloseTo(stored.tokens_prompt * 0.000001 + stored.tokens_completion * 0.000003, 12);
        expect(cost).toBeGreaterThan(0);
        charged.set(outcome.id, cost);
      });

      it(`${candidate.name} (${mode}), no other provider allowed: a well-formed error, nothing charged`, async () => {
        fault = candidate;
        const outcome = await send(stream, { order: ['flaky'], allow_fallbacks: false });
        if (outcome.status === 200) {
          // The stream had already started (keep-alive): the error travels as the last chunk.
          expect(stream).toBe(true);
          const last = outcome.events.at(-1)!;
          expectWellFormedError(last.error, candidate.status);
          expect(last.choices[0].finish_reason).toBe('error');
          expect(outcome.text).not.toContain('[DONE]');
        } else {
          expect(outcome.status).toBe(candidate.status);
          expectWellFormedError(outcome.body.error, candidate.status);
          if (candidate.status === 429) expect(Number(outcome.body.error.metadata.provider_code)).toBe(429);
        }
        const stored = await record(outcome.id);
        expect(stored).toMatchObject({ total_cost: 0, finish_reason: 'error', provider_name: 'Flaky' });
        expect(stored.provider_responses).toEqual([expect.objectContaining({ provider_name: 'Flaky', status: candidate.status, error_code: candidate.code })]);
        charged.set(outcome.id, 0);
      });
    }
  }

  it('a stream that breaks after text reached the client ends with an error chunk and is not charged', async () => {
    fault = {
      ...faults[0]!,
      stream: { kind: 'sse', chunks: chatChunks, cutAfter: 3, delayMs: 10 },
    };
    const steadyCalls = steady.requests.length;
    const outcome = await send(true, { order: ['flaky', 'steady'] });
    expect(outcome.status).toBe(200);
    // "Hello" and "!" reached the client from Flaky: no other provider may continue that answer.
    expect(outcome.events.map((event) => event.choices[0]?.delta?.content ?? '').join('')).toBe('Hello!');
    const last = outcome.events.at(-1)!;
    expectWellFormedError(last.error, 502);
    expect(last.choices[0].finish_reason).toBe('error');
    const stored = await record(outcome.id);
    expect(stored).toMatchObject({ total_cost: 0, finish_reason: 'error', provider_name: 'Flaky' });
    expect(stored.provider_responses).toEqual([expect.objectContaining({ provider_name: 'Flaky', status: 502 })]);
    expect(steady.requests.length).toBe(steadyCalls);
    charged.set(outcome.id, 0);
  });

  it('every allowed provider failing: the client gets the last failure, the record lists every attempt', async () => {
    for (const stream of [false, true]) {
      fault = faults.find((candidate) => candidate.name === 'connection reset before the first byte')!;
      const outcome = await send(stream, { order: ['flaky', 'broken'], allow_fallbacks: false });
      expect(outcome.status).toBe(502);
      expect(outcome.body.error).toMatchObject({ code: 502, metadata: { provider_name: 'Broken', provider_code: 502 } });
      expect(outcome.body.error.message).toContain('Bad gateway');
      const stored = await record(outcome.id);
      expect(stored).toMatchObject({ total_cost: 0, finish_reason: 'error' });
      expect(stored.provider_responses.map((attempt: { provider_name: string; status: number }) => [attempt.provider_name, attempt.status])).toEqual([
        ['Flaky', 502],
        ['Broken', 502],
      ]);
      charged.set(outcome.id, 0);
    }
  });

  it('keeps the log and the balance exact: one record per request, usage = the sum of charges', async () => {
    expect(charged.size).toBe(requests);
    const stored = await gateway.storedRecords();
    expect(stored).toBe(requests);
    const expectedNano = [...charged.values()].reduce((sum, cost) => sum + toNanoDollars(cost), 0);
    expect(gateway.accountUsageNano('chaos')).toBe(expectedNano);
    const credits = (await (await gateway.call('/api/v1/credits', { key: apiKey })).json()) as { data: { total_credits: number; total_usage: number } };
    expect(credits.data.total_credits).toBe(creditsUsd);
    expect(toNanoDollars(credits.data.total_usage)).toBe(expectedNano);
    // And the store agrees record by record.
    for (const [id, cost] of charged) expect((await record(id)).total_cost).toBe(cost);
  });
});
