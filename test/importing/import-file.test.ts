import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeApp } from '../../src/accounts/attribute-app.js';
import { AnalyticsStore } from '../../src/analytics/analytics-store.js';
import { appRankings } from '../../src/analytics/rankings.js';
import { ModelCatalog } from '../../src/catalog/model-catalog.js';
import { csvRows } from '../../src/importing/csv-rows.js';
import { detectFormat, importFile, type ImportFormat } from '../../src/importing/import-file.js';
import { ClickHouseGenerationStore } from '../../src/storage/generation-log/clickhouse-generation-store.js';

const fixtures = new URL('../fixtures/import/', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
const store = ClickHouseGenerationStore.open({ kind: 'chdb', path: join(directory, 'store') });
const client = store.client;
const analytics = new AnalyticsStore(client);
const catalog = ModelCatalog.load();
const always = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };

beforeAll(async () => {
  await store.migrate();
});
afterAll(async () => {
  await client.close();
});

function run(file: string, format: ImportFormat, extra: { accountId?: string; billingCountry?: string | null } = {}) {
  return importFile({ path: join(fixtures, file), format, store, catalog, accountId: extra.accountId ?? 'imported', billingCountry: extra.billingCountry ?? null, parquetReader: async () => client });
}

async function accountTotals(account: string) {
  const [row] = await analytics.query({
    dimensions: [],
    measures: ['requests', 'prompt_tokens', 'completion_tokens', 'spend'],
    filters: [{ dimension: 'account', operator: '=', value: account }],
    period: always,
  });
  return row!;
}

describe('CSV reading', () => {
  it('reads quoted fields with commas, doubled quotes, line breaks and CRLF', async () => {
    const path = join(directory, 'tricky.csv');
    writeFileSync(path, '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n');
    const rows = [];
    for await (const row of csvRows(path)) rows.push(row);
    expect(rows).toEqual([
      { a: '1', b: 'x, y', c: 'say "hi"' },
      { a: '2', b: 'two\nlines', c: '' },
    ]);
  });
});

