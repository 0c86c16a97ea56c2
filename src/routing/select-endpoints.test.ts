import { describe, expect, it } from 'vitest';
import { parsePricing } from '../accounting/pricing.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import { GatewayError } from '../errors/gateway-error.js';
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
    const error = noEndpoints(() => select([endpoint('a', 1), endpoint('b', 2, { supportedParameters: new Set(['temperature']) })], {
      tools: [{ type: 'function', function: { name: 'f' } }],
      provider: { ignore: ['a'], require_parameters: true },
    }));
    expect(error.code).toBe('no_endpoints');
    expect(error.status).toBe(404);
    expect(error.message).toContain('A excluded by provider.ignore');
    expect(error.message).toContain('B excluded by provider.require_parameters (missing tools)');
    expect(noEndpoints(() => select([])).code).toBe('no_provider_available');
  });
});
