import { OpenRouter } from '@openrouter/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationRecord } from '../../src/spec/generation-record.js';
import { sampleGenerationRecord } from '../helpers/sample-generation-record.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * GET /activity in OpenRouter's shape, through its SDK: the last 30 completed UTC days of the
 * account's generations per day × model × endpoint × provider, BYOK apart, with its filters.
 */
let gateway: TestGateway;
let admin: OpenRouter;
let first: { key: string; hash: string };
let second: { key: string; hash: string };
const dayMs = 86_400_000;
const today = Math.floor(Date.now() / dayMs);
const at = (daysAgo: number) => new Date((today - daysAgo) * dayMs + 3_600_000).toISOString();
const dateOf = (daysAgo: number) => new Date((today - daysAgo) * dayMs).toISOString().slice(0, 10);

beforeAll(async () => {
  gateway = await startTestGateway({ auth: { anonymous: false } });
  await gateway.createAccount('acme', 10);
  await gateway.createAccount('other', 10);
  admin = new OpenRouter({ apiKey: (await gateway.createKey('acme', { management: true })).key, serverURL: `${gateway.url}/api/v1` });
  first = await gateway.createKey('acme');
  second = await gateway.createKey('acme');
  const record = (overrides: Partial<GenerationRecord>) =>
    sampleGenerationRecord({
      account_id: 'acme',
      key_hash: first.hash,
      model: 'openai/gpt-4o-mini',
      model_permaslug: 'openai/gpt-4o-mini',
      endpoint_id: 'openai:gpt-4o-mini',
      provider_name: 'OpenAI',
      tokens_prompt: 100,
      tokens_completion: 20,
      native_tokens_reasoning: 0,
      total_cost_nano: 1_000,
      total_cost: 1e-6,
      is_byok: false,
      workspace_id: 'default',
      ...overrides,
    });
  await gateway.generationStore.insert([
    record({ created_at: at(1) }),
    record({ created_at: at(1), tokens_prompt: 50, native_tokens_reasoning: 7 }),
    record({ created_at: at(1), key_hash: second.hash, is_byok: true, total_cost_nano: 5_000, total_cost: 5e-6, workspace_id: 'team' }),
    record({
      created_at: at(2),
      model: 'anthropic/claude-sonnet-4.5',
      model_permaslug: 'anthropic/claude-4.5-sonnet',
      endpoint_id: 'anthropic:claude',
      provider_name: 'Anthropic',
      total_cost_nano: 30_000,
      total_cost: 3e-5,
    }),
    // Outside: today (not a completed day), 40 days ago, another account.
    record({ created_at: at(0) }),
    record({ created_at: at(40) }),
    record({ created_at: at(1), account_id: 'other' }),
    // Sessions of an app, in another account (the dataset is the platform's, by app and model, never by account).
    ...[
      ['s1', 1_000],
      ['s1', 1_000],
      ['s1', 1_000],
      ['s2', 1_000],
      ['s3', 1_000],
      ['s3', 5_000],
    ].map(([session, cost]) =>
      record({ created_at: at(3), account_id: 'other', session_id: session as string, app_name: 'Cline Agent', total_cost_nano: cost as number, total_cost: (cost as number) / 1e9 }),
    ),
    record({ created_at: at(3), account_id: 'other', session_id: 'recent', app_name: 'Cline Agent' }),
    // Classified prompts (the observatory's sample), for the task classifications.
    record({
      created_at: at(2),
      account_id: 'other',
      category: '/Computers & Electronics/Programming/Scripting Languages',
      tokens_prompt: 600,
      tokens_completion: 0,
      total_cost_nano: 6_000,
      tools_given: 0,
    }),
    record({
      created_at: at(2),
      account_id: 'other',
      category: '/Computers & Electronics/Programming',
      tokens_prompt: 200,
      tokens_completion: 0,
      total_cost_nano: 2_000,
      tools_given: 2,
      model: 'anthropic/claude-sonnet-4.5',
    }),
    record({
      created_at: at(2),
      account_id: 'other',
      category: '/Reference/Language Resources/Foreign Language Resources',
      tokens_prompt: 200,
      tokens_completion: 0,
      total_cost_nano: 2_000,
      tools_given: 0,
    }),
  ]);
});
afterAll(async () => {
  await gateway?.close();
});

