import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, readJson, type FakeResponse, type ReceivedRequest } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * OpenRouter's provider routing, end to end: a catalog of fake providers that differ in price,
 * quantization, data policy and supported parameters, each preference sent through the gateway,
 * and the provider that answered (and the ones that were asked) checked.
 */

const fixture = (name: string) => fileURLToPath(new URL(`../../src/providers/openai-compatible/__fixtures__/${name}`, import.meta.url));
const chatJson = readJson(fixture('openai-chat.json'));
const llama = 'meta-llama/llama-3.3-70b-instruct';
const nemo = 'mistralai/mistral-nemo';
const free = 'google/gemma-4-31b-it:free';

/** Per-provider behaviour, changed by tests: a healthy answer by default. */
const behaviour = new Map<string, (request: ReceivedRequest) => FakeResponse>();
function upstream(id: string): FakeUpstream {
  return new FakeUpstream((request) => (behaviour.get(id) ?? (() => ({ kind: 'json', body: chatJson })))(request));
}
const upstreams = { cheap: upstream('cheap'), mid: upstream('mid'), dear: upstream('dear'), flaky: upstream('flaky'), router: upstream('router') };
const perMillion = (usd: number) => String(usd / 1e6);
let gateway: TestGateway;
let apiKey: string;

beforeAll(async () => {
  for (const fake of Object.values(upstreams)) await fake.start();
  // Blended prices (prompt + completion) $1, $2 and $3 per million tokens: inverse-square weights 36 : 9 : 4.
  // Mid and Dear read cached prompt tokens at a tenth of the prompt price; Cheap has no prompt cache.
  const price = (blendedUsd: number, cache = true) => ({
    prompt: perMillion(blendedUsd / 2),
    completion: perMillion(blendedUsd / 2),
    ...(cache ? { input_cache_read: perMillion(blendedUsd / 20) } : {}),
  });
  gateway = await startTestGateway({
    auth: { anonymous: false },
    limits: { free_requests_per_minute: 3 },
    routing: { max_retry_wait_ms: 1_500, circuit_breaker: { failure_threshold: 3, open_ms: 60_000 } },
    providers: [
      {
        kind: 'openai-compatible',
        id: 'cheap',
        name: 'Cheap',
        base_url: upstreams.cheap.url,
        data_collection: 'allow',
        models: [{ id: llama, pricing: price(1, false), quantization: 'fp4' }, { id: free }],
      },
      { kind: 'openai-compatible', id: 'mid', name: 'Mid', base_url: upstreams.mid.url, zdr: true, models: [{ id: llama, pricing: price(2), quantization: 'fp8' }] },
      { kind: 'openai-compatible', id: 'dear', name: 'Dear', base_url: upstreams.dear.url, zdr: true, models: [{ id: llama, pricing: price(3), quantization: 'bf16' }, { id: nemo }] },
      { kind: 'openai-compatible', id: 'flaky', name: 'Flaky', base_url: upstreams.flaky.url, models: [{ id: 'qwen/qwen-2.5-7b-instruct' }] },
      { kind: 'openai-compatible', id: 'router', preset: 'openrouter', base_url: upstreams.router.url, api_key_env: 'UNSET_FOR_TESTS', models: [{ id: 'deepseek/deepseek-r1' }] },
    ],
  });
  await gateway.createAccount('router-tests', 100);
  apiKey = (await gateway.createKey('router-tests')).key;
});
afterAll(async () => {
  await gateway?.close();
  for (const fake of Object.values(upstreams)) await fake.stop();
});