describe('import', () => {
  it('tells formats from file names and headers', async () => {
    expect(await detectFormat(join(fixtures, 'openrouter-activity.csv'))).toBe('openrouter-activity');
    expect(await detectFormat(join(fixtures, 'generic.csv'))).toBe('csv');
    expect(await detectFormat(join(fixtures, 'generic.ndjson'))).toBe('ndjson');
    expect(await detectFormat(join(fixtures, 'openrouter-generations.json'))).toBe('openrouter-generations');
  });

  it('imports an OpenRouter activity export: catalog facts, BYOK, variants, unknown models; bad rows reported', async () => {
    const summary = await run('openrouter-activity.csv', 'openrouter-activity', { accountId: 'acme', billingCountry: 'US' });
    expect(summary).toMatchObject({ rows: 6, imported: 5, rejected: 1, unknownModels: ['someone/model-not-in-any-catalog'] });
    expect(summary.problems[0]).toMatch(/row 6: created_at "not a time"/);

    const mini = (await store.get('gen-1749126896-Qm3kX8pL2vN7rT4yZ1aB'))!;
    expect(mini).toMatchObject({
      created_at: '2025-06-05T12:34:56.789Z',
      model: 'openai/gpt-4.1-mini',
      model_permaslug: 'openai/gpt-4.1-mini-2025-04-14',
      author: 'openai',
      open_weights: false,
      account_id: 'acme',
      billing_country: 'US',
      billing_continent: 'North America',
      key_name: 'coding, laptop',
      app_name: 'Cline',
      // The id a live request from the same app (X-Title: Cline) gets.
      app_id: attributeApp({ title: 'Cline' })!.appId,
      // cost_cache: 8,192 cached tokens at $0.10 instead of $0.40 per million.
      cache_discount: 0.0024576,
      external_user: 'alice',
      tokens_prompt: 12450,
      tokens_completion: 310,
      native_tokens_cached: 8192,
      total_cost: 0.00241875,
      streamed: true,
      finish_reason: 'stop',
      time_to_first_token: 412,
      generation_time: 2811,
      latency: 3223,
    });
    const r1 = (await store.get('gen-1749127001-Hk2jD9sF0aQ3wE8rT6yU'))!;
    expect(r1).toMatchObject({ model: 'deepseek/deepseek-r1-0528', open_weights: true, origin: 'china', reasoning_model: true, native_tokens_reasoning: 4012 });
    const byok = (await store.get('gen-1749127100-Zx9cV8bN7mA6sD5fG4hJ'))!;
    expect(byok).toMatchObject({
      model: 'anthropic/claude-sonnet-4',
      reasoning_model: true,
      is_byok: true,
      upstream_inference_cost: 0.0312,
      total_cost: 0,
      finish_reason: 'tool_calls',
      native_finish_reason: 'tool_use',
    });
    const nitro = (await store.get('gen-1749127211-Lp0oK9iJ8uH7yG6tF5rD'))!;
    expect(nitro).toMatchObject({ requested_model: 'meta-llama/llama-3.3-70b-instruct:nitro', size_bucket: 'large', finish_reason: 'length' });
    const unknown = (await store.get('gen-1749127300-Mn1bV2cX3zA4sD5fG6hJ'))!;
    expect(unknown).toMatchObject({ model: 'someone/model-not-in-any-catalog', author: 'someone', open_weights: null, origin: null, size_bucket: null, cancelled: true });
    // Its openness is unknown, and the analyses say so: neither open nor closed.
    const groups = await analytics.query({ dimensions: ['model', 'source_group'], measures: ['requests'], filters: [{ dimension: 'account', operator: '=', value: 'acme' }], period: always });
    expect(groups.find((row) => row.model === 'someone/model-not-in-any-catalog')).toMatchObject({ source_group: 'unknown' });
    // The app ranks (A17's app rankings read the app id).
    const apps = await appRankings(analytics, { startDate: '2025-06-01', endDate: '2025-06-30', sort: 'popular', limit: 10 });
    expect(apps.data.map((app) => app.app_name)).toContain('Cline');

    // The same file again stores nothing new.
    const again = await run('openrouter-activity.csv', 'openrouter-activity', { accountId: 'acme', billingCountry: 'US' });
    expect(again.imported).toBe(5);
    expect(await accountTotals('acme')).toMatchObject({ requests: 5, prompt_tokens: 12450 + 3120 + 20011 + 850 + 1200, completion_tokens: 310 + 4811 + 902 + 120 + 300 });
  });

  it('imports saved GET /api/v1/generation responses', async () => {
    const summary = await run('openrouter-generations.json', 'openrouter-generations', { accountId: 'generations' });
    expect(summary).toMatchObject({ rows: 2, imported: 2, rejected: 0 });
    const scout = (await store.get('gen-1771967930-1gsys6ZhRaY0TPbuRsDR'))!;
    expect(scout).toMatchObject({
      model: 'meta-llama/llama-4-scout',
      app_id: 2872617,
      http_referer: 'https://example.app/',
      cancelled: true,
      native_tokens_prompt: 64,
      native_tokens_completion: 98,
      // The native counts, which the cost was billed on (OpenRouter's normalised ones are 65 and 116).
      tokens_prompt: 64,
      tokens_completion: 98,
      upstream_id: 'chatcmpl-791bcf62-080e-4568-87d0-94c72e3b4946',
    });
    const sonnet = (await store.get('gen-1771968011-9fTq2LmN8bVc4XzA1sDe'))!;
    expect(sonnet).toMatchObject({
      model: 'anthropic/claude-sonnet-4.5',
      cache_discount: 0.0081,
      native_tokens_cached: 3000,
      native_tokens_reasoning: 240,
      external_user: 'user-42',
      http_referer: null,
    });
  });

  it('imports the generic format from NDJSON and CSV, pricing rows without a cost at the catalog price', async () => {
    const ndjson = await run('generic.ndjson', 'ndjson');
    expect(ndjson).toMatchObject({ rows: 4, imported: 3, rejected: 1 });
    expect(ndjson.problems[0]).toMatch(/row 4: model is missing/);
    const [coder] = await analytics.query({
      dimensions: ['model', 'continent', 'category', 'language'],
      measures: ['requests', 'spend', 'tool_call_tokens'],
      filters: [{ dimension: 'model', operator: '=', value: 'qwen/qwen3-coder' }],
      period: always,
    });
    expect(coder).toMatchObject({ model: 'qwen/qwen3-coder', continent: 'Europe', category: 'programming', language: 'en', requests: 1, tool_call_tokens: 53400 });
    expect(coder!.spend).toBeGreaterThan(0);
    expect((await accountTotals('team-a')).prompt_tokens).toBe(52000 + 12000);
    expect((await accountTotals('team-b')).spend).toBeCloseTo(0.0061, 10);

    const csv = await run('generic.csv', 'csv');
    expect(csv).toMatchObject({ rows: 2, imported: 2, rejected: 0 });
    expect(await accountTotals('team-c')).toMatchObject({ requests: 2, prompt_tokens: 3000, completion_tokens: 300 });
  });

  it('imports the generic format from Parquet', async () => {
    const path = join(directory, 'team-c.parquet');
    await client.command({
      query: `INSERT INTO FUNCTION file({path:String}, Parquet) SELECT * EXCEPT (schema_version) REPLACE ('team-parquet' AS account_id, concat(id, '-parquet') AS id) FROM (SELECT * FROM generations WHERE account_id = 'team-c')`,
      query_params: { path },
    });
    const summary = await importFile({ path, format: 'parquet', store, catalog, accountId: 'imported', billingCountry: null, parquetReader: async () => client });
    expect(summary).toMatchObject({ rows: 2, imported: 2, rejected: 0 });
    expect(await accountTotals('team-parquet')).toEqual(await accountTotals('team-c'));
  });
});
