import { userExpression } from '../../storage/generation-log/rollup-tables.js';
import { categoryBucketSql } from '../../catalog/category-buckets.js';

/**
 * The semantic layer over the `generations` table: named dimensions and measures, each one
 * ClickHouse expression with a description. Analyses are written in these names; the compiler
 * turns them into SQL that runs unchanged on chDB and on a ClickHouse server.
 */
export interface DimensionDefinition {
  sql: string;
  description: string;
}

export interface MeasureDefinition {
  sql: string;
  description: string;
  unit?: string;
}

/**
 * Who "a user" is: on OpenRouter an account; on a self-hosted platform one account often serves
 * many end users, told apart by the request's `user` field, so those count separately.
 */
export const userSql = userExpression;

export const dimensions = {
  day: { sql: 'toDate(created_at)', description: 'UTC day' },
  week: { sql: 'toMonday(created_at)', description: 'UTC week, starting Monday' },
  month: { sql: 'toStartOfMonth(created_at)', description: 'UTC month' },
  model: { sql: 'model', description: 'catalog model that served the request' },
  model_permaslug: { sql: 'model_permaslug', description: 'permanent model slug' },
  author: { sql: 'author', description: 'model author (the id prefix)' },
  provider: { sql: 'provider_name', description: 'provider that served the request' },
  source_group: {
    sql: "multiIf(open_weights = false, 'closed', open_weights = true AND origin = 'china', 'oss-china', open_weights = true AND origin = 'row', 'oss-row', 'unknown')",
    description:
      "closed (weights not public), oss-china (open weights, developer in mainland China, Hong Kong or Taiwan), oss-row (open weights, rest of world); 'unknown' where the catalog does not know",
  },
  open_weights: { sql: 'open_weights', description: 'whether the model weights are public' },
  origin: { sql: 'origin', description: 'china or row (rest of world)' },
  size_bucket: { sql: 'size_bucket', description: 'open models by total parameters: small < 15B, medium 15–70B, large ≥ 70B' },
  reasoning_model: { sql: 'reasoning_model', description: 'model with native reasoning' },
  category: { sql: categoryBucketSql('category'), description: "study category bucket of the sampled prompt's Google content category (NULL when not sampled)" },
  category_path: { sql: 'category', description: 'full Google content category path (the sub-tag)' },
  continent: { sql: "ifNull(billing_continent, 'Unknown')", description: "continent of the account's billing country" },
  country: { sql: "ifNull(billing_country, 'Unknown')", description: 'billing country of the account (ISO-3166 alpha-2)' },
  language: { sql: "ifNull(prompt_language, 'unknown')", description: 'detected language of the prompt' },
  account: { sql: 'account_id', description: 'account' },
  user: { sql: userSql, description: 'user: the account, or the end user within it when requests name one (the `user` field)' },
  app_id: { sql: 'app_id', description: 'attributed app (from HTTP-Referer / X-Title)' },
  app_name: { sql: 'app_name', description: 'attributed app name' },
  finish_reason: { sql: 'finish_reason', description: 'normalised finish reason' },
} as const satisfies Record<string, DimensionDefinition>;

export const measures = {
  tokens: { sql: 'sum(tokens_prompt + tokens_completion)', description: 'total tokens: prompt + completion (reasoning is part of completion)', unit: 'tokens' },
  prompt_tokens: { sql: 'sum(tokens_prompt)', description: 'prompt tokens', unit: 'tokens' },
  completion_tokens: { sql: 'sum(tokens_completion)', description: 'completion tokens', unit: 'tokens' },
  reasoning_tokens: { sql: 'sum(native_tokens_reasoning)', description: 'reasoning tokens', unit: 'tokens' },
  requests: { sql: 'count()', description: 'requests', unit: 'requests' },
  spend: { sql: 'sum(total_cost_nano) / 1e9', description: 'USD charged (summed in nano-dollars: exact)', unit: 'USD' },
  effective_cost_usd: { sql: 'sumIf(total_cost_nano, NOT is_byok) / 1e9', description: 'USD charged, excluding BYOK requests', unit: 'USD' },
  effective_cost_tokens: { sql: 'sumIf(tokens_prompt + tokens_completion, NOT is_byok)', description: 'tokens of non-BYOK requests', unit: 'tokens' },
  mean_prompt_tokens: { sql: 'sum(tokens_prompt) / count()', description: 'mean prompt tokens per request', unit: 'tokens' },
  mean_completion_tokens: { sql: 'sum(tokens_completion) / count()', description: 'mean completion tokens per request', unit: 'tokens' },
  mean_sequence_tokens: { sql: 'sum(tokens_prompt + tokens_completion) / count()', description: 'mean prompt + completion tokens per request', unit: 'tokens' },
  tool_call_tokens: {
    sql: "sumIf(tokens_prompt + tokens_completion, finish_reason = 'tool_calls')",
    description: 'tokens of requests whose normalised finish reason is tool_calls',
    unit: 'tokens',
  },
  tools_given_tokens: { sql: 'sumIf(tokens_prompt + tokens_completion, tools_given > 0)', description: 'tokens of requests that were given tools', unit: 'tokens' },
  tools_given_spend: { sql: 'sumIf(total_cost_nano, tools_given > 0) / 1e9', description: 'USD charged for requests that were given tools', unit: 'USD' },
  reasoning_model_tokens: { sql: 'sumIf(tokens_prompt + tokens_completion, reasoning_model)', description: 'tokens served by reasoning models', unit: 'tokens' },
  squared_tokens: {
    sql: 'sum(toUInt128(tokens_prompt + tokens_completion) * (tokens_prompt + tokens_completion))',
    description: 'sum of squared request token counts (for sampling error of token-weighted shares)',
  },
  users: { sql: `uniqExact(${userSql})`, description: 'distinct users (accounts, or end users within them when requests name one)', unit: 'users' },
  models: { sql: 'uniqExact(model)', description: 'distinct models', unit: 'models' },
} as const satisfies Record<string, MeasureDefinition>;

export type DimensionName = keyof typeof dimensions;
export type MeasureName = keyof typeof measures;
