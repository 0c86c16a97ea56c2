import { fileURLToPath } from 'node:url';
import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/observability/logger.js';
import { FakeUpstream, readJson } from '../helpers/fake-upstream.js';
import { filesContaining, filesUnder } from '../helpers/files-containing.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Bring your own key: an account's provider key, sealed at rest, used for that account's requests
 * to that provider (first, as a fallback, or alone), billed as BYOK (not from credits), and never
 * seen again in plaintext — not in the data directory, the logs, the store or any answer.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../../src/providers/openai-compatible/__fixtures__/${name}`, import.meta.url));
const chatJson = readJson(fixture('openai-chat.json'));
const marker = `sk-own-${process.pid}-MARKER-${Date.now()}`;
const platformKey = 'sk-platform-of-the-gateway';
/** The upstream refuses the account's key while `refuseOwnKey` is set (a revoked key, say). */
let refuseOwnKey = false;
/** OpenAI's embeddings answer, as its API shapes it. */
const embeddingsJson = { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, -0.2, 0.3] }], model: 'text-embedding-3-small', usage: { prompt_tokens: 3, total_tokens: 3 } };
const upstream = new FakeUpstream((request) =>
  refuseOwnKey && request.headers.authorization === `Bearer ${marker}`
    ? { kind: 'json', status: 401, body: { error: { message: 'Incorrect API key provided' } } }
    : { kind: 'json', body: request.path.endsWith('/embeddings') ? embeddingsJson : chatJson },
);
const model = 'meta-llama/llama-3.3-70b-instruct';
const encryptionKey = Buffer.alloc(32, 3).toString('base64');
const logLines: string[] = [];
let gateway: TestGateway;
let management: string;
let key: string;
let byokId: string;

const config = () => ({
  auth: { anonymous: false },
  byok: { encryption_key_env: 'BYOK_KEY' },
  providers: [
    {
      kind: 'openai-compatible',
      id: 'together',
      name: 'Together (a fake upstream)',
      base_url: upstream.url,
      api_key_env: 'HOUSE_KEY',
      models: [{ id: model }],
      embedding_models: [{ id: 'openai/text-embedding-3-small', upstream_model: 'text-embedding-3-small' }],
    },
  ],
});

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway(config(), {
    environment: { BYOK_KEY: encryptionKey, HOUSE_KEY: platformKey },
    logger: createJsonLogger({ level: 'debug', sink: (line) => logLines.push(line) }),
  });
  await gateway.createAccount('acme', 20);
  management = (await gateway.createKey('acme', { management: true })).key;
  key = (await gateway.createKey('acme')).key;
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

async function chat() {
  const before = upstream.requests.length;
  const response = await gateway.call('/api/v1/chat/completions', { key, json: { model, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 20 } });
  const body = (await response.json()) as Record<string, any>;
  return { status: response.status, body, sentWith: upstream.requests.slice(before).map((request) => request.headers.authorization) };
}

const credits = async () => {
  await gateway.writer.drain();
  return (await gateway.services.controlPlane.getAccount('acme'))!.usageNano;
};

describe('bring your own key', () => {
  it('stores a provider key through the SDK and never returns it', async () => {
    const client = new OpenRouter({ apiKey: management, serverURL: `${gateway.url}/api/v1` });
    const created = await client.byok.create({ createBYOKKeyRequest: { provider: 'together', key: marker, name: 'our own' } });
    byokId = created.data.id;
    expect(created.data).toMatchObject({ provider: 'together', name: 'our own', label: 'sk-…'.concat(marker.slice(-4)), disabled: false, isByokOnly: false });
    const listed = await client.byok.list();
    expect(listed.result.data.map((entry) => entry.id)).toEqual([byokId]);
    expect((await client.byok.get({ id: byokId })).data.label).toBe(created.data.label);
    expect((await client.byok.update({ id: byokId, updateBYOKKeyRequest: { name: 'renamed' } })).data.name).toBe('renamed');
    const raw = await (await gateway.call('/api/v1/byok', { key: management })).text();
    expect(raw).not.toContain(marker);
    // Only management keys manage BYOK; an unknown provider is refused by name.
    expect((await gateway.call('/api/v1/byok', { key })).status).toBe(403);
    const unknown = await gateway.call('/api/v1/byok', { key: management, json: { provider: 'nowhere', key: 'sk-1234567890123' } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('together');
  });

  it("sends the account's requests with its own key, bills them as BYOK, and charges no credits", async () => {
    const before = await credits();
    const answer = await chat();
    expect(answer.status).toBe(200);
    expect(answer.sentWith).toEqual([`Bearer ${marker}`]);
    expect(answer.body.usage.is_byok).toBe(true);
    expect(answer.body.usage.cost).toBeGreaterThan(0);
    expect(answer.body.usage.cost_details.upstream_inference_cost).toBe(answer.body.usage.cost);
    expect(await credits()).toBe(before);
    const generation = (await (await gateway.call(`/api/v1/generation?id=${answer.body.id}`, { key })).json()) as { data: { is_byok: boolean } };
    expect(generation.data.is_byok).toBe(true);
    const current = (await (await gateway.call('/api/v1/key', { key })).json()) as { data: { byok_usage: number; usage: number } };
    expect(current.data.byok_usage).toBeCloseTo(answer.body.usage.cost, 12);
  });

  it("embeds with the account's own key too, billed as BYOK", async () => {
    const before = await credits();
    const calls = upstream.requests.length;
    const response = await gateway.call('/api/v1/embeddings', { key, json: { model: 'openai/text-embedding-3-small', input: ['hello'] } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { usage: { is_byok: boolean; cost: number } };
    expect(body.usage.is_byok).toBe(true);
    expect(upstream.requests.slice(calls).map((request) => request.headers.authorization)).toEqual([`Bearer ${marker}`]);
    expect(await credits()).toBe(before);
  });

  it("falls back to the gateway's own key when the account's fails, unless it is BYOK-only", async () => {
    refuseOwnKey = true;
    try {
      const before = await credits();
      const fallback = await chat();
      expect(fallback.status).toBe(200);
      expect(fallback.sentWith).toEqual([`Bearer ${marker}`, `Bearer ${platformKey}`]);
      expect(fallback.body.usage.is_byok).toBe(false);
      expect(await credits()).toBeGreaterThan(before);
      await gateway.call(`/api/v1/byok/${byokId}`, { key: management, method: 'PATCH', json: { is_byok_only: true } });
      const only = await chat();
      expect(only.status).toBeGreaterThanOrEqual(400);
      expect(only.sentWith).toEqual([`Bearer ${marker}`]);
    } finally {
      refuseOwnKey = false;
      await gateway.call(`/api/v1/byok/${byokId}`, { key: management, method: 'PATCH', json: { is_byok_only: false } });
    }
  });

  it('serves only the models, API keys and users a key is limited to; a fallback key comes second; a disabled one not at all', async () => {
    await gateway.call(`/api/v1/byok/${byokId}`, { key: management, method: 'PATCH', json: { allowed_models: ['openai/gpt-4o'] } });
    expect((await chat()).sentWith).toEqual([`Bearer ${platformKey}`]);
    await gateway.call(`/api/v1/byok/${byokId}`, { key: management, method: 'PATCH', json: { allowed_models: null, is_fallback: true } });
    refuseOwnKey = false;
    expect((await chat()).sentWith).toEqual([`Bearer ${platformKey}`]);
    await gateway.call(`/api/v1/byok/${byokId}`, { key: management, method: 'PATCH', json: { is_fallback: false, disabled: true } });
    expect((await chat()).sentWith).toEqual([`Bearer ${platformKey}`]);
    await gateway.call(`/api/v1/byok/${byokId}`, { key: management, method: 'PATCH', json: { disabled: false } });
    expect((await chat()).sentWith).toEqual([`Bearer ${marker}`]);
  });

  it('keeps the key out of the data directory, the logs and the generation log', async () => {
    expect(filesUnder(gateway.dataDirectory).some((path) => path.endsWith('control-plane.sqlite'))).toBe(true);
    expect(filesContaining(gateway.dataDirectory, marker)).toEqual([]);
    await gateway.services.logger.flush();
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(marker);
    const stored = await (await gateway.storeClient().query({ query: 'SELECT * FROM generations', format: 'JSONEachRow' })).text();
    expect(stored).not.toContain(marker);
  });

  it('needs the encryption key to read it back: another key leaves it unused (BYOK-only: refused), none turns BYOK off', async () => {
    await gateway.call(`/api/v1/byok/${byokId}`, { key: management, method: 'PATCH', json: { is_byok_only: true } });
    await gateway.close();
    const directory = gateway.dataDirectory;
    gateway = await startTestGateway(config(), { dataDirectory: directory, environment: { BYOK_KEY: Buffer.alloc(32, 4).toString('base64'), HOUSE_KEY: platformKey } });
    const refused = await chat();
    expect(refused.status).toBe(503);
    expect(refused.body.error.metadata.switchboard_code).toBe('byok_unavailable');
    expect(refused.sentWith).toEqual([]);
    await gateway.close();
    gateway = await startTestGateway({ ...config(), byok: {} }, { dataDirectory: directory, environment: { HOUSE_KEY: platformKey } });
    const off = await gateway.call('/api/v1/byok', { key: management, json: { provider: 'together', key: 'sk-another-123456789' } });
    expect(off.status).toBe(503);
    expect(((await off.json()) as { error: { metadata: { switchboard_code: string } } }).error.metadata.switchboard_code).toBe('byok_unavailable');
  });
});
