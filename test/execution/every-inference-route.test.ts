import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenerationRecord } from '../../src/spec/generation-record.js';
import { FakeUpstream, type FakeResponse, type ReceivedRequest } from '../helpers/fake-upstream.js';
import { replay } from '../helpers/format-gateway.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The one attempt executor, route by route: each inference route — chat, legacy completions,
 * Anthropic messages, Responses, embeddings — fails over, waits out Retry-After, times out a slow
 * provider and cancels the upstream call when the client leaves, the same way. Two
 * OpenAI-compatible upstreams ("primary", "backup") serve the same chat and embedding models.
 */
const routes = {
  chat: { path: '/api/v1/chat/completions', body: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } },
  completions: { path: '/api/v1/completions', body: { model: 'openai/gpt-4o-mini', prompt: 'hi' } },
  messages: { path: '/api/v1/messages', body: { model: 'openai/gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] } },
  responses: { path: '/api/v1/responses', body: { model: 'openai/gpt-4o-mini', input: 'hi' } },
  embeddings: { path: '/api/v1/embeddings', body: { model: 'openai/text-embedding-3-small', input: 'hi' } },
} as const;
type RouteName = keyof typeof routes;

function success(request: ReceivedRequest): FakeResponse {
  if (request.path.endsWith('/embeddings')) {
    return {
      kind: 'json',
      body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }], model: 'text-embedding-3-small', usage: { prompt_tokens: 1, total_tokens: 1 } },
    };
  }
  return replay.json('openai-compatible', 'openai-chat.json');
}

const slow = (delayMs: number, seen: { aborted: boolean }): FakeResponse => ({
  kind: 'handler',
  handle: async (_request, response: ServerResponse) => {
    response.on('close', () => {
      if (!response.writableFinished) seen.aborted = true;
    });
    await sleep(delayMs);
    if (!response.destroyed) response.writeHead(503).end('{"error":{"message":"too late"}}');
  },
});

let gateway: TestGateway;
let primary: FakeUpstream;
let backup: FakeUpstream;
const records: GenerationRecord[] = [];

beforeAll(async () => {
  primary = await new FakeUpstream(success).start();
  backup = await new FakeUpstream(success).start();
  const provider = (id: string, url: string) => ({
    kind: 'openai-compatible',
    id,
    name: id,
    base_url: url,
    timeout_ms: 400,
    models: [{ id: 'openai/gpt-4o-mini', upstream_model: 'gpt-4o-mini' }],
    embedding_models: [{ id: 'openai/text-embedding-3-small' }],
  });
  gateway = await startTestGateway({
    providers: [provider('primary', primary.url), provider('backup', backup.url)],
    routing: { first_token_timeout_ms: 400, max_retry_wait_ms: 1_000, circuit_breaker: { failure_threshold: 1_000 } },
  });
  const append = gateway.services.generationLog.append.bind(gateway.services.generationLog);
  gateway.services.generationLog.append = (record) => {
    records.push(record);
    return append(record);
  };
});
afterAll(async () => {
  await gateway?.close();
  await primary?.stop();
  await backup?.stop();
});
beforeEach(() => {
  primary.respond = success;
  backup.respond = success;
  records.length = 0;
});

function send(route: RouteName, provider: Record<string, unknown>, init: { signal?: AbortSignal } = {}) {
  return gateway.call(routes[route].path, { json: { ...routes[route].body, provider }, ...init });
}

describe.each(Object.keys(routes) as RouteName[])('%s runs through the attempt executor', (route) => {
  it('fails over from a provider that errs to the next, recording both attempts and charging once', async () => {
    primary.respond = () => ({ kind: 'json', status: 503, body: { error: { message: 'overloaded' } } });
    const response = await send(route, { order: ['primary', 'backup'] });
    expect(response.status, await response.clone().text()).toBe(200);
    const [record] = records;
    expect(record!.provider_name).toBe('backup');
    expect(record!.provider_responses.map((attempt) => [attempt.provider_name, attempt.status])).toEqual([
      ['primary', 502],
      ['backup', 200],
    ]);
    expect(record!.total_cost).toBeGreaterThan(0);
  });

  it('waits out a short Retry-After from its only provider and tries again', async () => {
    let calls = 0;
    primary.respond = (request) => {
      calls++;
      return calls === 1 ? { kind: 'json', status: 429, headers: { 'retry-after': '0.3' }, body: { error: { message: 'slow down' } } } : success(request);
    };
    const started = performance.now();
    const response = await send(route, { only: ['primary'] });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(calls).toBe(2);
  });

  it('abandons a provider that does not answer within its timeout for the next one', async () => {
    const seen = { aborted: false };
    primary.respond = () => slow(3_000, seen);
    const response = await send(route, { order: ['primary', 'backup'] });
    expect(response.status).toBe(200);
    expect(records[0]!.provider_responses[0]).toMatchObject({ provider_name: 'primary', status: 408, error_code: 'request_timeout' });
    for (let waited = 0; !seen.aborted && waited < 3_000; waited += 20) await sleep(20);
    expect(seen.aborted).toBe(true);
  });

  it('cancels the upstream call when the client leaves, records it cancelled and charges nothing', async () => {
    const seen = { aborted: false };
    primary.respond = () => slow(3_000, seen);
    const client = new AbortController();
    const usageBefore = gateway.accountUsageNano('local');
    const before = primary.requests.length;
    const pending = send(route, { only: ['primary'] }, { signal: client.signal }).catch((error: unknown) => error);
    for (let waited = 0; primary.requests.length === before && waited < 2_000; waited += 10) await sleep(10);
    await sleep(50);
    client.abort();
    expect(await pending).toBeInstanceOf(Error);
    // The upstream learns of the abort when its socket closes, which may come a moment after the record.
    for (let waited = 0; (records.length === 0 || !seen.aborted) && waited < 3_000; waited += 20) await sleep(20);
    expect(seen.aborted).toBe(true);
    expect(records[0]).toMatchObject({ cancelled: true, status: 499, total_cost: 0 });
    expect(gateway.accountUsageNano('local')).toBe(usageBefore);
  });
});

describe('streams through the attempt executor', () => {
  it.each(['chat', 'completions', 'messages', 'responses'] as const)('%s: a provider that sends no first token in time is replaced before anything reaches the client', async (route) => {
    const seen = { aborted: false };
    primary.respond = () => slow(3_000, seen);
    backup.respond = () => replay.sse('openai-compatible', 'openai-chat.chunks.txt');
    const response = await gateway.call(routes[route].path, { json: { ...routes[route].body, stream: true, provider: { order: ['primary', 'backup'] } } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toMatch(/"error":\{|event: error|response\.failed/);
    expect(records[0]!.provider_name).toBe('backup');
    expect(records[0]!.provider_responses[0]).toMatchObject({ provider_name: 'primary', error_code: 'request_timeout' });
  });
});
