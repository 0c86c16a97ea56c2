import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { generateStudyWorkload } from '../../src/simulation/workload/generate-study-workload.js';
import { GatewayWorkloadSender, requestForRecord } from '../../src/simulation/workload/send-workload-through-gateway.js';
import type { ToolDefinition } from '../../src/spec/chat-message.js';
import type { GenerationRecord } from '../../src/spec/generation-record.js';
import { countPromptTokens } from '../../src/tokenization/count-tokens.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/**
 * The generated workload sent as real requests through the gateway to the simulator (trusted
 * simulation headers carry time, country, category and language), then read back through the
 * observatory's HTTP endpoints and OpenRouter's rankings datasets, checked against the records
 * that were sent.
 */
let gateway: TestGateway;
let apiKey: string;
let managementKey: string;
const sent: GenerationRecord[] = [];

beforeAll(async () => {
  gateway = await startTestGateway({ simulation: { trust_headers: true }, auth: { local_account_credits: 1_000_000 } });
  await gateway.createAccount('acme', 10);
  apiKey = (await gateway.createKey('acme')).key;
  managementKey = (await gateway.createKey('acme', { management: true })).key;
  const sender = new GatewayWorkloadSender({ gateway: gateway.url, concurrency: 12 });
  await generateStudyWorkload({ records: 2_500, seed: 5, classificationRate: 0.3, batchSize: 500 }, ModelCatalog.load(), async (records) => {
    sent.push(...(await sender.sendBatch(records)));
  });
  const summary = sender.result();
  expect(summary.failed.slice(0, 3)).toEqual([]);
  expect(Object.keys(summary.skipped)).toContain('anthropic/claude-3.5-sonnet');
  expect(sent.length).toBeGreaterThan(1_800);
  expect(await gateway.storedRecords()).toBe(sent.length);
}, 240_000);
afterAll(async () => {
  await gateway?.close();
});

