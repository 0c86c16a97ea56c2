import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

// The embedded default: anonymous loopback requests are served under the local account.
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway?.close();
});

async function json(response: Response) {
  return (await response.json()) as Record<string, any>;
}

describe('GET /api/v1/models', () => {
  it("lists the catalog in OpenRouter's shape, and the official client reads it", async () => {
    const body = await json(await gateway.call('/api/v1/models'));
    expect(body.total_count).toBe(body.data.length);
    expect(body.data.length).toBeGreaterThan(350);
    const model = body.data.find((item: { id: string }) => item.id === 'deepseek/deepseek-r1');
    expect(Object.keys(model).sort()).toEqual(
      [
        'architecture',
        'canonical_slug',
        'context_length',
        'created',
        'default_parameters',
        'description',
        'expiration_date',
        'hugging_face_id',
        'id',
        'knowledge_cutoff',
        'links',
        'name',
        'per_request_limits',
        'pricing',
        'supported_parameters',
        'supported_voices',
        'top_provider',
      ].sort(),
    );
    expect(model.pricing.prompt).toBe('0.0000007');
    expect(model.hugging_face_id).toBe('deepseek-ai/DeepSeek-R1');
    const client = new OpenAI({ baseURL: `${gateway.url}/api/v1`, apiKey: gateway.localKey, maxRetries: 0 });
    const page = await client.models.list();
    expect(page.data.length).toBe(body.data.length);
  });

  it('filters by supported parameters and text, paginates, and counts', async () => {
    const tools = await json(await gateway.call('/api/v1/models?supported_parameters=tools,reasoning'));
    expect(tools.data.every((item: { supported_parameters: string[] }) => item.supported_parameters.includes('tools') && item.supported_parameters.includes('reasoning'))).toBe(true);
    const page = await json(await gateway.call('/api/v1/models?offset=10&limit=5'));
    expect(page.data).toHaveLength(5);
    expect(page.links.next).toBe('/api/v1/models?offset=15&limit=5');
    expect((await json(await gateway.call('/api/v1/models/count?q=claude'))).data.count).toBeGreaterThan(5);
    expect((await gateway.call('/api/v1/models?limit=0')).status).toBe(400);
    expect((await json(await gateway.call('/api/v1/model/openai/gpt-4o-mini'))).data.id).toBe('openai/gpt-4o-mini');
    expect((await gateway.call('/api/v1/model/openai/nothing')).status).toBe(404);
  });

  it('lists the endpoints of a model with live uptime, latency and throughput once traffic has flowed', async () => {
    const before = await json(await gateway.call('/api/v1/models/openai/gpt-4o-mini/endpoints'));
    expect(before.data.endpoints).toHaveLength(1);
    expect(before.data.endpoints[0]).toMatchObject({
      provider_name: 'Switchboard Simulator',
      tag: 'simulator',
      uptime_last_30m: null,
      latency_last_30m: null,
      pricing: { prompt: '0.00000015', completion: '0.0000006', input_cache_read: '0.000000075' },
    });
    for (let index = 0; index < 3; index++) {
      // Throughput is measured on streams (tokens over the time between first and last token).
      await (await gateway.call('/api/v1/chat/completions', { json: { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `hello ${index}` }] } })).text();
    }
    const after = (await json(await gateway.call('/api/v1/models/openai/gpt-4o-mini/endpoints'))).data.endpoints[0];
    expect(after.uptime_last_5m).toBe(100);
    expect(after.uptime_last_1d).toBe(100);
    expect(after.latency_last_30m).toEqual({ p50: expect.any(Number), p75: expect.any(Number), p90: expect.any(Number), p99: expect.any(Number) });
    expect(after.throughput_last_30m.p50).toBeGreaterThan(0);
  });
});

describe('local development (auth.anonymous)', () => {
  it('serves requests without a key under the local account and reports it', async () => {
    const response = await gateway.call('/api/v1/chat/completions', { json: { model: 'anthropic/claude-sonnet-4.5', messages: [{ role: 'user', content: 'hi' }] } });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as { id: string };
    const record = await json(await gateway.call(`/api/v1/generation?id=${completion.id}`));
    expect(record.data.total_cost).toBeGreaterThan(0);
    const key = await json(await gateway.call('/api/v1/key'));
    expect(key.data.label).toMatch(/anonymous/);
    expect(key.data.usage).toBeGreaterThan(0);
    expect((await json(await gateway.call('/api/v1/credits'))).data.total_credits).toBe(100);
    // A key that looks like a Switchboard key is still checked.
    expect((await gateway.call('/api/v1/key', { key: 'sk-sb-v1-deadbeef' })).status).toBe(401);
  });
});

describe('operations', () => {
  it('exposes Prometheus metrics for requests, latency, tokens, cost and upstream errors', async () => {
    await gateway.call('/api/v1/chat/completions', { json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'metrics' }] } });
    const response = await gateway.call('/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^switchboard_requests_total\{route="\/api\/v1\/chat\/completions",status="200"\} \d+$/m);
    expect(text).toMatch(/^switchboard_request_duration_seconds_bucket\{le="\+Inf",route="\/api\/v1\/chat\/completions"\} \d+$/m);
    expect(text).toMatch(/^switchboard_tokens_total\{model="openai\/gpt-4o-mini",provider="simulator",kind="completion"\} \d+$/m);
    expect(text).toMatch(/^switchboard_cost_usd_total\{model="openai\/gpt-4o-mini",provider="simulator"\} [\d.e-]+$/m);
    expect(text).toContain('# TYPE switchboard_upstream_errors_total counter');
    expect(text).toContain('# TYPE switchboard_gateway_overhead_seconds histogram');
    expect((await json(await gateway.call('/health'))).status).toBe('ok');
    // Every answer names its request: the client's X-Request-Id when it is a sane token, else a new one.
    expect((await gateway.call('/health', { headers: { 'x-request-id': 'trace-42.a:b' } })).headers.get('x-request-id')).toBe('trace-42.a:b');
    const replaced = (await gateway.call('/health', { headers: { 'x-request-id': 'not sane\u0007' } })).headers.get('x-request-id');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    expect((await gateway.call('/api/v1/nothing-here')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await json(await gateway.call('/api/v1/providers'))).data[0]).toMatchObject({ slug: 'simulator', name: 'Switchboard Simulator' });
  });
});
