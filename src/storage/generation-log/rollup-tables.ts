import { categoryBucketSql } from '../../catalog/category-buckets.js';
import type { TableOptions } from './generations-table.js';

/**
 * Rollups of `generations` that ClickHouse keeps up to date on every insert (materialized views),
 * so the study's analyses read a few hundred thousand rows instead of every generation. The
 * semantic layer reads them when a query can be answered from them exactly
 * (analytics/semantic/rollup-view.ts); `test/observatory/rollups.test.ts` checks that every
 * analysis gives the same result from the rollups as from the raw table.
 *
 * - `generations_daily`: per UTC day × model (with its catalog facts) × provider × category (and its study bucket) ×
 *   continent × language × finish reason × whether tools were given × BYOK — counts and integer sums.
 * - `generations_daily_classified`: the same, of the classified sample only (a few hundred times
 *   fewer rows), for the category analyses.
 * - `generations_model_daily`: per UTC day × model × provider — counts, sums and the conditional
 *   sums the analyses use, for every model-level query.
 * - `generations_apps_daily`: per UTC day × attributed app — requests and tokens, for app rankings.
 * - `model_user_months`: per model × user × month, the first generation's time — for retention.
 *
 * A batch delivered twice is dropped by the rollups too (inserts carry
 * deduplicate_blocks_in_dependent_materialized_views, and the rollups keep a deduplication window).
 * Rollups are not partitioned: a batch spanning many months makes one part, not one per month.
 * Sums are of integers only (cost in nano-dollars), so the order rows are added in cannot change a
 * result: the rollup gives the raw scan's numbers to the last digit.
 */

export const userExpression = "if(external_user IS NULL OR external_user = '', account_id, concat(account_id, '/', external_user))";

const dailyKey = [
  'day',
  'model',
  'model_permaslug',
  'author',
  'open_weights',
  'origin',
  'size_bucket',
  'reasoning_model',
  'provider_name',
  'category',
  'category_bucket',
  'billing_continent',
  'prompt_language',
  'finish_reason',
  'has_tools',
  'is_byok',
];

/** The leading columns of a day's rollup row: its day, and a model with its catalog facts and provider. */
const modelDayColumns = [
  'day Date',
  'model LowCardinality(String)',
  'model_permaslug LowCardinality(String)',
  'author LowCardinality(String)',
  'open_weights Nullable(Bool)',
  'origin LowCardinality(Nullable(String))',
  'size_bucket LowCardinality(Nullable(String))',
  'reasoning_model Bool',
  'provider_name LowCardinality(Nullable(String)),',
].join(',\n  ');

/** The sums every daily rollup keeps, as columns and as computed from `generations` rows. */
const daySumColumns = [
  'requests SimpleAggregateFunction(sum, UInt64)',
  'prompt_tokens SimpleAggregateFunction(sum, UInt64)',
  'completion_tokens SimpleAggregateFunction(sum, UInt64)',
  'reasoning_tokens SimpleAggregateFunction(sum, UInt64)',
  'squared_tokens SimpleAggregateFunction(sum, UInt128)',
  'cost_nano SimpleAggregateFunction(sum, Int64)',
].join(',\n  ');
const daySums = [
  'count() AS requests',
  'sum(toUInt64(tokens_prompt)) AS prompt_tokens',
  'sum(toUInt64(tokens_completion)) AS completion_tokens',
  'sum(toUInt64(native_tokens_reasoning)) AS reasoning_tokens',
  'sum(toUInt128(tokens_prompt + tokens_completion) * (tokens_prompt + tokens_completion)) AS squared_tokens',
  'sum(total_cost_nano) AS cost_nano',
].join(',\n  ');

function engine(name: string, options: TableOptions): string {
  return options.cluster ? `Replicated${name}` : name;
}

function onCluster(options: TableOptions): string {
  return options.cluster ? ` ON CLUSTER ${options.cluster}` : '';
}

export function dailyRollupDdl(options: TableOptions = {}, table = 'generations_daily'): string {
  return `CREATE TABLE IF NOT EXISTS ${table}${onCluster(options)} (
  ${modelDayColumns}
  category LowCardinality(Nullable(String)),
  category_bucket LowCardinality(Nullable(String)),
  billing_continent LowCardinality(Nullable(String)),
  prompt_language LowCardinality(Nullable(String)),
  finish_reason LowCardinality(Nullable(String)),
  has_tools Bool,
  is_byok Bool,
  ${daySumColumns}
)
ENGINE = ${engine('AggregatingMergeTree', options)}
ORDER BY (${dailyKey.join(', ')})
SETTINGS allow_nullable_key = 1, non_replicated_deduplication_window = 10000`;
}

/** The rollup's columns computed from `generations` rows (the view's SELECT and the backfill's); `where` keeps some rows only. */
export function dailyRollupSelect(where = ''): string {
  return `SELECT
  toDate(created_at) AS day, model, model_permaslug, author, open_weights, origin, size_bucket, reasoning_model, provider_name,
  category, ${categoryBucketSql('category')} AS category_bucket, billing_continent, prompt_language, finish_reason, tools_given > 0 AS has_tools, is_byok,
  ${daySums}
FROM generations${where ? `\nWHERE ${where}` : ''}
GROUP BY ${dailyKey.join(', ')}`;
}

