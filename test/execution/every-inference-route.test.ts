import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenerationRecord } from '../../src/spec/generation-record.js';
import { FakeUpstream, type FakeResponse, type ReceivedRequest } from '../helpers/fake-upstream.js';
import { replay } from '../helpers/format-gateway.js';
import { appendedRecords } from '../helpers/appended-records.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The one attempt executor, route by route: each inference route — chat, legacy completions,
 * Anthropic messages, Responses, embeddings, rerank, images, speech, transcription — fails over,
 * waits out Retry-After, times out a slow provider and cancels the upstream call when the client
 * leaves, the same way. Two OpenAI-compatible upstreams ("primary", "backup") serve the same chat,
 * embedding and media models, answering in the shapes of OpenAI's and Cohere's APIs.
 */
const routes = {
  chat: { path: '/api/v1/chat/completions', body: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } },
  completions: { path: '/api/v1/completions', body: { model: 'openai/gpt-4o-mini', prompt: 'hi' } },
  messages: { path: '/api/v1/messages', body: { model: 'openai/gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] } },
  responses: { path: '/api/v1/responses', body: { model: 'openai/gpt-4o-mini', input: 'hi' } },
  embeddings: { path: '/api/v1/embeddings', body: { model: 'openai/text-embedding-3-small', input: 'hi' } },
  rerank: { path: '/api/v1/rerank', body: { model: 'cohere/rerank-v3.5', query: 'hi', documents: ['hi there', 'goodbye'] } },
  images: { path: '/api/v1/images', body: { model: 'openai/dall-e-3', prompt: 'hi' } },
  speech: { path: '/api/v1/audio/speech', body: { model: 'openai/tts-1', input: 'hi there', response_format: 'mp3' } },
  transcription: {
    path: '/api/v1/audio/transcriptions',
    body: { model: 'openai/whisper-1', input_audio: { data: Buffer.concat([Buffer.from('ID3'), Buffer.alloc(3_000)]).toString('base64'), format: 'mp3' } },
  },
} as const;
type RouteName = keyof typeof routes;

/** A 1×1 PNG, as OpenAI's images answer carries it. */
const onePixelPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

function success(request: ReceivedRequest): FakeResponse {
  // Cohere's v2 rerank answer; OpenAI's images, speech (audio bytes) and Whisper's verbose_json.
  if (request.path.endsWith('/rerank'))
    return {
      kind: 'json',
      body: {
        id: 'rr-1',
        results: [
          { index: 0, relevance_score: 0.91 },
          { index: 1, relevance_score: 0.02 },
        ],
        meta: { api_version: { version: '2' }, billed_units: { search_units: 1 } },
      },
    };
  if (request.path.endsWith('/images/generations')) return { kind: 'json', body: { created: 1_764_460_800, data: [{ b64_json: onePixelPng, revised_prompt: 'hi' }] } };
  if (request.path.endsWith('/audio/speech'))
    return { kind: 'handler', handle: (_request, response) => void response.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.from('ID3\u0004 mp3 frames')) };
  if (request.path.endsWith('/audio/transcriptions'))
    return {
      kind: 'json',
      body: {
        task: 'transcribe',
        language: 'english',
        duration: 3.2,
        text: 'Hi there.',
        segments: [{ id: 0, seek: 0, start: 0, end: 3.2, text: 'Hi there.', tokens: [1], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0 }],
      },
    };
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
let records: GenerationRecord[] = [];

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
    media_models: [{ id: 'cohere/rerank-v3.5' }, { id: 'openai/dall-e-3' }, { id: 'openai/tts-1' }, { id: 'openai/whisper-1' }],
  });
  gateway = await startTestGateway({
    providers: [provider('primary', primary.url), provider('backup', backup.url)],
    routing: { first_token_timeout_ms: 400, max_retry_wait_ms: 1_000, circuit_breaker: { failure_threshold: 1_000 } },
  });
  records = appendedRecords(gateway);
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

