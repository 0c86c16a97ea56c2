import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleGenerationRecord } from '../../../test/helpers/sample-generation-record.js';
import { ClickHouseGenerationStore } from '../../storage/generation-log/clickhouse-generation-store.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import { AnalyticsStore } from '../analytics-store.js';
import { appRankings, rankingsDaily } from '../rankings.js';
import type { AnalysisDefinition, AnalysisResult, Headline } from './analysis-result.js';
import { findAnalysis } from './analysis-registry.js';

// Hand-made logs: every test writes its records in a year of its own, so periods keep them apart.
let client: ClickHouseClient;
let generations: ClickHouseGenerationStore;
let store: AnalyticsStore;
let sequence = 0;

beforeAll(async () => {
  generations = ClickHouseGenerationStore.open({ kind: 'chdb', path: mkdtempSync(join(tmpdir(), 'switchboard-analyses-')) });
  client = generations.client;
  await generations.migrate();
  store = new AnalyticsStore(client);
});
afterAll(async () => {
  await client.close();
});

const closed = { open_weights: false, origin: 'row', size_bucket: null } as const;
const ossRow = { open_weights: true, origin: 'row' } as const;
const ossChina = { open_weights: true, origin: 'china' } as const;

/** A record at `at` with `prompt` + `completion` tokens (completion 0 unless given). */
function record(at: string, prompt: number, fields: Partial<GenerationRecord> = {}): GenerationRecord {
  sequence += 1;
  return sampleGenerationRecord({
    id: `gen-${Math.floor(Date.parse(at) / 1000)}-${String(sequence).padStart(20, '0')}`,
    created_at: new Date(at).toISOString(),
    tokens_prompt: prompt,
    tokens_completion: 0,
    native_tokens_reasoning: 0,
    total_cost: 0,
    total_cost_nano: 0,
    category: null,
    prompt_language: 'en',
    app_id: null,
    app_name: null,
    finish_reason: 'stop',
    tools_given: 0,
    reasoning_model: false,
    ...fields,
    // The cost as the gateway records it, in nano-dollars too.
    ...(fields.total_cost !== undefined && fields.total_cost_nano === undefined ? { total_cost_nano: Math.round(fields.total_cost * 1e9) } : {}),
  });
}

async function insert(records: GenerationRecord[]): Promise<void> {
  await generations.insert(records, `test-${sequence}`);
}

async function run(id: string, from: string, to: string, models?: string[]): Promise<AnalysisResult> {
  const analysis = findAnalysis(id) as AnalysisDefinition;
  return analysis.run({ store, period: { from: new Date(from), to: new Date(to) }, options: models ? { models } : {} });
}

function headline(result: AnalysisResult, key: string): Headline['value'] {
  const found = result.headlines.find((item) => item.key === key);
  if (!found) throw new Error(`no headline ${key} in ${result.id}: ${result.headlines.map((item) => item.key).join(', ')}`);
  return found.value;
}

