import { fileURLToPath } from 'node:url';
import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNanoDollars } from '../../src/accounting/pricing.js';
import { FakeUpstream, readJson } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Guardrails as OpenRouter has them, through its SDK: made, assigned to keys in bulk, and enforced
 * on every request of an assigned key before any provider is called — models, providers, ZDR —
 * and a spending budget per key that holds under 500 concurrent requests like a key limit.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../../src/providers/openai-compatible/__fixtures__/${name}`, import.meta.url));
const upstream = new FakeUpstream(() => ({ kind: 'json', body: readJson(fixture('openai-chat.json')) }));
const llama = 'meta-llama/llama-3.3-70b-instruct';
let gateway: TestGateway;
let admin: OpenRouter;
let key: { key: string; hash: string };
let spender: { key: string; hash: string };

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway({
    auth: { anonymous: false },
    providers: [
      { kind: 'simulator', time_scale: 0, extra_endpoints: [] },
      { kind: 'openai-compatible', id: 'together', name: 'Together (a fake upstream)', base_url: upstream.url, models: [{ id: llama }] },
    ],
  });
  await gateway.createAccount('acme', 100);
  admin = new OpenRouter({ apiKey: (await gateway.createKey('acme', { management: true })).key, serverURL: `${gateway.url}/api/v1` });
  key = await gateway.createKey('acme');
  spender = await gateway.createKey('acme');
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

async function chat(apiKey: string, model: string, extra: Record<string, unknown> = {}) {
  const response = await gateway.call('/api/v1/chat/completions', { key: apiKey, json: { model, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 5, min_tokens: 5, ...extra } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('guardrails', () => {
  let guardrailId = '';

  it('are made, read, changed, assigned and unassigned through the SDK', async () => {
    const created = await admin.guardrails.create({ createGuardrailRequest: { name: 'Interns', allowedModels: ['openai/gpt-4o-mini', llama], ignoredProviders: ['together'] } });
    guardrailId = created.data.id;
    expect(created.data).toMatchObject({ name: 'Interns', allowedModels: ['openai/gpt-4o-mini', llama], ignoredProviders: ['together'], includeByokInBudgets: false });
    expect((await admin.guardrails.list()).result.data.map((guardrail) => guardrail.id)).toEqual([guardrailId]);
    expect((await admin.guardrails.get({ id: guardrailId })).data.name).toBe('Interns');
    const assigned = await admin.guardrails.bulkAssignKeys({ id: guardrailId, bulkAssignKeysRequest: { keyHashes: [key.hash] } });
    expect(assigned.assignedCount).toBe(1);
    const listed = await admin.guardrails.listGuardrailKeyAssignments({ id: guardrailId });
    expect(listed.result.data.map((assignment) => assignment.keyHash)).toEqual([key.hash]);
    expect((await admin.guardrails.listKeyAssignments()).result.totalCount).toBe(1);
    const other = await gateway.createKey('acme');
    await admin.guardrails.bulkAssignKeys({ id: guardrailId, bulkAssignKeysRequest: { keyHashes: [other.hash] } });
    expect((await admin.guardrails.bulkUnassignKeys({ id: guardrailId, bulkUnassignKeysRequest: { keyHashes: [other.hash] } })).unassignedCount).toBe(1);
    // Another account's key cannot be assigned.
    await gateway.createAccount('stranger', 1);
    const stranger = await gateway.createKey('stranger');
    const refused = await gateway.call(`/api/v1/guardrails/${guardrailId}/assignments/keys`, {
      key: (await gateway.createKey('acme', { management: true })).key,
      json: { key_hashes: [stranger.hash] },
    });
    expect(refused.status).toBe(400);
  });

  it('refuse a model outside the allow-list before any provider is called, and route around ignored providers', async () => {
    const calls = upstream.requests.length;
    const blocked = await chat(key.key, 'anthropic/claude-sonnet-4.5');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.metadata).toMatchObject({ switchboard_code: 'guardrail_blocked', guardrail_id: guardrailId });
    // Llama is served by the fake upstream and the simulator: the ignored one is passed over, even when asked for.
    const routed = await chat(key.key, llama, { provider: { order: ['together'] } });
    expect(routed.status).toBe(200);
    expect(routed.body.provider).toBe('Switchboard Simulator');
    expect(upstream.requests.length).toBe(calls);
    // Embeddings are held to the same lists.
    const embedding = await gateway.call('/api/v1/embeddings', { key: key.key, json: { model: 'openai/text-embedding-3-small', input: ['hello'] } });
    expect(embedding.status).toBe(403);
    expect(((await embedding.json()) as { error: { metadata: { switchboard_code: string } } }).error.metadata.switchboard_code).toBe('guardrail_blocked');
    expect((await gateway.call('/api/v1/embeddings', { key: spender.key, json: { model: 'openai/text-embedding-3-small', input: ['hello'] } })).status).toBe(200);
    // A key without the guardrail is free of it.
    expect((await chat(spender.key, llama, { provider: { order: ['together'], allow_fallbacks: false } })).body.provider).toBe('Together (a fake upstream)');
  });

  it('refuse a request no zero-data-retention endpoint can serve when ZDR is enforced; changes hold from the next request', async () => {
    // Only the fake upstream (which keeps data) is allowed, and ZDR is asked: nothing can serve Llama.
    await admin.guardrails.update({ id: guardrailId, updateGuardrailRequest: { enforceZdr: true, allowedProviders: ['together'], ignoredProviders: null } });
    const calls = upstream.requests.length;
    const refused = await chat(key.key, llama);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('zero-data-retention');
    expect(upstream.requests.length).toBe(calls);
    await admin.guardrails.update({ id: guardrailId, updateGuardrailRequest: { enforceZdr: false } });
    expect((await chat(key.key, llama)).body.provider).toBe('Together (a fake upstream)');
  });

  it('hold a spending budget per key under 500 concurrent requests, exactly like a key limit', { timeout: 120_000 }, async () => {
    const probe = await chat(spender.key, 'openai/gpt-4o-mini');
    const each = toNanoDollars(probe.body.usage.cost);
    const budget = await admin.guardrails.create({ createGuardrailRequest: { name: 'Budget', limitUsd: (40 * each) / 1e9, resetInterval: 'daily' } });
    await admin.guardrails.bulkAssignKeys({ id: budget.data.id, bulkAssignKeysRequest: { keyHashes: [spender.hash] } });
    const before = (await gateway.services.limits.keyBalance(spender.hash))!.dailyNano;
    const answers = await Promise.all(Array.from({ length: 500 }, () => chat(spender.key, 'openai/gpt-4o-mini')));
    const served = answers.filter((answer) => answer.status === 200);
    const spent = served.reduce((sum, answer) => sum + toNanoDollars(answer.body.usage.cost), 0);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200, 402]));
    expect(served.length).toBeGreaterThan(0);
    // The budget counts the day's spending before it was assigned too (the probe): never past it.
    expect(before + spent).toBeLessThanOrEqual(40 * each);
    console.log(`guardrail budget ${40 * each} nano-USD per key per day: 500 at once → ${served.length} served, ${before + spent} spent (with the probe)`);
    const refusal = answers.find((answer) => answer.status === 402)!;
    expect(refusal.body.error.metadata).toMatchObject({ switchboard_code: 'key_limit_exceeded', guardrail_id: budget.data.id });
    expect(refusal.body.error.message).toContain('guardrail');
    await gateway.writer.drain();
    const usage = await gateway.services.controlPlane.keyUsage(spender.hash, Math.floor(Date.now() / 86_400_000));
    expect(usage.dailyNano).toBe(before + spent);
    // Unassigned, the key spends again; deleted, the guardrail is gone.
    await admin.guardrails.bulkUnassignKeys({ id: budget.data.id, bulkUnassignKeysRequest: { keyHashes: [spender.hash] } });
    expect((await chat(spender.key, 'openai/gpt-4o-mini')).status).toBe(200);
    expect((await admin.guardrails.delete({ id: budget.data.id })).deleted).toBe(true);
  });
});