describe('GET /activity', () => {
  it("sums the account's completed days per day, model, endpoint and provider, BYOK apart, through the SDK", async () => {
    const { data } = await admin.analytics.getUserActivity();
    expect(data).toHaveLength(2);
    const yesterday = data.find((row) => row.date === dateOf(1))!;
    expect(yesterday).toMatchObject({
      model: 'openai/gpt-4o-mini',
      endpointId: 'openai:gpt-4o-mini',
      providerName: 'OpenAI',
      requests: 3,
      promptTokens: 250,
      completionTokens: 60,
      reasoningTokens: 7,
      usage: 0.000002,
      byokUsageInference: 0.000005,
    });
    expect(data.find((row) => row.date === dateOf(2))).toMatchObject({ model: 'anthropic/claude-sonnet-4.5', requests: 1, usage: 0.00003 });
  });

  it('filters by day, key, workspace, and groups by workspace; refuses what it cannot answer by name', async () => {
    expect((await admin.analytics.getUserActivity({ date: dateOf(2) })).data.map((row) => row.date)).toEqual([dateOf(2)]);
    const bySecond = await admin.analytics.getUserActivity({ apiKeyHash: second.hash });
    expect(bySecond.data).toMatchObject([{ requests: 1, usage: 0, byokUsageInference: 0.000005 }]);
    expect((await admin.analytics.getUserActivity({ workspaceId: 'default' })).data.reduce((sum, row) => sum + row.requests, 0)).toBe(3);
    const grouped = await admin.analytics.getUserActivity({ groupBy: 'workspace' });
    expect(grouped.data.map((row) => `${row.date} ${row.workspaceId} ${row.requests}`).sort()).toEqual([`${dateOf(1)} default 2`, `${dateOf(1)} team 1`, `${dateOf(2)} default 1`].sort());
    const management = (await gateway.createKey('acme', { management: true })).key;
    for (const [query, param] of [
      ['?date=yesterday', 'date'],
      [`?date=${dateOf(0)}`, 'date'],
      [`?date=${dateOf(45)}`, 'date'],
      [`?api_key_hash=${'0'.repeat(64)}`, 'api_key_hash'],
      ['?group_by=model', 'group_by'],
    ]) {
      const response = await gateway.call(`/api/v1/activity${query}`, { key: management });
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(param);
    }
    // An API key is not a management key.
    expect((await gateway.call('/api/v1/activity', { key: first.key })).status).toBe(403);
  });
});