async function get(path: string, key?: string) {
  const response = await gateway.call(path, key ? { key } : {});
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A record's prompt as sent: exact, except where it is shorter than its tools' own definitions (then one token past them). */
function sentPromptTokens(record: GenerationRecord): number {
  const framing = countPromptTokens([{ role: 'user', content: '' }], (requestForRecord({ ...record }).body.tools as ToolDefinition[] | undefined) ?? undefined);
  return record.tokens_prompt > framing ? record.tokens_prompt : framing + 1;
}

function sumBy<T>(items: T[], key: (item: T) => string, value: (item: T) => number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(key(item), (totals.get(key(item)) ?? 0) + value(item));
  return totals;
}

describe('a generated workload through the gateway', () => {
  it('leaves the records it was generated as: same models, times, tokens, countries, categories, languages, users', async () => {
    const index = await get('/api/v1/study/analyses', managementKey);
    expect(index.status).toBe(200);
    expect(index.body.data.analyses).toHaveLength(17);
    expect(index.body.data.extent.requests).toBe(sent.length);
    const times = sent.map((record) => record.created_at).sort();
    expect(index.body.data.extent.from.slice(0, 10)).toBe(times[0]!.slice(0, 10));

    const period = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
    const logged = await gateway.services.analytics.query({
      dimensions: ['model', 'month', 'country', 'category_path', 'language'],
      measures: ['requests', 'prompt_tokens', 'completion_tokens'],
      period,
    });
    const key = (model: string, month: string, country: string | null, category: string | null, language: string | null) =>
      [model, month, country ?? 'Unknown', category ?? '-', language ?? 'unknown'].join('|');
    const expected = sumBy(
      sent,
      (record) => key(record.model, `${record.created_at.slice(0, 7)}-01`, record.billing_country, record.category, record.prompt_language),
      () => 1,
    );
    const found = new Map(logged.map((row) => [key(row.model!, row.month!.slice(0, 10), row.country, row.category_path, row.language), row.requests]));
    expect(found).toEqual(expected);
    const totals = logged.reduce((sum, row) => ({ prompt: sum.prompt + row.prompt_tokens, completion: sum.completion + row.completion_tokens }), { prompt: 0, completion: 0 });
    expect(totals.prompt).toBe(sent.reduce((sum, record) => sum + sentPromptTokens(record), 0));
    expect(totals.completion).toBe(sent.reduce((sum, record) => sum + record.tokens_completion, 0));
    const [users] = await gateway.services.analytics.query({ dimensions: [], measures: ['users'], period });
    expect(users!.users).toBe(new Set(sent.map((record) => record.account_id)).size);
  });

  it('serves each analysis over HTTP, with its definition, for management keys only', async () => {
    const languages = await get('/api/v1/study/analyses/A13?from=2024-07-01&to=2025-12-01', managementKey);
    expect(languages.status).toBe(200);
    expect(languages.body.data).toMatchObject({ id: 'A13', definition: expect.any(String) });
    const english = languages.body.data.headlines.find((headline: { key: string }) => headline.key === 'language_en');
    const tokens = (record: GenerationRecord) => sentPromptTokens(record) + record.tokens_completion;
    const byLanguage = sumBy(sent, (record) => record.prompt_language ?? 'unknown', tokens);
    const all = [...byLanguage.values()].reduce((sum, value) => sum + value, 0);
    expect(english?.value).toBeCloseTo(byLanguage.get('en')! / all, 2);

    expect((await get('/api/v1/study/analyses/A1', apiKey)).status).toBe(403);
    // Every account's traffic: not even local development reads it without a management key.
    expect((await get('/api/v1/study/analyses/A1')).status).toBe(401);
    expect((await get('/api/v1/study/analyses/A99', managementKey)).status).toBe(404);
    const bad = await get('/api/v1/study/analyses/A1?from=2025-13-01', managementKey);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^from: /);
    const retention = await get('/api/v1/study/analyses/A14?models=anthropic/claude-sonnet-4', managementKey);
    expect(retention.body.data.tables[0].rows.every((row: unknown[]) => row[0] === 'anthropic/claude-sonnet-4')).toBe(true);
  });

  it("serves OpenRouter's rankings datasets from the log", async () => {
    const daily = await get('/api/v1/datasets/rankings-daily?start_date=2025-10-01&end_date=2025-10-07', apiKey);
    expect(daily.status).toBe(200);
    expect(daily.body.meta).toMatchObject({ start_date: '2025-10-01', end_date: '2025-10-07', version: 'v1' });
    const inWindow = sent.filter((record) => record.created_at >= '2025-10-01' && record.created_at < '2025-10-08');
    const expectedDaily = sumBy(
      inWindow,
      (record) => `${record.created_at.slice(0, 10)}|${record.model_permaslug}`,
      (record) => sentPromptTokens(record) + record.tokens_completion,
    );
    const served = new Map(daily.body.data.map((item: { date: string; model_permaslug: string; total_tokens: string }) => [`${item.date}|${item.model_permaslug}`, Number(item.total_tokens)]));
    expect(served).toEqual(expectedDaily);
    expect(typeof daily.body.data[0].total_tokens).toBe('string');

    const weekly = await get('/api/v1/datasets/rankings-daily?start_date=2025-09-01&end_date=2025-09-30&period=month');
    expect(new Set(weekly.body.data.map((item: { date: string }) => item.date))).toEqual(new Set(['2025-09-01']));

    const apps = await get('/api/v1/datasets/app-rankings?start_date=2025-06-01&end_date=2025-11-30&limit=5', apiKey);
    expect(apps.status).toBe(200);
    const attributed = sent.filter((record) => record.app_id !== null && record.created_at >= '2025-06-01' && record.created_at < '2025-12-01');
    const appTokens = [
      ...sumBy(
        attributed,
        (record) => record.app_name!,
        (record) => sentPromptTokens(record) + record.tokens_completion,
      ).entries(),
    ].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    expect(apps.body.data.map((app: { app_name: string }) => app.app_name)).toEqual(appTokens.slice(0, 5).map(([name]) => name));
    expect(apps.body.data[0]).toMatchObject({ rank: 1, total_tokens: String(appTokens[0]![1]) });

    expect((await get('/api/v1/datasets/app-rankings?limit=101')).status).toBe(400);
    expect((await get('/api/v1/datasets/app-rankings?sort=newest')).body.error.message).toMatch(/sort: expected one of popular, trending/);
    expect((await get('/api/v1/datasets/rankings-daily?start_date=2025-01-10&end_date=2025-01-01')).status).toBe(400);
  });

  it('refuses malformed simulation headers', async () => {
    const response = await gateway.call('/api/v1/chat/completions', {
      json: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
      headers: { 'x-switchboard-simulated-time': 'yesterday' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/x-switchboard-simulated-time/);
  });
});