let conversations = 0;
/** A chat request; each starts its own conversation (so sticky routing stays out of the way) unless it sends messages. */
async function chat(body: Record<string, unknown>, key = apiKey, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, any>; headers: Headers }> {
  const response = await gateway.call('/api/v1/chat/completions', { key, headers, json: { messages: [{ role: 'user', content: `hello ${++conversations}` }], ...body } });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

async function servedBy(body: Record<string, unknown>): Promise<string> {
  const answer = await chat({ model: llama, ...body });
  expect(answer.status).toBe(200);
  return answer.body.provider as string;
}

async function record(id: string): Promise<Record<string, any>> {
  return ((await (await gateway.call(`/api/v1/generation?id=${id}`, { key: apiKey })).json()) as { data: Record<string, any> }).data;
}

describe('provider routing through the gateway', () => {
  it('by default spreads requests by the inverse square of price (36 : 9 : 4 over 490 requests)', async () => {
    const counts: Record<string, number> = { Cheap: 0, Mid: 0, Dear: 0 };
    for (let index = 0; index < 490; index++) counts[await servedBy({})]!++;
    // Expected 360 : 90 : 40. Binomial standard deviations ≈ 9.8, 8.6, 6.1: allow about 3.5 of them.
    expect(Math.abs(counts.Cheap! - 360)).toBeLessThan(35);
    expect(Math.abs(counts.Mid! - 90)).toBeLessThan(30);
    expect(Math.abs(counts.Dear! - 40)).toBeLessThan(22);
  });

  it('order, only, ignore, sort, quantizations, max_price, data_collection and zdr choose the provider', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ order: ['dear', 'mid'] }, 'Dear'],
      [{ order: ['Mid'] }, 'Mid'],
      [{ only: ['dear'] }, 'Dear'],
      [{ ignore: ['cheap', 'mid'] }, 'Dear'],
      [{ sort: 'price' }, 'Cheap'],
      [{ quantizations: ['bf16'] }, 'Dear'],
      [{ quantizations: ['fp8', 'bf16'], sort: 'price' }, 'Mid'],
      [{ max_price: { prompt: 0.75, completion: 0.75 } }, 'Cheap'],
      [{ data_collection: 'deny', sort: 'price' }, 'Mid'],
      [{ zdr: true, sort: 'price' }, 'Mid'],
    ];
    for (const [provider, expected] of cases) {
      for (let repeat = 0; repeat < 5; repeat++) expect([provider, await servedBy({ provider })]).toEqual([provider, expected]);
    }
  });

  it(':floor takes the cheapest and :nitro the fastest provider measured', async () => {
    for (let repeat = 0; repeat < 5; repeat++) expect((await chat({ model: `${llama}:floor` })).body.provider).toBe('Cheap');
    // Every provider has answered by now; the fake answers at once, so throughput is measured for each. :nitro follows it.
    const nitro = await chat({ model: `${llama}:nitro` });
    expect(nitro.status).toBe(200);
    const endpoints = (await (await gateway.call(`/api/v1/models/${llama}/endpoints`, { key: apiKey })).json()) as {
      data: { endpoints: { provider_name: string; throughput_last_30m: { p50: number } | null }[] };
    };
    const fastest = endpoints.data.endpoints.filter((item) => item.throughput_last_30m).sort((a, b) => b.throughput_last_30m!.p50 - a.throughput_last_30m!.p50)[0]!;
    expect(nitro.body.provider).toBe(fastest.provider_name);
    expect(nitro.body.model).toBe(llama);
  });

  it('require_parameters skips providers that would drop a parameter', async () => {
    // Mistral Nemo on Dear: the catalog lists its supported parameters; an unlisted one leaves no provider.
    const answer = await chat({ model: nemo, top_a: 0.2, provider: { require_parameters: true } });
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toContain('Dear excluded by provider.require_parameters (missing top_a)');
    expect((await chat({ model: nemo, top_a: 0.2 })).status).toBe(200);
  });

  it('explains a 404 by naming what excluded each provider', async () => {
    const answer = await chat({ model: llama, provider: { only: ['mid', 'dear'], quantizations: ['fp4'] } });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe(404);
    expect(answer.body.error.message).toContain('No endpoints found for meta-llama/llama-3.3-70b-instruct');
    expect(answer.body.error.message).toContain('Cheap excluded by provider.only');
    expect(answer.body.error.message).toContain('Mid excluded by provider.quantizations');
    expect(answer.body.error.metadata.excluded_by).toEqual(
      expect.arrayContaining([
        { provider: 'cheap', reason: 'provider.only' },
        { provider: 'dear', reason: 'provider.quantizations' },
      ]),
    );
    const ordered = await chat({ model: llama, provider: { order: ['nobody'], allow_fallbacks: false } });
    expect(ordered.status).toBe(404);
    expect(ordered.body.error.message).toContain('provider.order (nobody)');
  });

  it('falls back along the models list when the first model fails, and reports the model that answered', async () => {
    behaviour.set('flaky', () => ({ kind: 'json', status: 503, body: { error: { message: 'overloaded' } } }));
    try {
      const answer = await chat({ model: 'qwen/qwen-2.5-7b-instruct', models: ['qwen/qwen-2.5-7b-instruct', nemo] });
      expect(answer.status).toBe(200);
      expect(answer.body.model).toBe(nemo);
      expect(answer.body.provider).toBe('Dear');
      const stored = await record(answer.body.id);
      expect(stored.model).toBe(nemo);
      expect(stored.provider_responses.map((attempt: { provider_name: string; status: number }) => [attempt.provider_name, attempt.status])).toEqual([
        ['Flaky', 502],
        ['Dear', 200],
      ]);
      // Only `models` given: the first is the model.
      const onlyModels = await chat({ model: undefined, models: [nemo, llama] });
      expect(onlyModels.body.model).toBe(nemo);
      const unknown = await chat({ model: nemo, models: [nemo, 'nobody/nothing'] });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain('nobody/nothing');
    } finally {
      behaviour.delete('flaky');
    }
  });

  it('opens the circuit after three failures in a row: the next request gets 503 with Retry-After without calling the provider', async () => {
    behaviour.set('flaky', () => ({ kind: 'json', status: 500, body: { error: { message: 'boom' } } }));
    try {
      // Failures in a row open it (the models-fallback test left one already): at most three calls reach Flaky.
      const statuses: number[] = [];
      for (let index = 0; index < 3; index++) statuses.push((await chat({ model: 'qwen/qwen-2.5-7b-instruct' })).status);
      expect(statuses.filter((status) => status === 502).length).toBeGreaterThanOrEqual(2);
      const calls = upstreams.flaky.requests.length;
      const refused = await chat({ model: 'qwen/qwen-2.5-7b-instruct' });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.error.message).toContain('circuit open');
      expect(upstreams.flaky.requests.length).toBe(calls);
    } finally {
      behaviour.delete('flaky');
    }
  });

  it('waits out a short Retry-After on the last provider once, then succeeds there', async () => {
    let calls = 0;
    behaviour.set('dear', () =>
      ++calls === 1 ? { kind: 'json', status: 429, headers: { 'retry-after': '1' }, body: readJson(fixture('openai-error-rate-limit.json')) } : { kind: 'json', body: chatJson },
    );
    try {
      const started = Date.now();
      const answer = await chat({ model: nemo });
      expect(answer.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      const stored = await record(answer.body.id);
      expect(stored.provider_responses.map((attempt: { status: number }) => attempt.status)).toEqual([429, 200]);
    } finally {
      behaviour.delete('dear');
    }
  });

  it('a 429 with a long Retry-After is passed on, and that provider goes last until it has passed', async () => {
    behaviour.set('cheap', () => ({ kind: 'json', status: 429, headers: { 'retry-after': '30' }, body: readJson(fixture('openai-error-rate-limit.json')) }));
    try {
      const refused = await chat({ model: llama, provider: { only: ['cheap'] } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('30');
      // Cheap would win most draws; while it cools down, it never comes first.
      for (let index = 0; index < 20; index++) expect(await servedBy({})).not.toBe('Cheap');
    } finally {
      behaviour.delete('cheap');
    }
  });

  it(':thinking turns reasoning on; :online is refused', async () => {
    const answer = await chat({ model: 'deepseek/deepseek-r1:thinking' });
    expect(answer.status).toBe(200);
    expect((upstreams.router.requests.at(-1)!.body as Record<string, any>).reasoning).toEqual({ enabled: true });
    const online = await chat({ model: `${llama}:online` });
    expect(online.status).toBe(400);
    expect(online.body.error.message).toContain(':online');
  });

  it(':free models allow so many requests per minute per account, then 429 with X-RateLimit-* headers', async () => {
    for (let index = 0; index < 3; index++) {
      const answer = await chat({ model: free });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-ratelimit-limit')).not.toBeNull();
    }
    const refused = await chat({ model: free });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain('free-model requests per minute');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Paid models are not affected.
    expect((await chat({ model: llama })).status).toBe(200);
  });

  it('sticks a conversation to the provider that holds its prompt cache (session_id, x-session-id, or its first messages)', async () => {
    // The fake reports 1,280 of 1,419 prompt tokens read from cache: on Dear that costs less than a full prompt on Cheap.
    const conversation = [
      { role: 'system', content: 'You review pull requests.' },
      { role: 'user', content: 'Here is a long diff …' },
    ];
    const first = await chat({ model: llama, messages: conversation, provider: { only: ['dear'] } });
    expect(first.body.provider).toBe('Dear');
    const followUps: string[] = [];
    for (let turn = 0; turn < 15; turn++) {
      const messages = [...conversation, { role: 'assistant', content: 'Looks fine.' }, { role: 'user', content: `And turn ${turn}?` }];
      followUps.push((await chat({ model: llama, messages })).body.provider as string);
    }
    // Without stickiness Cheap would take about three in four.
    expect(followUps).toEqual(Array(15).fill('Dear'));
    // Explicit sessions: the x-session-id header (or session_id in the body) names the conversation, whatever its messages.
    const pinned = await chat({ model: llama, provider: { only: ['mid'] } }, apiKey, { 'x-session-id': 'review-42' });
    expect(pinned.body.provider).toBe('Mid');
    for (let turn = 0; turn < 10; turn++) expect((await chat({ model: llama, session_id: 'review-42' })).body.provider).toBe('Mid');
    expect((await record(pinned.body.id)).session_id).toBe('review-42');
    // Longer than OpenRouter allows: a 400 naming the header.
    const tooLong = await chat({ model: llama }, apiKey, { 'x-session-id': 'x'.repeat(257) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('x-session-id');
    // provider.order overrides stickiness.
    expect((await chat({ model: llama, session_id: 'review-42', provider: { order: ['cheap'] } })).body.provider).toBe('Cheap');
  });
});
