import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gateway: TestGateway;
let management: string;

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('acme', 10, 'US');
  management = (await gateway.createKey('acme', { management: true, name: 'admin' })).key;
});
afterAll(async () => {
  await gateway?.close();
});

async function json(response: Response) {
  return (await response.json()) as Record<string, any>;
}

describe('key limits', () => {
  it('spends a key up to its limit, then answers 402 with what is left, and GET /key reports it', async () => {
    const { key } = await gateway.createKey('acme', { limitUsd: 0.0004, limitReset: 'monthly', name: 'capped' });
    const client = new OpenAI({ baseURL: `${gateway.url}/api/v1`, apiKey: key, maxRetries: 0 });
    let spent = 0;
    let refused: any = null;
    for (let attempt = 0; attempt < 50 && !refused; attempt++) {
      try {
        const completion = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: `request ${attempt}` }] });
        spent += (completion.usage as unknown as { cost: number }).cost;
      } catch (error) {
        refused = error;
      }
    }
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect(refused.status).toBe(402);
    expect(refused.error.metadata.switchboard_code).toBe('key_limit_exceeded');
    expect(refused.message).toMatch(/Key limit exceeded\. This request requires more credits, or fewer max_tokens/);
    expect(spent).toBeLessThanOrEqual(0.0004);
    expect(spent).toBeGreaterThan(0);

    const info = await json(await gateway.call('/api/v1/key', { key }));
    expect(info.data).toMatchObject({ label: expect.stringMatching(/^sk-sb-v1-[0-9a-f]{3}\.\.\.[0-9a-f]{3}$/), limit: 0.0004, limit_reset: 'monthly', is_management_key: false, is_free_tier: false });
    expect(info.data.usage).toBeCloseTo(spent, 9);
    expect(info.data.usage_monthly).toBeCloseTo(spent, 9);
    expect(info.data.usage_daily).toBeCloseTo(spent, 9);
    expect(info.data.limit_remaining).toBeCloseTo(0.0004 - spent, 9);
    // A smaller max_tokens still fits what is left.
    const small = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] });
    expect(small.choices[0]!.finish_reason).toBe('length');
  });

  it('never lets concurrent requests spend past a limit', async () => {
    const { key } = await gateway.createKey('acme', { limitUsd: 0.0002, name: 'concurrent' });
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        gateway.call('/api/v1/chat/completions', { key, json: { model: 'openai/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: `n${index}` }] } }),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
    expect(statuses.filter((status) => status === 402).length).toBeGreaterThan(0);
    let spent = 0;
    for (const reply of replies) if (reply.status === 200) spent += (await json(reply)).usage.cost;
    expect(spent).toBeLessThanOrEqual(0.0002);
    const info = await json(await gateway.call('/api/v1/key', { key }));
    expect(info.data.usage).toBeCloseTo(spent, 9);
  });

  it('settles usage into the control plane through the queue', async () => {
    const { key, hash } = await gateway.createKey('acme', { name: 'settled' });
    const reply = await json(await gateway.call('/api/v1/chat/completions', { key, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } }));
    await gateway.storedRecords();
    const stored = await gateway.services.controlPlane.keyUsage(hash, Math.floor(Date.now() / 86_400_000));
    expect(stored.totalNano).toBe(Math.round(reply.usage.cost * 1e9));
  });
});

describe('GET /credits', () => {
  it("reports the account's credits and usage", async () => {
    const { key } = await gateway.createKey('acme');
    const credits = await json(await gateway.call('/api/v1/credits', { key }));
    expect(credits.data.total_credits).toBe(10);
    expect(credits.data.total_usage).toBeGreaterThan(0);
    expect(credits.data.total_usage).toBeLessThan(0.01);
  });
});

describe('the management API (/api/v1/keys)', () => {
  it('creates, lists, reads, updates and deletes keys with a management key', async () => {
    const created = await gateway.call('/api/v1/keys', { key: management, json: { name: 'made over HTTP', limit: 5, limit_reset: 'weekly' } });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body.key).toMatch(/^sk-sb-v1-[0-9a-f]{64}$/);
    expect(body.data).toMatchObject({ name: 'made over HTTP', limit: 5, limit_reset: 'weekly', limit_remaining: 5, disabled: false, usage: 0 });
    const hash = body.data.hash as string;

    const newKeyWorks = await gateway.call('/api/v1/chat/completions', { key: body.key, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } });
    expect(newKeyWorks.status).toBe(200);

    const list = await json(await gateway.call('/api/v1/keys', { key: management }));
    expect(list.data.map((item: { hash: string }) => item.hash)).toContain(hash);
    expect((await json(await gateway.call(`/api/v1/keys/${hash}`, { key: management }))).data.name).toBe('made over HTTP');

    const patched = await json(await gateway.call(`/api/v1/keys/${hash}`, { key: management, method: 'PATCH', json: { disabled: true, limit: null } }));
    expect(patched.data).toMatchObject({ disabled: true, limit: null, limit_remaining: null });
    expect((await gateway.call('/api/v1/chat/completions', { key: body.key, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } })).status).toBe(401);

    expect((await json(await gateway.call(`/api/v1/keys/${hash}`, { key: management, method: 'DELETE' }))).deleted).toBe(true);
    expect((await gateway.call(`/api/v1/keys/${hash}`, { key: management })).status).toBe(404);
  });

  it('refuses API keys, bad fields and keys of other accounts', async () => {
    const { key } = await gateway.createKey('acme');
    expect((await gateway.call('/api/v1/keys', { key })).status).toBe(403);
    const bad = await gateway.call('/api/v1/keys', { key: management, json: { name: 'x', limit_reset: 'hourly' } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toMatch(/^limit_reset: must be one of/);
    await gateway.createAccount('rival', 1);
    const rivalKey = await gateway.createKey('rival');
    expect((await gateway.call(`/api/v1/keys/${rivalKey.hash}`, { key: management })).status).toBe(404);
  });
});