function table(result: AnalysisResult, name: string) {
  const found = result.tables.find((item) => item.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found.rows.map((row) => Object.fromEntries(found.columns.map((column, index) => [column, row[index]])));
}

describe('the study analyses on hand-made logs', () => {
  it('A1: weekly shares by source group, their averages, and the open share of the last weeks', async () => {
    // Week of 2030-01-07: closed 600, oss-row 300, oss-china 100. Week of 2030-01-14: closed 100, oss-china 100.
    await insert([
      record('2030-01-07T10:00:00Z', 600, { ...closed, author: 'openai', model: 'openai/gpt-4o' }),
      record('2030-01-08T10:00:00Z', 300, { ...ossRow, author: 'meta-llama', model: 'meta-llama/llama-3.3-70b-instruct' }),
      record('2030-01-09T10:00:00Z', 100, { ...ossChina, author: 'deepseek', model: 'deepseek/deepseek-r1' }),
      record('2030-01-14T10:00:00Z', 100, { ...closed, author: 'openai', model: 'openai/gpt-4o' }),
      record('2030-01-15T10:00:00Z', 100, { ...ossChina, author: 'deepseek', model: 'deepseek/deepseek-r1' }),
    ]);
    const result = await run('A1', '2030-01-07', '2030-01-21');
    // Weekly shares: closed 0.6 and 0.5, oss-row 0.3 and 0, oss-china 0.1 and 0.5.
    expect(headline(result, 'closed_average_share')).toBeCloseTo(0.55, 12);
    expect(headline(result, 'oss_row_average_share')).toBeCloseTo(0.15, 12);
    expect(headline(result, 'oss_china_average_share')).toBeCloseTo(0.3, 12);
    expect(headline(result, 'oss_china_peak_share')).toBeCloseTo(0.5, 12);
    // Pooled over both weeks: (100 + 100) / 1200, and open (300 + 100 + 100) / 1200.
    expect(headline(result, 'oss_china_first_weeks_share')).toBeCloseTo(200 / 1200, 12);
    expect(headline(result, 'open_last_weeks_share')).toBeCloseTo(500 / 1200, 12);
    expect(result.figures[0]).toMatchObject({ kind: 'stacked-area', x: ['2030-01-07', '2030-01-14'] });
  });

  it('A2: open-model authors ranked by tokens, closed models left out', async () => {
    await insert([
      record('2031-01-07T10:00:00Z', 500, { ...ossChina, author: 'deepseek', model: 'deepseek/deepseek-r1' }),
      record('2031-01-07T11:00:00Z', 200, { ...ossChina, author: 'qwen', model: 'qwen/qwen3-235b-a22b' }),
      record('2031-01-08T11:00:00Z', 100, { ...ossChina, author: 'qwen', model: 'qwen/qwen3-235b-a22b', tokens_completion: 0 }),
      record('2031-01-09T10:00:00Z', 200, { ...ossRow, author: 'meta-llama', model: 'meta-llama/llama-3.3-70b-instruct' }),
      record('2031-01-09T11:00:00Z', 5000, { ...closed, author: 'openai', model: 'openai/gpt-4o' }),
    ]);
    const result = await run('A2', '2031-01-01', '2031-02-01');
    expect(table(result, 'open_tokens_by_author').map((row) => [row.author, row.tokens, row.share_of_open_tokens])).toEqual([
      ['deepseek', 500, 0.5],
      ['qwen', 300, 0.3],
      ['meta-llama', 200, 0.2],
    ]);
  });

  it('A3: weekly open shares per model and their concentration', async () => {
    const open = (at: string, model: string, tokens: number) => record(at, tokens, { ...ossRow, author: model.split('/')[0]!, model });
    await insert([
      open('2032-01-05T10:00:00Z', 'a/one', 60),
      open('2032-01-05T11:00:00Z', 'b/two', 30),
      open('2032-01-05T12:00:00Z', 'c/three', 10),
      ...['a/one', 'b/two', 'c/three', 'd/four'].map((model) => open('2032-01-12T10:00:00Z', model, 10)),
    ]);
    const result = await run('A3', '2032-01-05', '2032-01-19');
    const concentration = table(result, 'weekly_open_concentration');
    // Week 1: largest 0.6, HHI 0.36 + 0.09 + 0.01, two models reach 80%. Week 2: four equal shares.
    expect(concentration[0]).toMatchObject({ week: '2032-01-05', top_model_share: 0.6, models_to_80_percent: 2 });
    expect(concentration[0]!.hhi).toBeCloseTo(0.46, 12);
    expect(concentration[1]).toMatchObject({ week: '2032-01-12', top_model_share: 0.25, models_to_80_percent: 4 });
    expect(concentration[1]!.hhi).toBeCloseTo(0.25, 12);
    // Pooled over both weeks (the period does not cover early 2025, so its first 13 weeks): a 70/140, b 40/140.
    expect(headline(result, 'early_top2_share')).toBeCloseTo(110 / 140, 12);
  });

  it('A4: open tokens by size bucket and models with traffic per bucket', async () => {
    const sized = (at: string, model: string, size: string, tokens: number) => record(at, tokens, { ...ossRow, author: 'x', model, size_bucket: size });
    await insert([
      sized('2033-01-03T10:00:00Z', 'x/small-1', 'small', 50),
      sized('2033-01-03T11:00:00Z', 'x/small-2', 'small', 30),
      sized('2033-01-03T12:00:00Z', 'x/medium-1', 'medium', 20),
      sized('2033-01-10T10:00:00Z', 'x/small-1', 'small', 20),
      sized('2033-01-10T11:00:00Z', 'x/medium-1', 'medium', 30),
      sized('2033-01-10T12:00:00Z', 'x/large-1', 'large', 40),
      sized('2033-01-10T13:00:00Z', 'x/large-2', 'large', 10),
    ]);
    const result = await run('A4', '2033-01-03', '2033-01-17');
    const rows = table(result, 'weekly_open_tokens_by_size');
    expect(rows.filter((row) => row.week === '2033-01-03').map((row) => [row.size_bucket, row.tokens, row.share, row.models])).toEqual([
      ['small', 80, 0.8, 2],
      ['medium', 20, 0.2, 1],
      ['large', 0, 0, 0],
    ]);
    expect(rows.filter((row) => row.week === '2033-01-10').map((row) => [row.size_bucket, row.share, row.models])).toEqual([
      ['small', 0.2, 1],
      ['medium', 0.3, 1],
      ['large', 0.5, 2],
    ]);
    expect(headline(result, 'large_models_over_5_percent')).toBe(2);
  });

  it('A5, A9: category shares of the classified sample, source groups within roleplay, and programming authors', async () => {
    const labelled = (at: string, tokens: number, path: string, fields: Partial<GenerationRecord>) => record(at, tokens, { category: path, category_confidence: 0.9, ...fields });
    await insert([
      labelled('2034-01-02T10:00:00Z', 70, '/Games/Roleplaying Games', { ...ossRow, author: 'thedrummer', model: 'thedrummer/rocinante-12b' }),
      labelled('2034-01-02T11:00:00Z', 30, '/Computers & Electronics/Programming/Other', { ...ossChina, author: 'qwen', model: 'qwen/qwen3-coder' }),
      labelled('2034-01-02T12:00:00Z', 100, '/Games/Roleplaying Games', { ...closed, author: 'anthropic', model: 'anthropic/claude-sonnet-4' }),
      labelled('2034-01-02T13:00:00Z', 90, '/Computers & Electronics/Programming/Development Tools', { ...closed, author: 'anthropic', model: 'anthropic/claude-sonnet-4' }),
      record('2034-01-02T14:00:00Z', 10_000, { ...closed, author: 'openai', model: 'openai/gpt-4o' }),
    ]);
    const uses = await run('A5', '2034-01-02', '2034-01-09');
    expect(headline(uses, 'open_roleplay_share')).toBeCloseTo(0.7, 12);
    expect(headline(uses, 'open_programming_share')).toBeCloseTo(0.3, 12);
    expect(headline(uses, 'china_programming_technology_share')).toBeCloseTo(1, 12);
    // Roleplay: closed 100, oss-row 70 of 170.
    expect(headline(uses, 'roleplay_closed_first_weeks')).toBeCloseTo(100 / 170, 12);
    expect(headline(uses, 'roleplay_oss_row_first_weeks')).toBeCloseTo(70 / 170, 12);
    expect(uses.sample).toEqual({ classifiedRequests: 4, totalRequests: 5 });
    const interval = uses.headlines.find((item) => item.key === 'open_roleplay_share')!.interval!;
    expect(interval.low).toBeLessThan(0.7);
    expect(interval.high).toBeGreaterThan(0.7);

    const mix = await run('A9', '2034-01-02', '2034-01-09');
    // Programming: (30 + 90) of 290 classified tokens; Anthropic served 90 of 120 programming tokens.
    expect(headline(mix, 'programming_share_first_weeks')).toBeCloseTo(120 / 290, 12);
    expect(table(mix, 'weekly_programming_author_shares').find((row) => row.author === 'anthropic')!.share).toBeCloseTo(0.75, 12);
  });

  it('A6, A7, A8: reasoning share, tool-call share and request shape', async () => {
    await insert([
      record('2035-01-07T10:00:00Z', 1000, { tokens_completion: 200, native_tokens_reasoning: 150, reasoning_model: true, model: 'deepseek/deepseek-r1', finish_reason: 'tool_calls', tools_given: 2 }),
      record('2035-01-07T11:00:00Z', 500, { tokens_completion: 300, model: 'openai/gpt-4o', tools_given: 1 }),
      record('2035-01-07T12:00:00Z', 300, { tokens_completion: 100, model: 'openai/gpt-4o' }),
    ]);
    const reasoning = await run('A6', '2035-01-07', '2035-01-14');
    // Reasoning model: 1200 of 2400 tokens.
    expect(table(reasoning, 'weekly_reasoning_share')[0]!.share).toBeCloseTo(0.5, 12);
    const tools = await run('A7', '2035-01-07', '2035-01-14');
    expect(table(tools, 'weekly_tool_call_share')[0]).toMatchObject({ tokens: 2400, tool_call_tokens: 1200, tools_given_tokens: 2000, share: 0.5 });
    const shape = await run('A8', '2035-01-07', '2035-01-14');
    expect(table(shape, 'weekly_request_shape')[0]).toMatchObject({ requests: 3, mean_prompt_tokens: 600, mean_completion_tokens: 200, mean_sequence_tokens: 800 });
  });

  it("A10, A11: sub-tag shares within a category, and an author's category profile", async () => {
    const tagged = (tokens: number, path: string, author = 'deepseek') => record('2036-01-07T10:00:00Z', tokens, { category: path, category_confidence: 0.8, author, model: `${author}/m` });
    await insert([
      tagged(58, '/Games/Roleplaying Games'),
      tagged(16, '/Books & Literature/Writers Resources'),
      tagged(15, '/Adult'),
      tagged(11, '/Arts & Entertainment/Other'),
      tagged(40, '/Computers & Electronics/Programming/Other', 'anthropic'),
      tagged(60, '/Computers & Electronics/Software/Intelligent Personal Assistants', 'anthropic'),
    ]);
    const subTags = await run('A10', '2036-01-07', '2036-01-14');
    expect(headline(subTags, 'roleplay_roleplaying_games')).toBeCloseTo(0.58, 12);
    expect(headline(subTags, 'roleplay_writers_resources')).toBeCloseTo(0.16, 12);
    expect(headline(subTags, 'roleplay_adult')).toBeCloseTo(0.15, 12);
    // Sub-tags below 7% are not drawn: /Arts & Entertainment/Other is 11%, so all four roleplay bars are.
    expect(subTags.figures.find((figure) => figure.title === 'Sub-tags of roleplay')).toMatchObject({ bars: expect.arrayContaining([expect.objectContaining({ label: '/Adult' })]) });
    const profiles = await run('A11', '2036-01-07', '2036-01-14');
    expect(headline(profiles, 'anthropic_programming_technology')).toBeCloseTo(1, 12);
    expect(headline(profiles, 'deepseek_roleplay_casual')).toBeCloseTo(1, 12);
  });

  it('A12, A13: spend by billing continent and token share by language', async () => {
    await insert([
      record('2037-01-05T10:00:00Z', 100, { total_cost: 5, billing_country: 'US', billing_continent: 'North America', prompt_language: 'en' }),
      record('2037-01-05T11:00:00Z', 50, { total_cost: 1, billing_country: 'DE', billing_continent: 'Europe', prompt_language: 'en' }),
      record('2037-01-05T12:00:00Z', 30, { total_cost: 1.5, billing_country: 'JP', billing_continent: 'Asia', prompt_language: 'zh-Hans' }),
      record('2037-01-05T13:00:00Z', 20, { total_cost: 0.5, billing_country: 'TH', billing_continent: 'Asia', prompt_language: 'th' }),
      record('2037-01-05T14:00:00Z', 1000, { total_cost: 0, prompt_language: null }),
    ]);
    const spend = await run('A12', '2037-01-05', '2037-01-12');
    // Spend: North America 5, Asia 2, Europe 1 of 8 USD.
    expect(table(spend, 'weekly_spend_by_continent').map((row) => [row.continent, row.share])).toEqual([
      ['North America', 0.625],
      ['Asia', 0.25],
      ['Europe', 0.125],
    ]);
    const language = await run('A13', '2037-01-05', '2037-01-12');
    // Detected languages only: en 150, zh-Hans 30, th 20 of 200.
    expect(headline(language, 'language_en')).toBeCloseTo(0.75, 12);
    expect(headline(language, 'language_zh-Hans')).toBeCloseTo(0.15, 12);
    expect(headline(language, 'language_th')).toBeCloseTo(0.1, 12);
    expect(language.notes[0]).toMatch(/1 requests have no detected language/);
  });

  it('A14: cohorts by first month, retention that rises after a gap, and a foundational cohort', async () => {
    const use = (account: string, month: string) => record(`2038-${month}-10T10:00:00Z`, 10, { account_id: account, model: 'x/retained' });
    const records: GenerationRecord[] = [];
    // January cohort (20 users: the pattern below, in 5 copies a–e): month 1: u1, u2 (50%); month 2: u1 (25%); month 3: u1, u2, u3 (75% —
    // back after a gap); months 4 and 5: u1, u2 (50%).
    const pair = (names: readonly string[]) => names.flatMap((name) => ['a', 'b', 'c', 'd', 'e'].map((copy) => `${name}${copy}`));
    for (const account of pair(['u1', 'u2', 'u3', 'u4'])) records.push(use(account, '01'));
    for (const [month, accounts] of [
      ['02', ['u1', 'u2']],
      ['03', ['u1']],
      ['04', ['u1', 'u2', 'u3']],
      ['05', ['u1', 'u2']],
      ['06', ['u1', 'u2']],
    ] as const) {
      for (const account of pair(accounts)) records.push(use(account, month));
    }
    // February and March cohorts (20 users each) keep four users (20%) in their third month and none later.
    for (const [month, later] of [
      ['02', '05'],
      ['03', '06'],
    ] as const) {
      for (let index = 0; index < 20; index++) records.push(use(`${month}-${index}`, month));
      for (let index = 0; index < 4; index++) records.push(use(`${month}-${index}`, later));
    }
    await insert(records);
    const result = await run('A14', '2038-01-01', '2038-07-01', ['x/retained']);
    const rows = table(result, 'retention_by_cohort');
    const january = rows.find((row) => row.cohort === '2038-01')!;
    expect([january.users, january.month_0, january.month_1, january.month_2, january.month_3, january.month_4, january.month_5, january.month_6]).toEqual([20, 1, 0.5, 0.25, 0.75, 0.5, 0.5, null]);
    expect(rows.find((row) => row.cohort === '2038-02')).toMatchObject({ users: 20, month_1: 0, month_2: 0, month_3: 0.2, month_4: 0 });
    expect(result.notes).toContain('x/retained: the 2038-01 cohort comes back at month 3.');
    // January keeps 50% at month 5, over twice the 20% the later cohorts keep (at month 3, the latest they show).
    expect(january.foundational).toBe(true);
    expect(headline(result, 'foundational_models')).toBe('x/retained (2038-01)');
  });

  it('A15, A16: effective cost per million tokens, quadrants, and the OLS slope of log usage on log cost', async () => {
    // Four models: cost per 1M tokens 1, 10, 100, 1000 USD and 10000, 1000, 1000, 100 tokens.
    // log10 cost 0, 1, 2, 3; log10 tokens 4, 3, 3, 2: slope = Σdx·dy / Σdx² = −3 / 5 = −0.6.
    const priced = (model: string, tokens: number, perMillion: number, path: string) =>
      record('2039-01-03T10:00:00Z', tokens, { model, author: model.split('/')[0]!, total_cost: (tokens * perMillion) / 1e6, category: path, category_confidence: 0.9 });
    await insert([
      priced('m/one', 10_000, 1, '/Computers & Electronics/Programming/Other'),
      priced('m/two', 1_000, 10, '/Games/Roleplaying Games'),
      priced('m/three', 1_000, 100, '/Finance/Investing/Other'),
      priced('m/four', 100, 1_000, '/Law & Government/Legal/Other'),
      record('2039-01-03T11:00:00Z', 100_000, { model: 'm/byok', total_cost: 5, is_byok: true }),
    ]);
    const byModel = await run('A16', '2039-01-01', '2039-02-01');
    expect(headline(byModel, 'model_price_elasticity_slope')).toBeCloseTo(-0.6, 12);
    expect(
      table(byModel, 'model_cost_usage')
        .map((row) => [row.model, row.usd_per_million_tokens])
        .sort((a, b) => Number(a[1]) - Number(b[1])),
    ).toEqual([
      ['m/one', 1],
      ['m/two', 10],
      ['m/three', 100],
      ['m/four', 1000],
    ]);
    const byCategory = await run('A15', '2039-01-01', '2039-02-01');
    // Median cost of the four categories: (10 + 100) / 2 = 55. Usage splits at the geometric mean,
    // 10^((4 + 3 + 3 + 2) / 4) = 1000 tokens: finance sits on it, which counts as high use.
    expect(headline(byCategory, 'category_median_cost')).toBeCloseTo(55, 9);
    expect(headline(byCategory, 'category_top_cost')).toBe('legal');
    expect(headline(byCategory, 'category_quadrant_mass_market')).toBe('programming, roleplay');
    expect(headline(byCategory, 'category_quadrant_premium')).toBe('finance');
    expect(headline(byCategory, 'category_quadrant_specialist')).toBe('legal');
    expect(headline(byCategory, 'category_quadrant_niche')).toBeNull();
    const chart = byCategory.figures[0] as Extract<AnalysisResult['figures'][number], { kind: 'scatter' }>;
    expect(chart.splitX!.value).toBeCloseTo(1000, 6);
    expect(chart.splitY!.value).toBeCloseTo(55, 9);

    // Usage 10^5, 10^4, 10^2, 10^2 tokens: the median would be 5,050; the geometric mean is
    // 10^3.25 ≈ 1,778, which puts the second category (10^4) with the first among the high-use ones.
    const atCost = (tokens: number, perMillion: number, path: string) =>
      record('2039-03-03T10:00:00Z', tokens, { model: 'm/one', author: 'm', total_cost: (tokens * perMillion) / 1e6, category: path, category_confidence: 0.9 });
    await insert([
      atCost(100_000, 1, '/Computers & Electronics/Programming/Other'),
      atCost(10_000, 100, '/Computers & Electronics/Software/Operating Systems'),
      atCost(100, 1, '/Reference/Language Resources/Other'),
      atCost(100, 100, '/Finance/Investing/Other'),
    ]);
    const spread = await run('A15', '2039-03-01', '2039-04-01');
    const spreadChart = spread.figures[0] as Extract<AnalysisResult['figures'][number], { kind: 'scatter' }>;
    expect(spreadChart.splitX!.value).toBeCloseTo(10 ** 3.25, 6);
    expect(headline(spread, 'category_quadrant_premium')).toBe('technology');
    expect(headline(spread, 'category_quadrant_mass_market')).toBe('programming');
    expect(headline(spread, 'category_quadrant_specialist')).toBe('finance');
    expect(headline(spread, 'category_quadrant_niche')).toBe('translation');
  });

  it('A17 and the rankings datasets: top models and apps, market share, change, OpenRouter shapes', async () => {
    const day = (date: string, model: string, tokens: number, app?: [number, string]) =>
      record(`${date}T12:00:00Z`, tokens, { model, model_permaslug: `${model}-perma`, author: model.split('/')[0]!, ...(app ? { app_id: app[0], app_name: app[1] } : {}) });
    await insert([
      day('2040-03-01', 'a/one', 100, [1, 'Alpha']),
      day('2040-03-01', 'b/two', 300, [2, 'Beta']),
      day('2040-03-02', 'a/one', 250, [1, 'Alpha']),
      day('2040-03-02', 'b/two', 50),
      day('2040-02-28', 'a/one', 50),
    ]);
    const result = await run('A17', '2040-02-01', '2040-03-03');
    const models = table(result, 'top_models_day');
    // The last day (March 2): a/one 250 of 300, up from 100 the day before.
    expect(models[0]).toMatchObject({ name: 'a/one', tokens: 250, previous_period_tokens: 100, change: 1.5 });
    expect(models[0]!.market_share).toBeCloseTo(250 / 300, 12);
    const daily = await rankingsDaily(store, { startDate: '2040-03-01', endDate: '2040-03-02' }, new Date('2040-03-03T00:00:00Z'));
    expect(daily).toEqual({
      data: [
        { date: '2040-03-01', model_permaslug: 'b/two-perma', total_tokens: '300' },
        { date: '2040-03-01', model_permaslug: 'a/one-perma', total_tokens: '100' },
        { date: '2040-03-02', model_permaslug: 'a/one-perma', total_tokens: '250' },
        { date: '2040-03-02', model_permaslug: 'b/two-perma', total_tokens: '50' },
      ],
      meta: { as_of: '2040-03-03T00:00:00.000Z', start_date: '2040-03-01', end_date: '2040-03-02', version: 'v1' },
    });
    const apps = await appRankings(store, { startDate: '2040-03-01', endDate: '2040-03-02', sort: 'popular', limit: 10 });
    expect(apps.data).toEqual([
      { app_id: 1, app_name: 'Alpha', rank: 1, total_requests: 2, total_tokens: '350' },
      { app_id: 2, app_name: 'Beta', rank: 2, total_requests: 1, total_tokens: '300' },
    ]);
  });
});