describe('media through an OpenAI-compatible upstream', () => {
  it('sends each request in its API’s shape and bills what the answer reports, in its units', async () => {
    const rerank = await send('rerank', { only: ['primary'] });
    expect(await rerank.json()).toMatchObject({ results: [{ index: 0, relevance_score: 0.91, document: { text: 'hi there' } }, { index: 1 }], usage: { search_units: 1, cost: 0.002 } });
    expect(primary.requests.at(-1)).toMatchObject({ path: '/v1/rerank', body: { model: 'rerank-v3.5', query: 'hi', documents: ['hi there', 'goodbye'] } });
    const images = await send('images', { only: ['primary'] });
    expect(await images.json()).toMatchObject({ data: [{ b64_json: onePixelPng, media_type: 'image/png' }], usage: { cost: 0.04 } });
    // DALL·E answers URLs unless asked for base64.
    expect(primary.requests.at(-1)).toMatchObject({ path: '/v1/images/generations', body: { model: 'dall-e-3', prompt: 'hi', n: 1, response_format: 'b64_json' } });
    const speech = await send('speech', { only: ['primary'] });
    expect(speech.headers.get('content-type')).toBe('audio/mpeg');
    expect(
      Buffer.from(await speech.arrayBuffer())
        .subarray(0, 3)
        .toString('latin1'),
    ).toBe('ID3');
    expect(primary.requests.at(-1)).toMatchObject({ path: '/v1/audio/speech', body: { model: 'tts-1', input: 'hi there', voice: 'alloy', response_format: 'mp3' } });
    const transcription = await send('transcription', { only: ['primary'] });
    // Whisper's 3.2 seconds are billed as 4 whole seconds at $0.0001.
    expect(await transcription.json()).toEqual({ text: 'Hi there.', usage: { seconds: 4, cost: 0.0004 } });
    const form = primary.requests.at(-1)!;
    expect(form.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(String(form.body)).toMatch(/name="model"\r\n\r\nwhisper-1/);
    expect(String(form.body)).toMatch(/name="response_format"\r\n\r\nverbose_json/);
    expect(String(form.body)).toMatch(/filename="audio.mp3"/);
    expect(records.map((record) => [record.api_type, record.media_unit, record.media_units, record.total_cost_nano])).toEqual([
      ['rerank', 'search', 1, 2_000_000],
      ['image', 'image', 1, 40_000_000],
      ['tts', 'character', 8, 120_000],
      ['stt', 'second', 4, 400_000],
    ]);
  });

  it('replaces units a provider reports wrongly with its own count, and fails over from an answer it cannot take', async () => {
    primary.respond = (request) =>
      request.path.endsWith('/rerank') ? { kind: 'json', body: { results: [{ index: 0, relevance_score: 0.5 }], meta: { billed_units: { search_units: -7 } } } } : success(request);
    const rerank = await send('rerank', { only: ['primary'] });
    expect(await rerank.json()).toMatchObject({ usage: { search_units: 1, cost: 0.002 } });
    expect(records[0]).toMatchObject({ media_units: 1, usage_anomaly: 'invalid_usage:media_units' });
    // Two images for the one asked for, then an index out of range: neither is taken; the backup answers.
    primary.respond = (request) =>
      request.path.endsWith('/images/generations')
        ? { kind: 'json', body: { data: [{ b64_json: onePixelPng }, { b64_json: onePixelPng }] } }
        : { kind: 'json', body: { results: [{ index: 9, relevance_score: 1 }] } };
    const images = await send('images', { order: ['primary', 'backup'] });
    expect(images.status).toBe(200);
    expect(records[1]!.provider_responses.map((attempt) => [attempt.provider_name, attempt.error_code])).toEqual([
      ['primary', 'upstream_invalid_response'],
      ['backup', null],
    ]);
    expect((await send('rerank', { order: ['primary', 'backup'] })).status).toBe(200);
    expect(records[2]!.provider_name).toBe('backup');
  });
});
