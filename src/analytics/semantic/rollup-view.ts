import { dimensions, type DimensionName, type MeasureName } from './generations-view.js';

/**
 * The semantic layer's dimensions and measures over the `generations_daily` rollup
 * (storage/generation-log/rollup-tables.ts): the same names, the same results, from a table a
 * few hundred times smaller. Dimensions and measures missing here (accounts, users, apps,
 * countries) are answered from the raw table.
 */
export const rollupTable = 'generations_daily';

export const rollupDimensions: Partial<Record<DimensionName, string>> = {
  day: 'day',
  week: 'toMonday(day)',
  month: 'toStartOfMonth(day)',
  model: 'model',
  model_permaslug: 'model_permaslug',
  author: 'author',
  provider: 'provider_name',
  source_group: dimensions.source_group.sql,
  open_weights: 'open_weights',
  origin: 'origin',
  size_bucket: 'size_bucket',
  reasoning_model: 'reasoning_model',
  category: 'category_bucket',
  category_path: 'category',
  continent: "ifNull(billing_continent, 'Unknown')",
  language: "ifNull(prompt_language, 'unknown')",
  finish_reason: 'finish_reason',
};

const tokens = 'prompt_tokens + completion_tokens';

export const rollupMeasures: Partial<Record<MeasureName, string>> = {
  tokens: `sum(${tokens})`,
  prompt_tokens: 'sum(prompt_tokens)',
  completion_tokens: 'sum(completion_tokens)',
  reasoning_tokens: 'sum(reasoning_tokens)',
  requests: 'sum(requests)',
  spend: 'sum(cost_nano) / 1e9',
  effective_cost_usd: 'sumIf(cost_nano, NOT is_byok) / 1e9',
  effective_cost_tokens: `sumIf(${tokens}, NOT is_byok)`,
  mean_prompt_tokens: 'sum(prompt_tokens) / sum(requests)',
  mean_completion_tokens: 'sum(completion_tokens) / sum(requests)',
  mean_sequence_tokens: `sum(${tokens}) / sum(requests)`,
  tool_call_tokens: `sumIf(${tokens}, finish_reason = 'tool_calls')`,
  tools_given_tokens: `sumIf(${tokens}, has_tools)`,
  reasoning_model_tokens: `sumIf(${tokens}, reasoning_model)`,
  squared_tokens: 'sum(squared_tokens)',
  models: 'uniqExact(model)',
};
