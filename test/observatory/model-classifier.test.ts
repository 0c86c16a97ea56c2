import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * observatory.classifier model:<id>: the sample is classified by an LLM through the gateway's own
 * routing, with the configured key — its requests are recorded and billed to that key's account
 * like any other, and are not themselves classified.
 */
const model = 'openai/gpt-4o-mini';
const upstream = new FakeUpstream((request) => {
  const body = request.body as { response_format?: { json_schema?: { name?: string } }; messages: { content: string }[] };
  const classifying = body.response_format?.json_schema?.name === 'prompt_category';
  const content = classifying ? JSON.stringify({ category: 'legal', google_path: '/Law & Government/Legal/Real Estate Law', confidence: 0.93 }) : 'You may have a claim.';
  return {
    kind: 'json',
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 },
    },
  };
});

let gateway: TestGateway;
let userKey: string;

beforeAll(async () => {
  await upstream.start();
  const providers = [{ kind: 'openai-compatible', id: 'fake', name: 'Fake', base_url: upstream.url, models: [{ id: model }] }];
  // The classifier's key must exist before the gateway that uses it starts: made on a first start.
  const first = await startTestGateway({ providers });
  await first.createAccount('classifier', 5);
  const classifierKey = (await first.createKey('classifier', { name: 'observatory classifier' })).key;
  await first.close();
  gateway = await startTestGateway(
    { providers, observatory: { sample_rate: 1, classifier: `model:${model}`, classifier_key_env: 'CLASSIFIER_KEY', max_wait_ms: 5_000 } },
    { dataDirectory: first.dataDirectory, environment: { CLASSIFIER_KEY: classifierKey } },
  );
  await gateway.createAccount('acme', 5);
  userKey = (await gateway.createKey('acme')).key;
}, 60_000);
afterAll(async () => {
  await gateway?.close();
  await upstream.stop();
});

describe('an LLM as the observatory’s classifier', () => {
  it('classifies the sampled request through the gateway, billed to the classifier’s account, and does not classify its own requests', async () => {
    const response = await gateway.call('/api/v1/chat/completions', {
      key: userKey,
      json: { model, messages: [{ role: 'user', content: 'Can my landlord keep my whole security deposit for ordinary wear and tear?' }] },
    });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    expect(await gateway.storedRecords()).toBe(2);
    const rows = (await (
      await gateway.storeClient().query({ query: 'SELECT id, account_id, category, category_confidence, prompt_language FROM generations ORDER BY created_at', format: 'JSONEachRow' })
    ).json()) as { id: string; account_id: string; category: string | null; category_confidence: number | null; prompt_language: string | null }[];
    const user = rows.find((row) => row.id === id)!;
    expect(user).toMatchObject({ account_id: 'acme', category: '/Law & Government/Legal/Real Estate Law', prompt_language: 'en' });
    expect(user.category_confidence).toBeCloseTo(0.93, 5);
    const classifier = rows.find((row) => row.id !== id)!;
    expect(classifier.account_id).toBe('classifier');
    expect(classifier.category).toBeNull();
    expect(gateway.accountUsageNano('classifier')).toBeGreaterThan(0);
    const asked = upstream.requests.map((request) => request.body as { response_format?: { type: string }; messages: { role: string; content: string }[] });
    expect(asked).toHaveLength(2);
    const classification = asked.find((body) => body.response_format?.type === 'json_schema')!;
    expect(classification.messages[0]!.role).toBe('system');
    expect(classification.messages[1]!.content).toContain('security deposit');
  });
});
