import type { Filter } from '../../analytics/semantic/compile-query.js';
import type { DimensionName, MeasureName } from '../../analytics/semantic/generations-view.js';
import { dimensions, measures } from '../../analytics/semantic/generations-view.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { expectArray, expectEnum, expectNumber, expectObject, expectString } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

/** The dimensions an account may group and filter its own traffic by (the platform-wide ones — account, country — stay with the study). */
const queryDimensions = [
  'model',
  'model_permaslug',
  'author',
  'provider',
  'app_name',
  'finish_reason',
  'language',
  'category',
  'user',
  'source_group',
  'reasoning_model',
] as const satisfies readonly DimensionName[];

/** The metrics, with how OpenRouter's dashboard would show them. */
const queryMetrics: Record<string, { measure: MeasureName; format: 'number' | 'currency'; isRate: boolean; label: string }> = {
  requests: { measure: 'requests', format: 'number', isRate: false, label: 'Requests' },
  spend: { measure: 'spend', format: 'currency', isRate: false, label: 'Spend (USD)' },
  tokens: { measure: 'tokens', format: 'number', isRate: false, label: 'Tokens' },
  prompt_tokens: { measure: 'prompt_tokens', format: 'number', isRate: false, label: 'Prompt tokens' },
  completion_tokens: { measure: 'completion_tokens', format: 'number', isRate: false, label: 'Completion tokens' },
  reasoning_tokens: { measure: 'reasoning_tokens', format: 'number', isRate: false, label: 'Reasoning tokens' },
  mean_prompt_tokens: { measure: 'mean_prompt_tokens', format: 'number', isRate: true, label: 'Mean prompt tokens per request' },
  mean_completion_tokens: { measure: 'mean_completion_tokens', format: 'number', isRate: true, label: 'Mean completion tokens per request' },
  models: { measure: 'models', format: 'number', isRate: false, label: 'Distinct models' },
  users: { measure: 'users', format: 'number', isRate: false, label: 'Distinct users' },
};

const granularities = ['day', 'week', 'month'] as const;
const operators = { eq: '=', neq: '!=', in: 'in' } as const;
const label = (name: string) => name.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
const invalid = (param: string, message: string) => new GatewayError('invalid_request', `${param}: ${message}`, { metadata: { param } });

/**
 * OpenRouter's analytics API over the account's own generation log (management key):
 * GET /analytics/meta lists what can be asked; POST /analytics/query {metrics, dimensions, filters,
 * granularity, time_range, order_by, limit} is compiled by the observatory's semantic layer (one
 * SQL text for chDB and a server), always within the account's own records.
 */
export function openRouterAnalyticsRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/analytics/meta',
      access: 'management',
      handler: (exchange) =>
        exchange.sendJson(200, {
          data: {
            dimensions: queryDimensions.map((name) => ({ name, display_label: label(name), description: dimensions[name].description })),
            metrics: Object.entries(queryMetrics).map(([name, metric]) => ({
              name,
              display_label: metric.label,
              display_format: metric.format,
              is_rate: metric.isRate,
              description: measures[metric.measure].description,
            })),
            granularities: granularities.map((name) => ({ name, display_label: label(name) })),
            operators: [
              { name: 'eq', value_type: 'scalar' },
              { name: 'neq', value_type: 'scalar' },
              { name: 'in', value_type: 'array' },
            ],
          },
        }),
    },
    {
      method: 'POST',
      path: '/api/v1/analytics/query',
      access: 'management',
      body: 'json',
      handler: async (exchange) => {
        const body = expectObject(exchange.json, 'body');
        const metricNames = expectArray(body.metrics, 'metrics', 20).map((item, index) => expectEnum(item, `metrics[${index}]`, Object.keys(queryMetrics)));
        if (metricNames.length === 0) throw invalid('metrics', 'at least one metric');
        const dimensionNames = body.dimensions === undefined ? [] : expectArray(body.dimensions, 'dimensions', 5).map((item, index) => expectEnum(item, `dimensions[${index}]`, queryDimensions));
        const granularity = body.granularity === undefined || body.granularity === null ? null : expectEnum(body.granularity, 'granularity', granularities);
        const filters: Filter[] = [{ dimension: 'account', operator: '=', value: exchange.principal.account.id }];
        for (const [index, item] of (body.filters === undefined ? [] : expectArray(body.filters, 'filters', 20)).entries()) {
          const filter = expectObject(item, `filters[${index}]`);
          const dimension = expectEnum(filter.field, `filters[${index}].field`, queryDimensions);
          const operator = expectEnum(filter.operator, `filters[${index}].operator`, Object.keys(operators) as (keyof typeof operators)[]);
          const value =
            operator === 'in'
              ? expectArray(filter.value, `filters[${index}].value`, 100).map((entry, position) => String(expectString(entry, `filters[${index}].value[${position}]`, { maxLength: 300 })))
              : expectString(String(filter.value ?? ''), `filters[${index}].value`, { nonEmpty: true, maxLength: 300 });
          filters.push({ dimension, operator: operators[operator], value });
        }
        const now = services.now();
        let from = new Date(now - 30 * 86_400_000);
        let to = new Date(now);
        if (body.time_range !== undefined && body.time_range !== null) {
          const range = expectObject(body.time_range, 'time_range');
          from = new Date(expectString(range.start, 'time_range.start'));
          to = new Date(expectString(range.end, 'time_range.end'));
          if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) throw invalid('time_range', 'start and end as ISO times, start before end');
          if (to.getTime() - from.getTime() > 3_660 * 86_400_000) throw invalid('time_range', 'at most ten years');
        }
        const limit = body.limit === undefined ? 1_000 : expectNumber(body.limit, 'limit', { min: 1, max: 10_000, integer: true });
        const groupBy: DimensionName[] = [...(granularity ? [granularity] : []), ...dimensionNames];
        let orderBy: { column: DimensionName | MeasureName; descending?: boolean }[] | undefined;
        if (body.order_by !== undefined && body.order_by !== null) {
          const order = expectObject(body.order_by, 'order_by');
          const field = expectEnum(order.field, 'order_by.field', [...metricNames, ...groupBy]);
          const descending = (order.direction === undefined ? 'desc' : expectEnum(order.direction, 'order_by.direction', ['asc', 'desc'] as const)) === 'desc';
          orderBy = [{ column: (queryMetrics[field]?.measure ?? field) as DimensionName | MeasureName, descending }];
        } else if (granularity) orderBy = [{ column: granularity }];
        const started = performance.now();
        const rows = await services.analytics.query({
          dimensions: groupBy,
          measures: metricNames.map((name) => queryMetrics[name]!.measure),
          filters,
          period: { from, to },
          ...(orderBy ? { orderBy } : {}),
          limit: limit + 1,
        });
        const truncated = rows.length > limit;
        const data = rows.slice(0, limit).map((row) => {
          const out: Record<string, unknown> = {};
          for (const name of groupBy) out[name] = row[name as keyof typeof row];
          for (const name of metricNames) out[name] = row[queryMetrics[name]!.measure as keyof typeof row];
          return out;
        });
        exchange.sendJson(200, { data: { data, metadata: { query_time_ms: Math.round(performance.now() - started), row_count: data.length, truncated } } });
      },
    },
  ];
}