/**
 * The daily rollup of the classified sample only (category not null, ≈ 0.25% of requests): the same
 * columns, a few hundred times fewer rows, for every query of the category analyses.
 */
export const classifiedDailyRollupTable = 'generations_daily_classified';

/**
 * Per UTC day × model (with its catalog facts) × provider: counts and sums, with the conditional
 * sums the analyses ask for (tokens of tool calls, of requests given tools, of non-BYOK requests)
 * computed on insert — rankings, market shares and every model-level series, from a table hundreds
 * of times smaller than `generations_daily`.
 */
const modelDailyKey = ['day', 'model', 'model_permaslug', 'author', 'open_weights', 'origin', 'size_bucket', 'reasoning_model', 'provider_name'];

export function modelDailyRollupDdl(options: TableOptions = {}): string {
  return `CREATE TABLE IF NOT EXISTS generations_model_daily${onCluster(options)} (
  ${modelDayColumns}
  ${daySumColumns},
  non_byok_cost_nano SimpleAggregateFunction(sum, Int64),
  non_byok_tokens SimpleAggregateFunction(sum, UInt64),
  tool_call_tokens SimpleAggregateFunction(sum, UInt64),
  tools_given_tokens SimpleAggregateFunction(sum, UInt64)
)
ENGINE = ${engine('AggregatingMergeTree', options)}
ORDER BY (${modelDailyKey.join(', ')})
SETTINGS allow_nullable_key = 1, non_replicated_deduplication_window = 10000`;
}

export function modelDailyRollupSelect(): string {
  const tokens = 'toUInt64(tokens_prompt + tokens_completion)';
  return `SELECT
  toDate(created_at) AS day, model, model_permaslug, author, open_weights, origin, size_bucket, reasoning_model, provider_name,
  ${daySums},
  sumIf(total_cost_nano, NOT is_byok) AS non_byok_cost_nano,
  sumIf(${tokens}, NOT is_byok) AS non_byok_tokens,
  sumIf(${tokens}, finish_reason = 'tool_calls') AS tool_call_tokens,
  sumIf(${tokens}, tools_given > 0) AS tools_given_tokens
FROM generations
GROUP BY ${modelDailyKey.join(', ')}`;
}

/** Per UTC day × attributed app: requests and tokens, for the app rankings (A17, /datasets/app-rankings). */
export function appsDailyRollupDdl(options: TableOptions = {}): string {
  return `CREATE TABLE IF NOT EXISTS generations_apps_daily${onCluster(options)} (
  day Date,
  app_id Nullable(UInt64),
  app_name Nullable(String),
  requests SimpleAggregateFunction(sum, UInt64),
  prompt_tokens SimpleAggregateFunction(sum, UInt64),
  completion_tokens SimpleAggregateFunction(sum, UInt64)
)
ENGINE = ${engine('AggregatingMergeTree', options)}
ORDER BY (day, app_id, app_name)
SETTINGS allow_nullable_key = 1, non_replicated_deduplication_window = 10000`;
}

export function appsDailyRollupSelect(): string {
  return `SELECT toDate(created_at) AS day, app_id, app_name, count() AS requests, sum(toUInt64(tokens_prompt)) AS prompt_tokens, sum(toUInt64(tokens_completion)) AS completion_tokens
FROM generations
GROUP BY day, app_id, app_name`;
}

export function userMonthsRollupDdl(options: TableOptions = {}): string {
  return `CREATE TABLE IF NOT EXISTS model_user_months${onCluster(options)} (
  model LowCardinality(String),
  user String,
  month Date,
  first_at SimpleAggregateFunction(min, DateTime64(3, 'UTC'))
)
ENGINE = ${engine('AggregatingMergeTree', options)}
ORDER BY (model, user, month)
SETTINGS non_replicated_deduplication_window = 10000`;
}

export function userMonthsRollupSelect(): string {
  return `SELECT model, ${userExpression} AS user, toStartOfMonth(created_at) AS month, min(created_at) AS first_at
FROM generations
GROUP BY model, user, month`;
}

export interface Rollup {
  table: string;
  view: string;
  ddl: (options?: TableOptions) => string;
  select: () => string;
}

export const rollups: readonly Rollup[] = [
  { table: 'generations_daily', view: 'generations_daily_view', ddl: dailyRollupDdl, select: dailyRollupSelect },
  {
    table: classifiedDailyRollupTable,
    view: 'generations_daily_classified_view',
    ddl: (options) => dailyRollupDdl(options, classifiedDailyRollupTable),
    select: () => dailyRollupSelect('category IS NOT NULL'),
  },
  { table: 'generations_apps_daily', view: 'generations_apps_daily_view', ddl: appsDailyRollupDdl, select: appsDailyRollupSelect },
  { table: 'generations_model_daily', view: 'generations_model_daily_view', ddl: modelDailyRollupDdl, select: modelDailyRollupSelect },
  { table: 'model_user_months', view: 'model_user_months_view', ddl: userMonthsRollupDdl, select: userMonthsRollupSelect },
];

export function rollupViewDdl(rollup: Rollup, options: TableOptions = {}): string {
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${rollup.view}${onCluster(options)} TO ${rollup.table} AS ${rollup.select()}`;
}