describe("OpenRouter's analytics API over the account's own log", () => {
  it('lists what can be asked, and answers a query with the semantic layer, only within the account', async () => {
    const meta = await admin.analytics.getAnalyticsMeta();
    expect(meta.data.metrics.map((metric) => metric.name)).toContain('spend');
    expect(meta.data.dimensions.map((dimension) => dimension.name)).toContain('model');
    expect(meta.data.granularities.map((granularity) => granularity.name)).toEqual(['day', 'week', 'month']);
    // The SDK validates the answer's shape.
    const sdkAnswer = await admin.analytics.queryAnalytics({ requestBody: { metrics: ['requests'], dimensions: ['model'], timeRange: { start: new Date(at(10)), end: new Date() } } });
    expect(sdkAnswer.data.metadata.rowCount).toBe(2);
    const management = (await gateway.createKey('acme', { management: true })).key;
    const query = async (body: unknown) => {
      const response = await gateway.call('/api/v1/analytics/query', { key: management, json: body });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const byModel = await query({
      metrics: ['requests', 'spend', 'prompt_tokens'],
      dimensions: ['model'],
      order_by: { field: 'requests', direction: 'desc' },
      time_range: { start: at(10), end: new Date().toISOString() },
    });
    expect(byModel.status).toBe(200);
    // Today's record counts too (the time range says so); the other account's never.
    expect(byModel.body.data.data).toEqual([
      { model: 'openai/gpt-4o-mini', requests: 4, spend: 0.000008, prompt_tokens: 350 },
      { model: 'anthropic/claude-sonnet-4.5', requests: 1, spend: 0.00003, prompt_tokens: 100 },
    ]);
    const daily = await query({ metrics: ['requests'], granularity: 'day', filters: [{ field: 'model', operator: 'eq', value: 'openai/gpt-4o-mini' }], time_range: { start: at(10), end: at(0) } });
    expect(daily.body.data.data).toEqual([{ day: dateOf(1), requests: 3 }]);
    expect((await query({ metrics: ['requests'], dimensions: ['model'], limit: 1 })).body.data.metadata).toMatchObject({ row_count: 1, truncated: true });
    for (const [body, param] of [
      [{ metrics: [] }, 'metrics'],
      [{ metrics: ['secrets'] }, 'metrics[0]'],
      [{ metrics: ['requests'], dimensions: ['account'] }, 'dimensions[0]'],
      [{ metrics: ['requests'], filters: [{ field: 'model', operator: 'like', value: 'x' }] }, 'operator'],
      [{ metrics: ['requests'], time_range: { start: 'then', end: 'now' } }, 'time_range'],
    ] as const) {
      const refused = await query(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(param);
    }
  });
});

describe('GET /datasets/session-cost', () => {
  it("gives the median session cost per app, model and session length, in the SDK's shape, with its filters", async () => {
    const answer = (await admin.datasets.getSessionCost({})).result;
    expect(answer.meta).toMatchObject({ version: 'v1', windowDays: 30 });
    const cline = answer.data.filter((row) => row.appSlug === 'cline-agent');
    expect(cline.map((row) => [row.turnRange, row.medianSessionCostUsd]).sort()).toEqual(
      [
        ['1-turn', 0.000001],
        ['2-9-turns', 0.0000045],
      ].sort(),
    );
    expect((await admin.datasets.getSessionCost({ turnRange: '1-turn', appSlug: 'cline-agent' })).result.data).toHaveLength(1);
    expect((await admin.datasets.getSessionCost({ model: 'nobody/nothing' })).result.data).toEqual([]);
    const refused = await gateway.call('/api/v1/datasets/session-cost?turn_range=forever', { key: first.key });
    expect(refused.status).toBe(400);
  });
});

describe('GET /classifications/task', () => {
  it("gives each category's and macro category's share of the classified tokens and spend, and its models', in the SDK's shape", async () => {
    const { data } = await admin.classifications.getTaskClassifications({});
    expect(data.windowDays).toBe(7);
    const programming = data.classifications.find((item) => item.tag === 'programming')!;
    expect(programming).toMatchObject({ macroCategory: 'code', tokenShare: 0.8, usageShare: 0.8, categoryTokenShare: 1 });
    expect(programming.models.map((model) => [model.id, model.tagTokenShare])).toEqual([
      ['openai/gpt-4o-mini', 0.75],
      ['anthropic/claude-sonnet-4.5', 0.25],
    ]);
    expect(data.classifications.find((item) => item.tag === 'translation')).toMatchObject({ macroCategory: 'general', tokenShare: 0.2 });
    const macro = Object.fromEntries(data.macroCategories.map((entry) => [entry.key, entry.tokenShare]));
    // The request given tools is agent work whatever its topic.
    expect(macro).toEqual({ code: 0.6, data: 0, agent: 0.2, general: 0.2 });
  });

  it("counts a member's keys, deleted ones included, by user_id, and a deleted key by its hash", async () => {
    const management = (await gateway.createKey('acme', { management: true })).key;
    await gateway.services.controlPlane.organization.addMember({ id: 'user_ada', accountId: 'acme', email: 'ada@example.com', firstName: 'Ada', lastName: null, role: 'member' });
    const made = await gateway.call('/api/v1/keys', { key: management, json: { name: 'ada', creator_user_id: 'user_ada' } });
    expect(made.status).toBe(201);
    const adaHash = ((await made.json()) as { data: { hash: string } }).data.hash;
    await gateway.generationStore.insert([sampleGenerationRecord({ account_id: 'acme', key_hash: adaHash, created_at: at(2), total_cost_nano: 7_000, total_cost: 7e-6, workspace_id: 'default' })]);
    expect((await gateway.call(`/api/v1/keys/${adaHash}`, { key: management, method: 'DELETE' })).status).toBe(200);
    const byAda = await admin.analytics.getUserActivity({ userId: 'user_ada' });
    expect(byAda.data).toMatchObject([{ date: dateOf(2), requests: 1, usage: 0.000007 }]);
    expect((await admin.analytics.getUserActivity({ apiKeyHash: adaHash })).data).toMatchObject([{ requests: 1 }]);
    const unknownMember = await gateway.call('/api/v1/activity?user_id=user_nobody', { key: management });
    expect(unknownMember.status).toBe(400);
  });
});
