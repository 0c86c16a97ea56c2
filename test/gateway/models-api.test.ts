import { OpenRouter } from '@openrouter/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The model catalog as OpenRouter's API and the OpenAI client read it: retrieve by id, OpenRouter's
 * /models filters and sorts, /models/count, /models/user (what a key's guardrails leave it),
 * /endpoints/zdr — through the official clients, the SDK validating each answer.
 */
let gateway: TestGateway;
let sdk: OpenRouter;

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('acme', 10);
  sdk = new OpenRouter({ apiKey: (await gateway.createKey('acme')).key, serverURL: `${gateway.url}/api/v1` });
});
afterAll(async () => {
  await gateway?.close();
});

async function listed(query: string): Promise<{ status: number; ids: string[]; body: Record<string, any> }> {
  const response = await gateway.call(`/api/v1/models${query}`);
  const body = (await response.json()) as Record<string, any>;
  return { status: response.status, ids: response.ok ? (body.data as { id: string }[]).map((model) => model.id) : [], body };
}

describe('the model catalog API', () => {
  it("answers the OpenAI client's models.retrieve and the SDK's models.get", async () => {
    const openai = new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/api/v1` });
    const retrieved = await openai.models.retrieve('openai/gpt-4o-mini');
    expect(retrieved).toMatchObject({ id: 'openai/gpt-4o-mini', object: 'model', owned_by: 'openai' });
    await expect(openai.models.retrieve('nobody/nothing')).rejects.toMatchObject({ status: 404 });
    const got = await sdk.models.get({ author: 'openai', slug: 'gpt-4o-mini' });
    expect(got.data.id).toBe('openai/gpt-4o-mini');
  });

  it('filters and sorts as OpenRouter documents: modalities, parameters, authors, prices, context, ZDR, sort', async () => {
    const all = await listed('');
    expect(all.ids.length).toBeGreaterThan(50);
    // Text by default; embeddings only when asked; `all` is both.
    const embeddings = await listed('?output_modalities=embeddings');
    expect(embeddings.ids.length).toBeGreaterThan(0);
    expect(embeddings.ids.every((id) => !all.ids.includes(id))).toBe(true);
    expect((await listed('?output_modalities=all')).ids.length).toBe(all.ids.length + embeddings.ids.length);
    const images = await listed('?input_modalities=image');
    expect(images.ids.length).toBeGreaterThan(0);
    expect(images.body.data.every((model: { architecture: { input_modalities: string[] } }) => model.architecture.input_modalities.includes('image'))).toBe(true);
    const openaiOnly = await listed('?model_authors=openai');
    expect(openaiOnly.ids.length).toBeGreaterThan(0);
    expect(openaiOnly.ids.every((id) => id.startsWith('openai/'))).toBe(true);
    const cheap = await listed('?max_price=0.5&sort=pricing-low-to-high');
    const prices = cheap.body.data.map((model: { pricing: { prompt: string; completion: string } }) => Number(model.pricing.prompt) * 1e6 + Number(model.pricing.completion) * 1e6);
    expect(cheap.body.data.every((model: { pricing: { prompt: string } }) => Number(model.pricing.prompt) * 1e6 <= 0.5)).toBe(true);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const long = await listed('?context=1000000&sort=context-high-to-low');
    expect(long.body.data.every((model: { context_length: number }) => model.context_length >= 1_000_000)).toBe(true);
    const tools = await listed('?supported_parameters=tools,tool_choice');
    expect(tools.body.data.every((model: { supported_parameters: string[] }) => model.supported_parameters.includes('tool_choice'))).toBe(true);
    expect((await listed('?zdr=true')).ids.length).toBeGreaterThan(0);
    const newest = await listed('?sort=newest&limit=5');
    const created = newest.body.data.map((model: { created: number }) => model.created);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    // Sorted by measured speed, a model with measurements comes before those without.
    const served = await gateway.call('/api/v1/chat/completions', {
      key: (await gateway.createKey('acme')).key,
      json: { model: 'meta-llama/llama-3.3-70b-instruct', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 20 },
    });
    expect(served.status).toBe(200);
    expect((await listed('?sort=throughput-high-to-low')).ids[0]).toBe('meta-llama/llama-3.3-70b-instruct');
    expect((await listed('?sort=latency-low-to-high')).ids[0]).toBe('meta-llama/llama-3.3-70b-instruct');
    // What it cannot take is refused by name.
    for (const [query, param] of [
      ['?sort=most-loved', 'sort'],
      ['?max_price=cheap', 'max_price'],
      ['?zdr=maybe', 'zdr'],
    ]) {
      const refused = await listed(query!);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(param);
    }
    // The count follows the same filters.
    expect((await sdk.models.count({ outputModalities: 'embeddings' })).data.count).toBe(embeddings.ids.length);
    expect((await sdk.models.list()).result.data.length).toBe(all.ids.length);
  });

  it('lists the models a key may use (its guardrails applied), and the zero-data-retention endpoints', async () => {
    const management = new OpenRouter({ apiKey: (await gateway.createKey('acme', { management: true })).key, serverURL: `${gateway.url}/api/v1` });
    const held = await gateway.createKey('acme');
    const guardrail = await management.guardrails.create({ createGuardrailRequest: { name: 'two models', allowedModels: ['openai/gpt-4o-mini', 'meta-llama/llama-3.3-70b-instruct'] } });
    await management.guardrails.bulkAssignKeys({ id: guardrail.data.id, bulkAssignKeysRequest: { keyHashes: [held.hash] } });
    const forHeld = await new OpenRouter({ apiKey: held.key, serverURL: `${gateway.url}/api/v1` }).models.listForUser({ bearer: held.key });
    expect(forHeld.result.data.map((model) => model.id).sort()).toEqual(['meta-llama/llama-3.3-70b-instruct', 'openai/gpt-4o-mini']);
    const free = await sdk.models.listForUser({ bearer: (await gateway.createKey('acme')).key });
    expect(free.result.data.length).toBe((await listed('')).ids.length);
    const zdr = await sdk.endpoints.listZdrEndpoints();
    expect(zdr.data.length).toBeGreaterThan(0);
  });
});
