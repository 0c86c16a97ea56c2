import { classifiedDailyRollupTable } from '../../storage/generation-log/rollup-tables.js';
import { dimensions, type DimensionName, type MeasureName } from './generations-view.js';

/**
 * The semantic layer's dimensions and measures over the rollups of the generation log
 * (storage/generation-log/rollup-tables.ts): the same names, the same results, from tables far
 * smaller than the raw one. A query is answered from the first rollup that holds every name it uses
 * (and, for a rollup of some rows only, that carries the filter selecting those rows); the rest
 * (accounts, users, countries) from the raw table.
 */
export interface RollupView {
  table: string;
  dimensions: Partial<Record<DimensionName, string>>;
  measures: Partial<Record<MeasureName, string>>;
  /** The rollup holds only the rows this filter keeps: a query must carry it to be answered here. */
  requires?: { dimension: DimensionName; operator: 'is not null' };
}

/** A day's rollup row: its day, and a model with its catalog facts and provider. */
const modelDayDimensions: Partial<Record<DimensionName, string>> = {
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
};

const dailyDimensions: Partial<Record<DimensionName, string>> = {
  ...modelDayDimensions,
  category: 'category_bucket',
  category_path: 'category',
  continent: "ifNull(billing_continent, 'Unknown')",
  language: "ifNull(prompt_language, 'unknown')",
  finish_reason: 'finish_reason',
};

const tokens = 'prompt_tokens + completion_tokens';

/** Measures of the sums every daily rollup keeps. */
const daySumMeasures: Partial<Record<MeasureName, string>> = {
  tokens: `sum(${tokens})`,
  prompt_tokens: 'sum(prompt_tokens)',
  completion_tokens: 'sum(completion_tokens)',
  reasoning_tokens: 'sum(reasoning_tokens)',
  requests: 'sum(requests)',
  spend: 'sum(cost_nano) / 1e9',
  mean_prompt_tokens: 'sum(prompt_tokens) / sum(requests)',
  mean_completion_tokens: 'sum(completion_tokens) / sum(requests)',
  mean_sequence_tokens: `sum(${tokens}) / sum(requests)`,
  squared_tokens: 'sum(squared_tokens)',
  models: 'uniqExact(model)',
};

const dailyMeasures: Partial<Record<MeasureName, string>> = {
  ...daySumMeasures,
  effective_cost_usd: 'sumIf(cost_nano, NOT is_byok) / 1e9',
  effective_cost_tokens: `sumIf(${tokens}, NOT is_byok)`,
  tool_call_tokens: `sumIf(${tokens}, finish_reason = 'tool_calls')`,
  tools_given_tokens: `sumIf(${tokens}, has_tools)`,
  reasoning_model_tokens: `sumIf(${tokens}, reasoning_model)`,
};

/** Every request of every day. */
export const dailyRollup: RollupView = { table: 'generations_daily', dimensions: dailyDimensions, measures: dailyMeasures };

/** The classified sample's days: what the category analyses read (they all keep classified requests only). */
export const classifiedDailyRollup: RollupView = {
  table: classifiedDailyRollupTable,
  dimensions: dailyDimensions,
  measures: dailyMeasures,
  requires: { dimension: 'category_path', operator: 'is not null' },
};

/** Requests and tokens per day and app: what the app rankings read. */
export const appsDailyRollup: RollupView = {
  table: 'generations_apps_daily',
  dimensions: { day: 'day', week: 'toMonday(day)', month: 'toStartOfMonth(day)', app_id: 'app_id', app_name: 'app_name' },
  measures: { tokens: `sum(${tokens})`, prompt_tokens: 'sum(prompt_tokens)', completion_tokens: 'sum(completion_tokens)', requests: 'sum(requests)' },
};

/** Per day, model and provider, with conditional sums computed on insert: what model-level queries read. */
export const modelDailyRollup: RollupView = {
  table: 'generations_model_daily',
  dimensions: modelDayDimensions,
  measures: {
    ...daySumMeasures,
    effective_cost_usd: 'sum(non_byok_cost_nano) / 1e9',
    effective_cost_tokens: 'sum(non_byok_tokens)',
    tool_call_tokens: 'sum(tool_call_tokens)',
    tools_given_tokens: 'sum(tools_given_tokens)',
    reasoning_model_tokens: `sumIf(${tokens}, reasoning_model)`,
  },
};

/** The rollups in the order a query tries them: the smallest first. */
export const rollupViews: readonly RollupView[] = [classifiedDailyRollup, appsDailyRollup, modelDailyRollup, dailyRollup];
