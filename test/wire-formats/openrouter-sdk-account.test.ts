import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * OpenRouter's own SDK (`@openrouter/sdk`), whose every response is parsed by OpenRouter's schemas,
 * driving the account side of the API against Switchboard: a shape it rejects fails the call.
 */
let gateway: TestGateway;
let management: string;
let ordinary: string;
const sdk = (apiKey: string) => new OpenRouter({ apiKey, serverURL: `${gateway.url}/api/v1` });

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('acme', 100);
  management = (await gateway.createKey('acme', { management: true })).key;
  ordinary = (await gateway.createKey('acme', { limitUsd: 5, limitReset: 'monthly' })).key;
});
afterAll(async () => {
  await gateway?.close();
});

describe('@openrouter/sdk: keys and the current key', () => {
  it('apiKeys.getCurrentKeyMetadata', async () => {
    const { data } = await sdk(ordinary).apiKeys.getCurrentKeyMetadata();
    expect(data.limit).toBe(5);
    expect(data.limitReset).toBe('monthly');
    expect(data.isFreeTier).toBe(false);
    expect(data.freeModelDailyRequests.limit).toBe(1000);
    expect(data.allowedDataRegions.length).toBeGreaterThan(0);
    expect(data.workspaceId).toBe('default');
  });

  it('reports a key of an account that never bought credits as free tier, with 50 free requests a day', async () => {
    await gateway.createAccount('newcomer', 0);
    const { key } = await gateway.createKey('newcomer');
    const { data } = await sdk(key).apiKeys.getCurrentKeyMetadata();
    expect(data.isFreeTier).toBe(true);
    expect(data.freeModelDailyRequests).toEqual({ limit: 50, remaining: 50, used: 0 });
  });

  it('apiKeys.create, list, get, update, delete', async () => {
    const admin = sdk(management);
    const created = await admin.apiKeys.create({ requestBody: { name: 'made by the SDK', limit: 2, limitReset: 'weekly' } });
    expect(created.key.startsWith('sk-sb-v1-')).toBe(true);
    expect(created.data.workspaceId).toBe('default');
    const hash = created.data.hash;
    const listed = await admin.apiKeys.list();
    expect(listed.data.map((key) => key.hash)).toContain(hash);
    expect((await admin.apiKeys.get({ hash })).data.name).toBe('made by the SDK');
    const updated = await admin.apiKeys.update({ hash, requestBody: { disabled: true, name: 'renamed' } });
    expect(updated.data.disabled).toBe(true);
    expect((await admin.apiKeys.delete({ hash })).deleted).toBe(true);
  });
});

describe('@openrouter/sdk: generations and the catalog', () => {
  it('generations.getGeneration', async () => {
    const response = await gateway.call('/api/v1/chat/completions', { key: ordinary, json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 10 } });
    const id = response.headers.get('x-generation-id')!;
    await gateway.writer.drain();
    const { data } = await sdk(ordinary).generations.getGeneration({ id });
    expect(data.id).toBe(id);
    expect(data.dataRegion).toBe('global');
    expect(data.totalCost).toBeGreaterThan(0);
  });

  it('endpoints.list', async () => {
    const { data } = await sdk(ordinary).endpoints.list({ author: 'openai', slug: 'gpt-4o-mini' });
    expect(data.endpoints.length).toBeGreaterThan(0);
    expect(typeof data.endpoints[0]!.supportsToolChoice).toBe('object');
  });

  it('embeddings.listModels', async () => {
    const page = await sdk(ordinary).embeddings.listModels();
    const result = page.result as { data: unknown[]; totalCount?: number };
    expect(result.data.length).toBeGreaterThan(0);
  });
});
