import { describe, expect, it } from 'vitest';
import { parsePricing } from '../accounting/pricing.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { ProviderEndpoint } from '../providers/provider.js';
import { SeededRandom } from '../providers/simulator/seeded-random.js';
import type { GenerationRequest } from '../spec/generation-request.js';
import { EndpointStats } from './endpoint-stats.js';
import { selectEndpoints } from './select-endpoints.js';

const model = ModelCatalog.load().get('meta-llama/llama-3.3-70b-instruct')!;

function endpoint(providerId: string, pricePerMillion: number, extra: Partial<ProviderEndpoint> = {}): ProviderEndpoint {
  const perToken = String(pricePerMillion / 2 / 1e6);
  return {
    id: `${providerId}/${model.id}`,
    providerId,
    providerName: providerId.toUpperCase(),
    model,
    upstreamModel: model.id,
    pricing: parsePricing({ prompt: perToken, completion: perToken }),
    contextLength: 131_072,
    maxCompletionTokens: 8192,
    quantization: 'fp8',
    supportedParameters: new Set(['temperature', 'max_tokens', 'tools', 'tool_choice']),
    dataCollection: 'deny',
    zdr: false,
    ...extra,
  };
}

const request = (fields: Partial<GenerationRequest> = {}): GenerationRequest => ({ model: model.id, messages: [{ role: 'user', content: 'hi' }], stream: false, parameters: {}, ...fields });

function select(endpoints: ProviderEndpoint[], fields: Partial<GenerationRequest> = {}, stats = new EndpointStats(), seed = 1) {
  const random = new SeededRandom(seed);
  return selectEndpoints({ modelId: model.id, endpoints, request: request(fields), variant: null, stats, random: () => random.next() });
}

function noEndpoints(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected an error');
}

