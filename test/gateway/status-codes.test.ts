import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, readJson, type FakeResponse, type ReceivedRequest } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../src/providers/openai-compatible/__fixtures__/${name}`, import.meta.url));

let scenario: (request: ReceivedRequest) => FakeResponse = () => ({ kind: 'json', body: readJson(fixture('openai-chat.json')) });
const upstream = new FakeUpstream((request) => scenario(request));
let gateway: TestGateway;
let apiKey: string;

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway({
    auth: { anonymous: false },
    server: { body_timeout_ms: 300 },
    providers: [
      { kind: 'simulator', time_scale: 0, extra_endpoints: [], models: ['openai/gpt-4o-mini', 'meta-llama/llama-3.3-70b-instruct'] },
      { kind: 'openai-compatible', id: 'fake', name: 'Fake Provider', base_url: upstream.url, timeout_ms: 400, models: [{ id: 'qwen/qwen-2.5-7b-instruct' }] },
    ],
  });
  await gateway.createAccount('acme', 20);
  apiKey = (await gateway.createKey('acme')).key;
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

interface ErrorReply {
  status: number;
  headers: Headers;
  body: { error: { code: number; message: string; metadata: Record<string, unknown> } };
}

async function post(body: unknown, options: { key?: string | null; headers?: Record<string, string>; path?: string; method?: string } = {}): Promise<ErrorReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const key = options.key === undefined ? apiKey : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${gateway.url}${options.path ?? '/api/v1/chat/completions'}`, {
    method: options.method ?? 'POST',
    headers,
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ErrorReply['body'] };
}

/** Sends a bad request and checks it got `status`, in OpenRouter's error shape, and left no record and no charge. */
async function expectRejected(send: () => Promise<ErrorReply>, status: number, message: RegExp): Promise<ErrorReply> {
  const recordsBefore = await gateway.storedRecords();
  const usageBefore = gateway.accountUsageNano('acme');
  const reply = await send();
  expect(reply.status).toBe(status);
  expect(reply.body.error.code).toBe(status);
  expect(reply.body.error.message).toMatch(message);
  expect(reply.body.error.metadata.switchboard_code).toEqual(expect.any(String));
  expect(await gateway.storedRecords()).toBe(recordsBefore);
  expect(gateway.accountUsageNano('acme')).toBe(usageBefore);
  return reply;
}

const valid = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

