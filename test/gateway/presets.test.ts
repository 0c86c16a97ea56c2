import { fileURLToPath } from 'node:url';
import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream, readJson } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * Presets as OpenRouter has them: made from a request body through the SDK (its validation on),
 * versioned, and used by `model: "@preset/<slug>"` or `preset: "<slug>"` — the preset's model,
 * provider preferences, parameters and system prompt reach the provider, the request's own win.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../../src/providers/openai-compatible/__fixtures__/${name}`, import.meta.url));
const upstream = new FakeUpstream(() => ({ kind: 'json', body: readJson(fixture('openai-chat.json')) }));
let gateway: TestGateway;
let key: string;
let strangerKey: string;
const sdk = (apiKey: string) => new OpenRouter({ apiKey, serverURL: `${gateway.url}/api/v1` });
const model = 'meta-llama/llama-3.3-70b-instruct';

beforeAll(async () => {
  await upstream.start();
  gateway = await startTestGateway({
    auth: { anonymous: false },
    providers: [
      { kind: 'simulator', time_scale: 0 },
      { kind: 'openai-compatible', id: 'house', name: 'House', base_url: upstream.url, models: [{ id: model }] },
    ],
  });
  await gateway.createAccount('acme', 50);
  await gateway.createAccount('stranger', 50);
  key = (await gateway.createKey('acme')).key;
  strangerKey = (await gateway.createKey('stranger')).key;
});
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

async function chat(body: Record<string, unknown>, apiKey = key) {
  const response = await gateway.call('/api/v1/chat/completions', { key: apiKey, json: { messages: [{ role: 'user', content: 'Where is my parcel?' }], ...body } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('presets', () => {
  it('are made, versioned and read through the SDK', async () => {
    const client = sdk(key);
    const first = await client.presets.createPresetsChatCompletions({
      slug: 'support',
      chatRequest: {
        model,
        temperature: 0.2,
        maxTokens: 50,
        provider: { only: ['house'] },
        messages: [
          { role: 'system', content: 'You answer parcel questions kindly.' },
          { role: 'user', content: 'an example question, not kept' },
        ],
      },
    });
    expect(first.data.slug).toBe('support');
    expect(first.data.designatedVersion).toMatchObject({ version: 1, systemPrompt: 'You answer parcel questions kindly.' });
    expect(first.data.designatedVersion!.config).toMatchObject({ model, temperature: 0.2, max_tokens: 50, provider: { only: ['house'] } });
    expect(first.data.designatedVersion!.config).not.toHaveProperty('messages');
    const second = await client.presets.createPresetsChatCompletions({
      slug: 'support',
      chatRequest: { model, temperature: 0.3, provider: { only: ['house'] }, messages: [{ role: 'system', content: 'Be brief.' }] },
    });
    expect(second.data.designatedVersion!.version).toBe(2);

    const listed = await client.presets.list();
    expect(listed.result.data.map((preset) => preset.slug)).toContain('support');
    const got = await client.presets.get({ slug: 'support' });
    expect(got.data.designatedVersion!.version).toBe(2);
    const versions = await client.presets.listVersions({ slug: 'support' });
    expect(versions.result.data.map((version) => version!.version)).toEqual([2, 1]);
    expect((await client.presets.getVersion({ slug: 'support', version: '1' })).data!.config).toMatchObject({ temperature: 0.2 });
  });

  it('apply their model, provider preferences, parameters and system prompt to a request that names them', async () => {
    const before = upstream.requests.length;
    const answer = await chat({ model: '@preset/support' });
    expect(answer.status).toBe(200);
    expect(answer.body.model).toBe(model);
    expect(answer.body.provider).toBe('House');
    const sent = upstream.requests.slice(before)[0]!.body as { temperature: number; messages: { role: string; content: string }[] };
    expect(sent.temperature).toBe(0.3);
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(sent.messages.at(-1)).toMatchObject({ role: 'user', content: 'Where is my parcel?' });
  });

  it("let the request's own fields win, with `preset` beside its own model", async () => {
    const before = upstream.requests.length;
    const answer = await chat({
      model,
      preset: 'support',
      temperature: 0.9,
      messages: [
        { role: 'system', content: 'Mine too.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(answer.status).toBe(200);
    const sent = upstream.requests.slice(before)[0]!.body as { temperature: number; messages: { role: string; content: string }[] };
    expect(sent.temperature).toBe(0.9);
    expect(sent.messages.slice(0, 2).map((message) => message.content)).toEqual(['Be brief.', 'Mine too.']);
    // The preset's provider.only still holds: House served it, not the simulator.
    expect(answer.body.provider).toBe('House');
    // The generation's record names the preset (OpenRouter's preset_id), as GET /generation shows it.
    await gateway.writer.drain();
    const presetId = (await sdk(key).presets.get({ slug: 'support' })).data.id;
    const record = await gateway.call(`/api/v1/generation?id=${answer.body.id}`, { key });
    expect(((await record.json()) as { data: { preset_id: string | null } }).data.preset_id).toBe(presetId);
  });

  it('work in the Messages format too (the system prompt first), and belong to their account', async () => {
    const before = upstream.requests.length;
    const response = await gateway.call('/api/v1/messages', {
      key,
      json: { model: '@preset/support', max_tokens: 30, system: 'And sign with a smile.', messages: [{ role: 'user', content: 'Hello' }] },
    });
    expect(response.status).toBe(200);
    const sent = upstream.requests.slice(before)[0]!.body as { messages: { role: string; content: string }[] };
    expect(sent.messages[0]!.content).toBe('Be brief.\n\nAnd sign with a smile.');
    const stranger = await chat({ model: '@preset/support' }, strangerKey);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.message).toContain('Preset support does not exist');
  });

  it('refuse what no request could use: bad slugs, settings the format rejects, presets naming presets, no model', async () => {
    expect((await chat({ model: '@preset/Not A Slug' })).status).toBe(400);
    expect((await chat({ model: '@preset/support', preset: 'other' })).status).toBe(400);
    expect((await chat({ model: '@preset/missing' })).status).toBe(404);
    const save = (slug: string, body: unknown) => gateway.call(`/api/v1/presets/${slug}/chat/completions`, { key, json: body });
    const hot = await save('hot', { model, temperature: 'hot', messages: [] });
    expect(hot.status).toBe(400);
    expect(((await hot.json()) as { error: { message: string } }).error.message).toContain('temperature');
    expect((await save('loop', { model: '@preset/support' })).status).toBe(400);
    expect((await save('empty', { temperature: 1 })).status).toBe(400);
    expect((await save('BAD', { model })).status).toBe(400);
    // None of the refused ones was made.
    expect(((await (await gateway.call('/api/v1/presets', { key })).json()) as { data: { slug: string }[] }).data.map((preset) => preset.slug)).toEqual(['support']);
  });
});
