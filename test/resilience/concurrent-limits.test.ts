import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNanoDollars } from '../../src/accounting/pricing.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * 500 requests at once against a limit that covers 100 of them. The simulator takes ≈ 150 ms per
 * answer, so every request is in flight together: the limit must hold through the atomic
 * reservation, not through luck of timing.
 */

const model = 'openai/gpt-4o-mini';
const body = { model, max_tokens: 50, min_tokens: 50, messages: [{ role: 'user', content: 'Count to fifty, please.' }] };
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({
    auth: { anonymous: false },
    providers: [{ kind: 'simulator', time_scale: 1, extra_endpoints: [], latency_ms: { median: 150, spread: 0 }, throughput: { median: 5000, spread: 0 }, models: [model] }],
  });
});
afterAll(async () => {
  await gateway?.close();
});

interface Answer {
  status: number;
  body: Record<string, any>;
  headers: Headers;
}

async function fire(key: string, count: number): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await gateway.call('/api/v1/chat/completions', { key, json: body });
      return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
    }),
  );
}

/** What one request reserves: the 402 for a key whose limit is one nano-dollar says what it required. */
async function reservationNano(accountId: string): Promise<number> {
  const { key } = await gateway.createKey(accountId, { limitNano: 1 });
  const [answer] = await fire(key, 1);
  expect(answer!.status).toBe(402);
  return toNanoDollars(answer!.body.error.metadata.required);
}

function tally(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}

/**
 * Each request reserves its worst case and settles at its (smaller) real cost, so requests that
 * end early free room for a few more: at least the 100 the limit covers are served, the rest refused.
 */
function expectServedAndRefused(answers: Answer[], refusal: number): void {
  const counts = tally(answers);
  expect(Object.keys(counts).sort()).toEqual(['200', String(refusal)]);
  expect(counts[200]).toBeGreaterThanOrEqual(100);
  expect(counts[200]).toBeLessThan(200);
}

describe('limits under 500 simultaneous requests', () => {
  it('a key credit limit covering 100 requests: at least 100 answered, the rest refused with 402, never more spent than the limit', async () => {
    await gateway.createAccount('limited-key', 100);
    const reserved = await reservationNano('limited-key');
    const limitNano = 100 * reserved;
    const { key, hash } = await gateway.createKey('limited-key', { limitNano });
    const answers = await fire(key, 500);
    expectServedAndRefused(answers, 402);
    for (const answer of answers.filter((item) => item.status === 402)) {
      expect(answer.body.error).toMatchObject({ code: 402, message: expect.stringContaining('Key limit exceeded') });
    }
    const spentNano = answers.filter((item) => item.status === 200).reduce((sum, item) => sum + toNanoDollars(item.body.usage.cost), 0);
    expect(spentNano).toBeGreaterThan(0);
    expect(spentNano).toBeLessThanOrEqual(limitNano);
    // The ledger, the store and the key's own view agree on what was spent.
    await gateway.storedRecords();
    const keyView = (await (await gateway.call('/api/v1/key', { key })).json()) as { data: { usage: number; limit: number; limit_remaining: number } };
    expect(toNanoDollars(keyView.data.usage)).toBe(spentNano);
    expect(keyView.data.limit_remaining).toBeGreaterThanOrEqual(0);
    expect(gateway.ledger!.keyBalance(hash)!.totalNano).toBe(spentNano);
  });

  it('account credits covering 100 requests: at least 100 answered, the rest refused with 402, the balance never below zero', async () => {
    await gateway.createAccount('small-balance', 1);
    const reserved = await reservationNano('small-balance');
    // Leave exactly 100 reservations of credit: the account's usage so far is zero (the probe was refused).
    const account = gateway.ledger!.accountBalance('small-balance')!;
    expect(account.usageNano).toBe(0);
    const excess = account.creditsNano - 100 * reserved;
    await gateway.services.controlPlane.addCredits('small-balance', -excess, 'adjustment');
    const refreshed = await gateway.services.controlPlane.getAccount('small-balance');
    await gateway.ledger!.loadAccount(refreshed!);
    expect(gateway.ledger!.accountBalance('small-balance')!.creditsNano).toBe(100 * reserved);
    const { key } = await gateway.createKey('small-balance');
    const answers = await fire(key, 500);
    expectServedAndRefused(answers, 402);
    for (const answer of answers.filter((item) => item.status === 402)) expect(answer.body.error.message).toContain('Insufficient credits');
    const balance = gateway.ledger!.accountBalance('small-balance')!;
    expect(balance.reservedNano).toBe(0);
    expect(balance.usageNano).toBeLessThanOrEqual(balance.creditsNano);
    const spentNano = answers.filter((item) => item.status === 200).reduce((sum, item) => sum + toNanoDollars(item.body.usage.cost), 0);
    expect(balance.usageNano).toBe(spentNano);
  });

  it('100 requests per minute: 100 answered, 400 refused with 429, Retry-After and X-RateLimit-* headers', async () => {
    await gateway.createAccount('rate-limited', 100);
    const { key } = await gateway.createKey('rate-limited', { requestsPerMinute: 100 });
    const answers = await fire(key, 500);
    expect(tally(answers)).toEqual({ 200: 100, 429: 400 });
    for (const answer of answers) {
      expect(answer.headers.get('x-ratelimit-limit')).toBe('100');
      expect(Number(answer.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
      expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() - 1000);
    }
    for (const answer of answers.filter((item) => item.status === 429)) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(answer.body.error).toMatchObject({ code: 429, message: expect.stringContaining('requests per minute') });
    }
    // Refused requests leave no generation behind and cost nothing.
    expect(await gateway.storedRecords()).toBeGreaterThanOrEqual(100);
  });
});