describe('bad input gets a clear 4xx and leaves no record or charge', () => {
  it('400 for a body that is not JSON', async () => {
    await expectRejected(() => post('{"model": "openai/gpt-4o-mini", "messages": ['), 400, /not valid JSON/);
  });

  it('400 naming a field of the wrong type', async () => {
    const reply = await expectRejected(() => post({ ...valid, temperature: 'warm' }), 400, /^temperature: expected a number, got a string$/);
    expect(reply.body.error.metadata).toMatchObject({ param: 'temperature', error_type: 'invalid_request' });
    await expectRejected(() => post({ ...valid, messages: [{ role: 'user', content: 42 }] }), 400, /messages\[0\]\.content/);
  });

  it('400 for an empty messages list', async () => {
    await expectRejected(() => post({ ...valid, messages: [] }), 400, /messages: must contain at least one message/);
  });

  it('404 for a model not in the catalog', async () => {
    const reply = await expectRejected(() => post({ ...valid, model: 'acme/imaginary-model' }), 404, /acme\/imaginary-model does not exist/);
    expect(reply.body.error.metadata.switchboard_code).toBe('model_not_found');
  });

  it('413 for a 10 MB body', async () => {
    const huge = JSON.stringify({ ...valid, messages: [{ role: 'user', content: 'x'.repeat(10 * 1024 * 1024) }] });
    await expectRejected(() => post(huge), 413, /limit is 8388608 bytes/);
  });

  it('401 without a key, with an unknown key and with a disabled key', async () => {
    await expectRejected(() => post(valid, { key: null }), 401, /No auth credentials found/);
    await expectRejected(() => post(valid, { key: 'sk-sb-v1-0000000000000000000000000000000000000000000000000000000000000000' }), 401, /Invalid API key/);
    await expectRejected(() => post(valid, { key: 'sk-or-v1-somebody-elses' }), 401, /Invalid API key/);
    const disabled = await gateway.createKey('acme', { name: 'disabled' });
    await gateway.services.controlPlane.updateKey(disabled.hash, { disabled: true });
    await expectRejected(() => post(valid, { key: disabled.key }), 401, /disabled/);
  });

  it('402 before any upstream call when the account cannot pay', async () => {
    await gateway.createAccount('broke', 0);
    const brokeKey = (await gateway.createKey('broke')).key;
    const requestsBefore = upstream.requests.length;
    const reply = await expectRejected(
      () => post({ ...valid, model: 'qwen/qwen-2.5-7b-instruct' }, { key: brokeKey }),
      402,
      /requires more credits, or fewer max_tokens\. You requested up to \d+ tokens, but can only afford 0/,
    );
    expect(reply.body.error.metadata.switchboard_code).toBe('insufficient_credits');
    expect(upstream.requests.length).toBe(requestsBefore);
  });

  it('403 for a management key on an inference endpoint', async () => {
    const management = await gateway.createKey('acme', { management: true });
    await expectRejected(() => post(valid, { key: management.key }), 403, /Management keys cannot call inference endpoints/);
  });

  it('404 for an unknown path, 405 for a wrong method, 415 for a body that is not JSON', async () => {
    await expectRejected(() => post(valid, { path: '/api/v1/chat/complete' }), 404, /No route/);
    await expectRejected(() => post(valid, { method: 'PUT' }), 405, /PUT is not allowed/);
    await expectRejected(() => post('model=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, /application\/json/);
  });

  it('408 when the body does not arrive in time', async () => {
    const url = new URL(gateway.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`POST /api/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model":`);
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).toContain('"switchboard_code":"request_timeout"');
  });
});

describe("upstream failures reach the client with the right status and the provider's own message", () => {
  it('429 from the provider, with Retry-After', async () => {
    scenario = () => ({ kind: 'json', status: 429, body: readJson(fixture('openai-error-rate-limit.json')), headers: { 'retry-after': '3' } });
    const reply = await post({ ...valid, model: 'qwen/qwen-2.5-7b-instruct' });
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('3');
    expect(reply.body.error.message).toMatch(/Rate limit reached for gpt-4o-mini/);
  });

  it('502 with the raw provider body in metadata, streamed or not, and a record of the failed attempt', async () => {
    scenario = () => ({ kind: 'json', status: 500, body: readJson(fixture('openai-error-server.json')) });
    const recordsBefore = await gateway.storedRecords();
    const usageBefore = gateway.accountUsageNano('acme');
    for (const stream of [false, true]) {
      const reply = await post({ ...valid, model: 'qwen/qwen-2.5-7b-instruct', stream });
      expect(reply.status).toBe(502);
      expect(reply.body.error.message).toBe('Fake Provider returned HTTP 500: The server had an error while processing your request. Sorry about that!');
      expect(reply.body.error.metadata).toMatchObject({ provider_name: 'Fake Provider', provider_code: 500, switchboard_code: 'upstream_error' });
      expect(JSON.parse(reply.body.error.metadata.raw as string)).toEqual(readJson(fixture('openai-error-server.json')));
      const id = reply.headers.get('x-generation-id')!;
      const record = await gateway.services.generationLog.get(id);
      expect(record).toMatchObject({ status: 502, error_code: 'upstream_error', finish_reason: 'error', total_cost: 0, streamed: stream });
    }
    expect(await gateway.storedRecords()).toBe(recordsBefore + 2);
    expect(gateway.accountUsageNano('acme')).toBe(usageBefore);
  });

  it('400 with the provider message when the provider rejects the request', async () => {
    scenario = () => ({ kind: 'json', status: 400, body: readJson(fixture('openai-error-context-length.json')) });
    const reply = await post({ ...valid, model: 'qwen/qwen-2.5-7b-instruct' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/maximum context length is 128000 tokens/);
  });

  it('408 when the provider does not answer in time', async () => {
    scenario = () => ({ kind: 'handler', handle: () => undefined });
    const reply = await post({ ...valid, model: 'qwen/qwen-2.5-7b-instruct' });
    expect(reply.status).toBe(408);
    expect(reply.body.error.metadata.switchboard_code).toBe('request_timeout');
  });

  it('503 when the model exists but no provider serves it', async () => {
    const reply = await post({ ...valid, model: 'openai/gpt-4o' });
    expect(reply.status).toBe(503);
    expect(reply.body.error.message).toBe('No provider is configured to serve openai/gpt-4o');
  });

  it('404 when provider preferences exclude every endpoint, saying which', async () => {
    const reply = await post({ ...valid, provider: { ignore: ['simulator'] } });
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toMatch(/Switchboard Simulator excluded by provider\.ignore/);
  });
});
