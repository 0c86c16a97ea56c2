import type { AnalyticsStore, Row } from '../../analytics/analytics-store.js';
import { clickHouseTime } from '../../analytics/semantic/compile-query.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { categoryBucketSql } from '../../catalog/category-buckets.js';

/** What the dashboard's log and activity views may filter by, each checked where it enters. */
export interface GenerationFilters {
  from: Date;
  to: Date;
  /** Only this account's generations (an ordinary key); any account when null (a management key). */
  account: string | null;
  model?: string;
  provider?: string;
  keyHash?: string;
  app?: string;
  status?: 'ok' | 'error';
  finishReason?: string;
  streamed?: boolean;
  id?: string;
}

const text = (name: string, value: string | null, maxLength = 300) => {
  if (value === null || value === '') return undefined;
  if (value.length > maxLength) throw new GatewayError('invalid_request', `${name}: at most ${maxLength} characters`, { metadata: { param: name } });
  return value;
};

function time(name: string, value: string | null, fallback: Date): Date {
  if (value === null || value === '') return fallback;
  const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(parsed.getTime())) throw new GatewayError('invalid_request', `${name}: expected a date like 2025-06-30 or an ISO time, got "${value.slice(0, 40)}"`, { metadata: { param: name } });
  return parsed;
}