describe('selectEndpoints', () => {
  it('weights endpoints by the inverse square of their price (A at $1 is 9 times as likely as C at $3)', () => {
    const endpoints = [endpoint('a', 1), endpoint('b', 2), endpoint('c', 3)];
    const first = { a: 0, b: 0, c: 0 } as Record<string, number>;
    const random = new SeededRandom(7);
    const draws = 20_000;
    for (let draw = 0; draw < draws; draw++) {
      const order = selectEndpoints({ modelId: model.id, endpoints, request: request(), variant: null, stats: new EndpointStats(), random: () => random.next() });
      first[order[0]!.providerId]!++;
      expect(order).toHaveLength(3);
    }
    // Weights 1, 1/4, 1/9 → shares 36/49, 9/49, 4/49.
    expect(first.a! / draws).toBeCloseTo(36 / 49, 1);
    expect(first.b! / draws).toBeCloseTo(9 / 49, 1);
    expect(first.c! / draws).toBeCloseTo(4 / 49, 1);
    expect(first.a! / first.c!).toBeGreaterThan(7.5);
    expect(first.a! / first.c!).toBeLessThan(10.5);
  });

  it('puts endpoints with an outage in the last 30 seconds last', () => {
    let now = 1_000_000;
    const stats = new EndpointStats(() => now);
    stats.recordFailure('a/meta-llama/llama-3.3-70b-instruct', 500);
    for (let seed = 0; seed < 50; seed++) expect(select([endpoint('a', 1), endpoint('b', 5)], {}, stats, seed)[0]!.providerId).toBe('b');
    now += 31_000;
    const firsts = new Set(Array.from({ length: 50 }, (_, seed) => select([endpoint('a', 1), endpoint('b', 5)], {}, stats, seed)[0]!.providerId));
    expect(firsts.has('a')).toBe(true);
    // Rate-limited answers are not outages.
    stats.recordFailure('a/meta-llama/llama-3.3-70b-instruct', 429);
    expect(stats.failedRecently('a/meta-llama/llama-3.3-70b-instruct')).toBe(false);
  });

  it('follows provider.order, then falls back to the rest unless allow_fallbacks is false', () => {
    const endpoints = [endpoint('a', 1), endpoint('b', 2), endpoint('c', 3)];
    expect(select(endpoints, { provider: { order: ['c', 'b'] } }).map((item) => item.providerId)).toEqual(['c', 'b', 'a']);
    expect(select(endpoints, { provider: { order: ['c'], allow_fallbacks: false } }).map((item) => item.providerId)).toEqual(['c']);
  });

  it('sorts by price, and applies only, ignore, quantizations and max_price', () => {
    const endpoints = [endpoint('b', 2), endpoint('c', 3, { quantization: 'fp4' }), endpoint('a', 1)];
    expect(select(endpoints, { provider: { sort: 'price' } }).map((item) => item.providerId)).toEqual(['a', 'b', 'c']);
    expect(select(endpoints, { provider: { only: ['b', 'c'], sort: 'price' } }).map((item) => item.providerId)).toEqual(['b', 'c']);
    expect(select(endpoints, { provider: { ignore: ['a'], sort: 'price' } }).map((item) => item.providerId)).toEqual(['b', 'c']);
    expect(select(endpoints, { provider: { quantizations: ['fp4'] } }).map((item) => item.providerId)).toEqual(['c']);
    // max_price is USD per million tokens: b and c charge $1 and $1.5 per million prompt tokens.
    expect(select(endpoints, { provider: { max_price: { prompt: 0.75 } } }).map((item) => item.providerId)).toEqual(['a']);
  });

  it('says which preference excluded which endpoint when none is left', () => {
    const error = noEndpoints(() =>
      select([endpoint('a', 1), endpoint('b', 2, { supportedParameters: new Set(['temperature']) })], {
        tools: [{ type: 'function', function: { name: 'f' } }],
        provider: { ignore: ['a'], require_parameters: true },
      }),
    );
    expect(error.code).toBe('no_endpoints');
    expect(error.status).toBe(404);
    expect(error.message).toContain('A excluded by provider.ignore');
    expect(error.message).toContain('B excluded by provider.require_parameters (missing tools)');
    expect(noEndpoints(() => select([])).code).toBe('no_provider_available');
  });

  it('data_collection "deny" drops endpoints that may keep prompts; zdr keeps only zero-retention endpoints', () => {
    const endpoints = [endpoint('a', 1, { dataCollection: 'allow' }), endpoint('b', 2, { zdr: true }), endpoint('c', 3)];
    const ids = (fields: Partial<GenerationRequest>) =>
      select(endpoints, fields)
        .map((item) => item.providerId)
        .sort();
    expect(ids({ provider: { data_collection: 'deny' } })).toEqual(['b', 'c']);
    expect(ids({ provider: { data_collection: 'allow' } })).toEqual(['a', 'b', 'c']);
    expect(ids({ provider: { zdr: true } })).toEqual(['b']);
    const error = noEndpoints(() => select([endpoint('a', 1, { dataCollection: 'allow' })], { provider: { data_collection: 'deny' } }));
    expect(error.message).toContain('A excluded by provider.data_collection');
    expect(noEndpoints(() => select([endpoint('a', 1)], { provider: { zdr: true } })).message).toContain('A excluded by provider.zdr');
  });

  it('require_parameters keeps endpoints that support every parameter sent; without it, supporting endpoints come first', () => {
    const endpoints = [endpoint('a', 1, { supportedParameters: new Set(['temperature', 'max_tokens']) }), endpoint('b', 4)];
    const tools = [{ type: 'function' as const, function: { name: 'lookup' } }];
    expect(select(endpoints, { tools, provider: { require_parameters: true } }).map((item) => item.providerId)).toEqual(['b']);
    expect(
      select(endpoints, { parameters: { temperature: 0.2 }, provider: { require_parameters: true } })
        .map((item) => item.providerId)
        .sort(),
    ).toEqual(['a', 'b']);
    // Soft: b (tools) is dearer, but first whenever tools are sent, whatever the draw.
    for (let seed = 0; seed < 30; seed++) expect(select(endpoints, { tools }, new EndpointStats(), seed)[0]!.providerId).toBe('b');
  });

  it('sorts by throughput and by latency from live stats (endpoints without data last); :nitro and :floor are those sorts', () => {
    const stats = new EndpointStats();
    const endpoints = [endpoint('a', 1), endpoint('b', 2), endpoint('c', 3), endpoint('d', 4)];
    for (let index = 0; index < 5; index++) {
      stats.recordSuccess(endpoints[0]!.id, 900, 40);
      stats.recordSuccess(endpoints[1]!.id, 300, 150);
      stats.recordSuccess(endpoints[2]!.id, 600, 90);
    }
    const ids = (list: ProviderEndpoint[]) => list.map((item) => item.providerId);
    expect(ids(select(endpoints, { provider: { sort: 'throughput' } }, stats))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(select(endpoints, { provider: { sort: 'latency' } }, stats))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(select(endpoints, { provider: { sort: { by: 'price' } } }, stats))).toEqual(['a', 'b', 'c', 'd']);
    const random = new SeededRandom(3);
    const variant = (name: 'nitro' | 'floor') => ids(selectEndpoints({ modelId: model.id, endpoints, request: request(), variant: name, stats, random: () => random.next() }));
    expect(variant('nitro')).toEqual(['b', 'c', 'a', 'd']);
    expect(variant('floor')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('preferred_min_throughput and preferred_max_latency put endpoints that miss them last, without excluding them', () => {
    const stats = new EndpointStats();
    const cheapSlow = endpoint('a', 1);
    const dearFast = endpoint('b', 3);
    for (let index = 0; index < 10; index++) {
      stats.recordSuccess(cheapSlow.id, 2500, 20);
      stats.recordSuccess(dearFast.id, 400, 120);
    }
    for (let seed = 0; seed < 30; seed++) {
      expect(select([cheapSlow, dearFast], { provider: { preferred_min_throughput: 50 } }, stats, seed).map((item) => item.providerId)).toEqual(['b', 'a']);
      expect(select([cheapSlow, dearFast], { provider: { preferred_max_latency: { p90: 1000 } } }, stats, seed).map((item) => item.providerId)).toEqual(['b', 'a']);
    }
    // Thresholds both meet leave the price weighting alone: the cheap one still wins most draws.
    const firsts = Array.from({ length: 200 }, (_, seed) => select([cheapSlow, dearFast], { provider: { preferred_min_throughput: 10 } }, stats, seed)[0]!.providerId);
    expect(firsts.filter((id) => id === 'a').length).toBeGreaterThan(150);
  });

  it('max_price limits the completion price and the per-request price too', () => {
    const endpoints = [endpoint('a', 1), endpoint('b', 4), endpoint('c', 1, { pricing: parsePricing({ prompt: '0.0000005', completion: '0.0000005', request: '0.01' }) })];
    expect(
      select(endpoints, { provider: { max_price: { completion: 1 } } })
        .map((item) => item.providerId)
        .sort(),
    ).toEqual(['a', 'c']);
    expect(
      select(endpoints, { provider: { max_price: { request: 0.001 } } })
        .map((item) => item.providerId)
        .sort(),
    ).toEqual(['a', 'b']);
    const error = noEndpoints(() => select(endpoints, { provider: { max_price: { prompt: 0.1 } } }));
    expect(error.message).toContain('excluded by provider.max_price.prompt');
  });

  it('allow_fallbacks false keeps only the first choice of the default load balancing', () => {
    const order = select([endpoint('a', 1), endpoint('b', 2)], { provider: { allow_fallbacks: false } });
    expect(order).toHaveLength(1);
  });

  it('opens the circuit after repeated failures, answers 503 with Retry-After when every circuit is open, and tries again once it closes', () => {
    let now = 5_000_000;
    const stats = new EndpointStats(() => now, { failureThreshold: 3, openMs: 10_000, maximumOpenMs: 40_000 });
    const a = endpoint('a', 1);
    const b = endpoint('b', 2);
    for (let index = 0; index < 3; index++) stats.recordFailure(a.id, 502);
    expect(stats.circuitOpen(a.id)).toBe(true);
    expect(select([a, b], {}, stats).map((item) => item.providerId)).toEqual(['b']);
    for (let index = 0; index < 3; index++) stats.recordFailure(b.id, 500);
    const error = noEndpoints(() => select([a, b], {}, stats));
    expect(error.status).toBe(503);
    expect(error.headers['Retry-After']).toBe('10');
    expect(error.message).toContain('circuit open');
    // Half-open after 10 s: a is tried again (last, as it failed recently); one more failure opens it for twice as long.
    now += 10_001;
    expect(
      select([a, b], {}, stats)
        .map((item) => item.providerId)
        .sort(),
    ).toEqual(['a', 'b']);
    stats.recordFailure(a.id, 502);
    expect(stats.circuitOpenForMs(a.id)).toBe(20_000);
    // A success closes it for good.
    now += 20_001;
    stats.recordSuccess(a.id, 100, 50);
    stats.recordFailure(a.id, 502);
    expect(stats.circuitOpen(a.id)).toBe(false);
    // 429s never trip the breaker; their Retry-After puts the endpoint last until it passes.
    for (let index = 0; index < 10; index++) stats.recordFailure(b.id, 429, 5_000);
    now += 1;
    for (let seed = 0; seed < 20; seed++) expect(select([a, b], {}, stats, seed).at(-1)!.providerId).toBe('b');
  });
});
