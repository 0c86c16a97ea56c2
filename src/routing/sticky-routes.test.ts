import { describe, expect, it } from 'vitest';
import { parsePricing } from '../accounting/pricing.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { ProviderEndpoint } from '../providers/provider.js';
import type { GenerationRequest } from '../spec/generation-request.js';
import type { Usage } from '../spec/usage.js';
import { isStickyRouteUpdate, type StickyRelay, type StickyRouteUpdate, StickyRoutes } from './sticky-routes.js';

const model = ModelCatalog.load().get('meta-llama/llama-3.3-70b-instruct')!;

/** Prices in USD per million tokens. */
function endpoint(providerId: string, prompt: number, completion: number, cacheRead: number | null): ProviderEndpoint {
  const perToken = (usd: number) => String(usd / 1e6);
  return {
    id: `${providerId}/${model.id}`,
    providerId,
    providerName: providerId,
    model,
    upstreamModel: model.id,
    pricing: parsePricing({ prompt: perToken(prompt), completion: perToken(completion), ...(cacheRead === null ? {} : { input_cache_read: perToken(cacheRead) }) }),
    contextLength: 131_072,
    maxCompletionTokens: 8192,
    quantization: null,
    supportedParameters: new Set(),
    dataCollection: 'deny',
    zdr: false,
  };
}

const request = (fields: Partial<GenerationRequest> = {}): GenerationRequest => ({
  model: model.id,
  messages: [
    { role: 'system', content: 'You are a careful assistant.' },
    { role: 'user', content: 'Summarise this long document …' },
  ],
  stream: false,
  parameters: {},
  ...fields,
});
const usage = (promptTokens: number, cachedTokens: number, cacheWriteTokens = 0): Usage => ({ promptTokens, completionTokens: 100, reasoningTokens: 0, cachedTokens, cacheWriteTokens });

const cheap = endpoint('cheap', 1, 2, null);
const caching = endpoint('caching', 2, 4, 0.2);
const ids = (list: ProviderEndpoint[]) => list.map((item) => item.providerId);

describe('StickyRoutes', () => {
  it('keys a conversation by session_id, else prompt_cache_key, else its first system and user messages; never with provider.order', () => {
    const first = StickyRoutes.keyOf('acct', model.id, request());
    const followUp = StickyRoutes.keyOf('acct', model.id, request({ messages: [...request().messages, { role: 'assistant', content: 'Here it is.' }, { role: 'user', content: 'Shorter?' }] }));
    expect(followUp).toBe(first);
    expect(StickyRoutes.keyOf('other', model.id, request())).not.toBe(first);
    expect(StickyRoutes.keyOf('acct', 'openai/gpt-4o', request())).not.toBe(first);
    expect(StickyRoutes.keyOf('acct', model.id, request({ sessionId: 's-1' }))).toBe(
      StickyRoutes.keyOf('acct', model.id, request({ sessionId: 's-1', messages: [{ role: 'user', content: 'other' }] })),
    );
    expect(StickyRoutes.keyOf('acct', model.id, request({ parameters: { prompt_cache_key: 'k' } }))).toContain('session:k');
    expect(StickyRoutes.keyOf('acct', model.id, request({ provider: { order: ['cheap'] } }))).toBeNull();
  });

  it('sends a conversation back to the provider that cached its prompt while that is cheaper, for 10 idle minutes', () => {
    let now = 0;
    const routes = new StickyRoutes({ now: () => now });
    const key = StickyRoutes.keyOf('acct', model.id, request());
    routes.observe(key, caching, usage(10_000, 9_000), false);
    // 1,000 × $2 + 9,000 × $0.2 + 100 × $4 = $4,200 per million vs 10,000 × $1 + 100 × $2 = $10,200 on cheap.
    expect(ids(routes.apply(key, [cheap, caching]))).toEqual(['caching', 'cheap']);
    now += 9 * 60_000;
    expect(ids(routes.apply(key, [cheap, caching]))).toEqual(['caching', 'cheap']);
    now += 10 * 60_000 + 1;
    expect(ids(routes.apply(key, [cheap, caching]))).toEqual(['cheap', 'caching']);
    expect(routes.size).toBe(0);
  });

  it('does not stick when the cache would not pay: little cached, no cache pricing, or no cache used', () => {
    const routes = new StickyRoutes();
    const key = StickyRoutes.keyOf('acct', model.id, request());
    routes.observe(key, caching, usage(10_000, 500), false);
    expect(ids(routes.apply(key, [cheap, caching]))).toEqual(['cheap', 'caching']);
    const noPrice = new StickyRoutes();
    noPrice.observe(key, cheap, usage(10_000, 9_000), false);
    expect(noPrice.size).toBe(0);
    const unused = new StickyRoutes();
    unused.observe(key, caching, usage(10_000, 0), false);
    expect(unused.size).toBe(0);
    // A prompt written to the cache counts: the next request reads it.
    unused.observe(key, caching, usage(10_000, 0, 9_500), false);
    expect(ids(unused.apply(key, [cheap, caching]))).toEqual(['caching', 'cheap']);
  });

  it('with an explicit session, sticks from the first success; a success elsewhere moves or drops the route', () => {
    const routes = new StickyRoutes();
    const key = StickyRoutes.keyOf('acct', model.id, request({ sessionId: 'chat-7' }));
    routes.observe(key, caching, usage(10_000, 0), true);
    expect(routes.size).toBe(1);
    routes.observe(key, cheap, usage(10_000, 0), true);
    expect(routes.size).toBe(0);
  });

  it('shares routes between nodes over a relay: a conversation cached on one node goes to the same provider on another', () => {
    const handlers: ((update: StickyRouteUpdate) => void)[] = [];
    const relay = (index: number): StickyRelay => ({
      send: (update) => {
        // The bus carries JSON; a node never hears itself.
        for (const [other, handler] of handlers.entries()) if (other !== index) handler(JSON.parse(JSON.stringify(update)));
      },
      onUpdate: (handler) => {
        handlers[index] = handler;
      },
    });
    const nodeA = new StickyRoutes({ relay: relay(0) });
    const nodeB = new StickyRoutes({ relay: relay(1) });
    const key = StickyRoutes.keyOf('acct', model.id, request());
    nodeA.observe(key, caching, usage(10_000, 0, 9_000), false);
    expect(ids(nodeB.apply(key, [cheap, caching]))).toEqual(['caching', 'cheap']);
    // Served elsewhere without the cache on B: dropped on A as well.
    nodeB.observe(key, cheap, usage(10_000, 0), false);
    expect(ids(nodeA.apply(key, [cheap, caching]))).toEqual(['cheap', 'caching']);
    expect(isStickyRouteUpdate(['k', { endpointId: 'x', promptTokens: -1, cachedTokens: 0, completionTokens: 0 }])).toBe(false);
    expect(isStickyRouteUpdate(['k', null])).toBe(true);
  });
});