/** The filters of a dashboard query string; an ordinary key is held to its own account. */
export function readGenerationFilters(query: URLSearchParams, account: string | null, now: number): GenerationFilters {
  const to = time('to', query.get('to'), new Date(now + 60_000));
  const from = time('from', query.get('from'), new Date(to.getTime() - 7 * 86_400_000));
  if (from >= to) throw new GatewayError('invalid_request', 'from must be before to', { metadata: { param: 'from' } });
  if (to.getTime() - from.getTime() > 400 * 86_400_000) throw new GatewayError('invalid_request', 'the window is longer than 400 days', { metadata: { param: 'to' } });
  const status = query.get('status');
  if (status !== null && status !== '' && status !== 'ok' && status !== 'error') throw new GatewayError('invalid_request', 'status: ok or error', { metadata: { param: 'status' } });
  const streamed = query.get('streamed');
  if (streamed !== null && streamed !== '' && streamed !== 'true' && streamed !== 'false') throw new GatewayError('invalid_request', 'streamed: true or false', { metadata: { param: 'streamed' } });
  const requestedAccount = text('account', query.get('account'), 200);
  return {
    from,
    to,
    account: account ?? requestedAccount ?? null,
    ...definedOnly({
      model: text('model', query.get('model')),
      provider: text('provider', query.get('provider')),
      keyHash: text('key', query.get('key'), 128),
      app: text('app', query.get('app')),
      status: status === 'ok' || status === 'error' ? (status as 'ok' | 'error') : undefined,
      finishReason: text('finish_reason', query.get('finish_reason'), 40),
      streamed: streamed === 'true' ? true : streamed === 'false' ? false : undefined,
      id: text('id', query.get('id'), 200),
    }),
  };
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** The WHERE clause of the filters, with bound parameters (no value ever enters the SQL text). */
export function whereOf(filters: GenerationFilters): { sql: string; params: Record<string, unknown> } {
  const clauses = ['created_at >= {from:DateTime64(3)}', 'created_at < {to:DateTime64(3)}'];
  const params: Record<string, unknown> = { from: clickHouseTime(filters.from), to: clickHouseTime(filters.to) };
  const equal = (column: string, name: string, value: unknown, type: string) => {
    if (value === undefined || value === null) return;
    clauses.push(`${column} = {${name}:${type}}`);
    params[name] = value;
  };
  equal('account_id', 'account', filters.account, 'String');
  equal('model', 'model', filters.model, 'String');
  equal('provider_name', 'provider', filters.provider, 'String');
  equal('key_hash', 'key_hash', filters.keyHash, 'String');
  equal('app_name', 'app', filters.app, 'String');
  equal('finish_reason', 'finish_reason', filters.finishReason, 'String');
  equal('streamed', 'streamed', filters.streamed, 'Bool');
  equal('id', 'id', filters.id, 'String');
  if (filters.status === 'ok') clauses.push('status = 200 AND error_code IS NULL');
  if (filters.status === 'error') clauses.push('(status != 200 OR error_code IS NOT NULL)');
  return { sql: clauses.join(' AND '), params };
}

/** The columns a row of the log list shows. */
const listColumns = `id, created_at, model, provider_name, account_id, key_name, key_hash, app_name, status, error_code, finish_reason, streamed,
  tokens_prompt, tokens_completion, native_tokens_reasoning, total_cost_nano, latency, time_to_first_token, category, prompt_language, is_byok, api_type`;

/**
 * One page of the log, newest first: keyset-paged by (created_at, id) with a cursor, so every page
 * reads at most `limit + 1` rows however large the store is.
 */
export async function generationPage(store: AnalyticsStore, filters: GenerationFilters, limit: number, cursor: { at: string; id: string } | null): Promise<{ rows: Row[]; next: string | null }> {
  const where = whereOf(filters);
  const after = cursor ? ' AND (created_at, id) < ({cursor_at:DateTime64(3)}, {cursor_id:String})' : '';
  const rows = await store.run({
    sql: `SELECT ${listColumns} FROM generations WHERE ${where.sql}${after} ORDER BY created_at DESC, id DESC LIMIT {limit:UInt32}`,
    params: { ...where.params, limit: limit + 1, ...(cursor ? { cursor_at: cursor.at, cursor_id: cursor.id } : {}) },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? `${String(last.created_at)}|${String(last.id)}` : null };
}

export type Rollup = 'hour' | 'day' | 'week';
const bucketSql: Record<Rollup, string> = { hour: 'toStartOfHour(created_at)', day: 'toStartOfDay(created_at)', week: 'toStartOfDay(toMonday(created_at))' };

/** Requests and errors per time bucket, for the log's histogram. */
export async function generationHistogram(store: AnalyticsStore, filters: GenerationFilters, rollup: Rollup): Promise<Row[]> {
  const where = whereOf(filters);
  return store.run({
    sql: `SELECT toString(${bucketSql[rollup]}) AS bucket, count() AS requests, countIf(status != 200 OR error_code IS NOT NULL) AS errors
      FROM generations WHERE ${where.sql} GROUP BY bucket ORDER BY bucket`,
    params: where.params,
  });
}

const hourMs = 3_600_000;

/** The buckets ClickHouse names for [from, to): 'YYYY-MM-DD HH:00:00' hours, days, or the Mondays of weeks. */
export function bucketsOf(from: Date, to: Date, rollup: Rollup): string[] {
  const step = rollup === 'hour' ? hourMs : rollup === 'day' ? 24 * hourMs : 7 * 24 * hourMs;
  let start = Math.floor(from.getTime() / hourMs) * hourMs;
  if (rollup !== 'hour') start = Math.floor(from.getTime() / (24 * hourMs)) * 24 * hourMs;
  if (rollup === 'week') start -= ((new Date(start).getUTCDay() + 6) % 7) * 24 * hourMs;
  const buckets: string[] = [];
  for (let at = start; at < to.getTime() && buckets.length < 5_000; at += step) buckets.push(new Date(at).toISOString().slice(0, 19).replace('T', ' '));
  return buckets;
}

export type ActivityGroup = 'model' | 'provider' | 'key' | 'app' | 'account';
const groupSql: Record<ActivityGroup, string> = {
  model: 'model',
  provider: "ifNull(provider_name, 'none')",
  key: "concat(key_name, ' (', substring(key_hash, 1, 8), ')')",
  app: "ifNull(app_name, 'unattributed')",
  account: 'account_id',
};

/**
 * Spend, requests and tokens per time bucket and group: the `limit` largest groups by spend (then
 * requests) over the window, the rest as "other".
 */
export async function activitySeries(store: AnalyticsStore, filters: GenerationFilters, rollup: Rollup, group: ActivityGroup, limit = 8) {
  const where = whereOf(filters);
  // The largest groups first (one small answer), then the series with the rest folded into "other" by the store.
  const leaders = await store.run({
    sql: `SELECT ${groupSql[group]} AS name FROM generations WHERE ${where.sql} GROUP BY name ORDER BY sum(total_cost_nano) DESC, count() DESC LIMIT {limit:UInt32}`,
    params: { ...where.params, limit: limit + 1 },
  });
  const names = leaders.map((row) => String(row.name));
  const kept = names.slice(0, limit);
  const rows = await store.run({
    sql: `SELECT toString(${bucketSql[rollup]}) AS bucket, if(${groupSql[group]} IN {kept:Array(String)}, ${groupSql[group]}, 'other') AS name,
        sum(total_cost_nano) AS spend_nano, count() AS requests, sum(tokens_prompt + tokens_completion) AS tokens
      FROM generations WHERE ${where.sql} GROUP BY bucket, name ORDER BY bucket`,
    params: { ...where.params, kept },
  });
  // Every bucket of the window, those without traffic as zeros (a time series, not a list of busy hours).
  const buckets = bucketsOf(filters.from, filters.to, rollup);
  const position = new Map(buckets.map((bucket, index) => [bucket, index]));
  for (const row of rows) {
    if (!position.has(String(row.bucket))) {
      position.set(String(row.bucket), buckets.length);
      buckets.push(String(row.bucket));
    }
  }
  const groupNames = [...kept, ...(names.length > limit ? ['other'] : [])];
  const empty = () => buckets.map(() => 0);
  const series = new Map(groupNames.map((name) => [name, { name, spend_nano: empty(), requests: empty(), tokens: empty() }]));
  for (const row of rows) {
    const entry = series.get(String(row.name)) ?? series.get('other');
    if (!entry) continue;
    const index = position.get(String(row.bucket))!;
    entry.spend_nano[index]! += Number(row.spend_nano);
    entry.requests[index]! += Number(row.requests);
    entry.tokens[index]! += Number(row.tokens);
  }
  const sum = (values: number[][]) => values.flat().reduce((a, b) => a + b, 0);
  const all = [...series.values()];
  return {
    buckets,
    groups: all,
    totals: { spend_nano: sum(all.map((entry) => entry.spend_nano)), requests: sum(all.map((entry) => entry.requests)), tokens: sum(all.map((entry) => entry.tokens)) },
  };
}

/**
 * Per endpoint and hour, from the log: requests, the share that succeeded (uptime as callers saw
 * it), median latency and time to first token, median throughput of completions.
 */
export async function endpointSeries(store: AnalyticsStore, filters: GenerationFilters): Promise<Row[]> {
  const where = whereOf(filters);
  return store.run({
    sql: `SELECT toString(toStartOfHour(created_at)) AS bucket, ifNull(endpoint_id, 'none') AS endpoint, ifNull(provider_name, 'none') AS provider,
        count() AS requests, countIf(status = 200 AND error_code IS NULL) / count() AS uptime,
        quantile(0.5)(latency) AS latency_p50, quantileIf(0.5)(time_to_first_token, time_to_first_token IS NOT NULL) AS ttft_p50,
        quantileIf(0.5)(tokens_completion * 1000 / if(generation_time > 0, generation_time, latency), tokens_completion > 0 AND (generation_time > 0 OR latency > 0)) AS throughput_p50
      FROM generations WHERE ${where.sql} GROUP BY bucket, endpoint, provider ORDER BY bucket`,
    params: where.params,
  });
}

/** The last minutes of traffic: requests, their rate, latency percentiles and the share that failed. */
export async function liveSummary(store: AnalyticsStore, filters: GenerationFilters): Promise<Row> {
  const where = whereOf(filters);
  const [row] = await store.run({
    sql: `SELECT count() AS requests, countIf(status != 200 OR error_code IS NOT NULL) AS errors,
        quantile(0.5)(latency) AS latency_p50, quantile(0.95)(latency) AS latency_p95, quantile(0.99)(latency) AS latency_p99,
        quantileIf(0.5)(time_to_first_token, time_to_first_token IS NOT NULL) AS ttft_p50
      FROM generations WHERE ${where.sql}`,
    params: where.params,
  });
  return row ?? {};
}

export type RankingSubject = 'model' | 'author' | 'app';
const subjectSql: Record<RankingSubject, string> = { model: 'model', author: 'author', app: "ifNull(app_name, 'unattributed')" };

/**
 * Rankings like OpenRouter's: tokens per model, author or app in a period and the one before it,
 * with the change and the share of the period's tokens; optionally one category or language.
 */
export async function rankings(store: AnalyticsStore, input: { subject: RankingSubject; from: Date; to: Date; category?: string; language?: string; account: string | null }) {
  const length = input.to.getTime() - input.from.getTime();
  const previous = new Date(input.from.getTime() - length);
  const clauses = ['created_at >= {previous:DateTime64(3)}', 'created_at < {to:DateTime64(3)}'];
  const params: Record<string, unknown> = { previous: clickHouseTime(previous), from: clickHouseTime(input.from), to: clickHouseTime(input.to) };
  if (input.account) {
    clauses.push('account_id = {account:String}');
    params.account = input.account;
  }
  if (input.category) {
    clauses.push(`${categoryBucketSql('category')} = {category:String}`);
    params.category = input.category;
  }
  if (input.language) {
    clauses.push('prompt_language = {language:String}');
    params.language = input.language;
  }
  const rows = await store.run({
    sql: `SELECT ${subjectSql[input.subject]} AS name,
        sumIf(tokens_prompt + tokens_completion, created_at >= {from:DateTime64(3)}) AS tokens,
        sumIf(tokens_prompt + tokens_completion, created_at < {from:DateTime64(3)}) AS previous_tokens
      FROM generations WHERE ${clauses.join(' AND ')} GROUP BY name HAVING tokens > 0 ORDER BY tokens DESC LIMIT 50`,
    params,
  });
  const total = rows.reduce((sum, row) => sum + Number(row.tokens), 0);
  return rows.map((row, index) => ({
    rank: index + 1,
    name: String(row.name),
    tokens: Number(row.tokens),
    share: total > 0 ? Number(row.tokens) / total : 0,
    change: Number(row.previous_tokens) > 0 ? Number(row.tokens) / Number(row.previous_tokens) - 1 : null,
  }));
}
