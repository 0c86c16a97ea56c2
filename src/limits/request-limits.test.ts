import type { Principal } from '../spec/principal.js';
import { describe, expect, it } from 'vitest';
import { ModelCatalog } from '../catalog/model-catalog.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { Account, ApiKey } from '../spec/account.js';
import { RateLimiter } from './rate-limiter.js';
import { RequestLimits, type RequestLimitSettings } from './request-limits.js';
import { defaultRequestLimitSettings } from './shared-limits.contract.js';

const catalog = ModelCatalog.load();
const paid = catalog.get('openai/gpt-4o-mini')!;
const free = catalog.get('google/gemma-4-31b-it:free')!;

const settings: RequestLimitSettings = defaultRequestLimitSettings;

function auth(purchasedUsd = 0, key: Partial<ApiKey> = {}): Principal {
  const account: Account = {
    id: `account-${purchasedUsd}`,
    name: 'a',
    billingCountry: null,
    creditsNano: purchasedUsd * 1e9,
    usageNano: 0,
    purchasedNano: purchasedUsd * 1e9,
    createdAt: '2026-01-01',
  };
  const apiKey: ApiKey = {
    hash: `key-${purchasedUsd}-${key.requestsPerMinute ?? 'x'}-${key.tokensPerMinute ?? 'x'}`,
    accountId: account.id,
    name: 'k',
    label: 'k',
    isManagement: false,
    disabled: false,
    limitNano: null,
    limitReset: null,
    includeByokInLimit: false,
    requestsPerMinute: null,
    tokensPerMinute: null,
    expiresAt: null,
    createdAt: '2026-01-01',
    updatedAt: null,
    workspaceId: 'default',
    creatorUserId: null,
    ...key,
  } as ApiKey;
  return { account, key: apiKey };
}

function refusal(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a refusal');
}

/** A clock at 10:00:00 UTC on some day, moved by tests. */
function clock() {
  const state = { now: Date.UTC(2026, 10, 22, 10, 0, 0) };
  return { state, now: () => state.now };
}

describe('RequestLimits', () => {
  it('requests per minute slide: the oldest second leaves the window and makes room again', () => {
    const time = clock();
    const limits = new RequestLimits(new RateLimiter(time.now), settings, time.now);
    const context = auth(0, { requestsPerMinute: 5 });
    for (let index = 0; index < 5; index++) {
      limits.admit(context, paid, 10);
      time.state.now += 10_000;
    }
    // 5 requests at 0 s, 10 s … 40 s; at 50 s the window is full.
    const refused = refusal(() => limits.admit(context, paid, 10));
    expect(refused.code).toBe('rate_limited');
    expect(refused.headers['Retry-After']).toBe('10');
    expect(refused.headers['X-RateLimit-Remaining']).toBe('0');
    time.state.now += 10_000;
    expect(limits.admit(context, paid, 10).headers['X-RateLimit-Remaining']).toBe('0');
  });

  it('tokens per minute count the estimate, then the real total once the request ends', () => {
    const time = clock();
    const limits = new RequestLimits(new RateLimiter(time.now), settings, time.now);
    const context = auth(0, { tokensPerMinute: 1000 });
    const ticket = limits.admit(context, paid, 900);
    expect(refusal(() => limits.admit(context, paid, 200)).message).toContain('tokens per minute');
    ticket.settle(300);
    expect(limits.admit(context, paid, 600).headers['X-RateLimit-Remaining']).toBe('100');
  });

  it('the gateway default applies to keys that set no limit of their own; a refused request takes nothing', () => {
    const time = clock();
    const limits = new RequestLimits(new RateLimiter(time.now), { ...settings, requestsPerMinute: 2, tokensPerMinute: 100 }, time.now);
    const context = auth();
    limits.admit(context, paid, 10);
    // Over the token limit: refused, and the request it counted is given back.
    expect(refusal(() => limits.admit(context, paid, 500)).message).toContain('tokens per minute');
    limits.admit(context, paid, 10);
    expect(refusal(() => limits.admit(context, paid, 10)).message).toContain('requests per minute');
  });

  it(':free models: 20 per minute and 50 per UTC day per account, 1,000 per day once $10 were bought', () => {
    const time = clock();
    const limits = new RequestLimits(new RateLimiter(time.now), settings, time.now);
    const freeTier = auth(0);
    let served = 0;
    for (let minute = 0; minute < 10; minute++) {
      for (let index = 0; index < 25; index++) {
        try {
          limits.admit(freeTier, free, 10);
          served++;
        } catch (error) {
          expect((error as GatewayError).code).toBe('rate_limited');
        }
      }
      if (minute === 0) expect(served).toBe(20);
      time.state.now += 61_000;
    }
    expect(served).toBe(50);
    const daily = refusal(() => limits.admit(freeTier, free, 10));
    expect(daily.message).toContain('free-model requests per day');
    expect(Number(daily.headers['X-RateLimit-Reset'])).toBe(Date.UTC(2026, 10, 23));
    // Paid models are not counted against the free allowance.
    limits.admit(freeTier, paid, 10);
    // The next UTC day starts over.
    time.state.now = Date.UTC(2026, 10, 23, 0, 0, 1);
    limits.admit(freeTier, free, 10);

    const buyer = auth(10);
    let bought = 0;
    for (let minute = 0; minute < 60; minute++) {
      for (let index = 0; index < 20; index++) {
        try {
          limits.admit(buyer, free, 10);
          bought++;
        } catch {
          // per-minute or per-day refusal
        }
      }
      time.state.now += 61_000;
    }
    expect(bought).toBe(1000);
  });
});
