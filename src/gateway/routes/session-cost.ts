import { clickHouseTime } from '../../analytics/semantic/compile-query.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { utcDay } from '../../spec/limit-period.js';
import { expectEnum } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import { datasetScope } from './datasets.js';

const turnRanges = ['1-turn', '2-9-turns', '10-49-turns', '50-plus-turns'] as const;
const windowDays = 30;

/** An app's slug from its attributed name: lower case, runs of anything else as one dash. */
const slugSql = "trim(BOTH '-' FROM replaceRegexpAll(lower(app_name), '[^a-z0-9]+', '-'))";

/**
 * GET /api/v1/datasets/session-cost, OpenRouter's dataset over this platform's log: what a session
 * costs, as the median over sessions, per harness (the attributed app) × model × session length.
 * A session is the generations of one account sharing a session id, one app and one model; its
 * length is how many requests (turns) it took. The last 30 completed UTC days; apps and models only,
 * never an account (over the caller's account only with observatory.datasets_scope: account). Filters: `app_slug`, `model` (its permaslug or id), `turn_range`; `limit`, `offset`.
 */
export function sessionCostRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/datasets/session-cost',
      access: 'account',
      handler: async (exchange) => {
        const query = exchange.query;
        const limit = Number(query.get('limit') ?? 100);
        const offset = Number(query.get('offset') ?? 0);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1_000) throw new GatewayError('invalid_request', 'limit: an integer from 1 to 1000', { metadata: { param: 'limit' } });
        if (!Number.isInteger(offset) || offset < 0) throw new GatewayError('invalid_request', 'offset: a non-negative integer', { metadata: { param: 'offset' } });
        const turnRange = query.get('turn_range') === null ? null : expectEnum(query.get('turn_range'), 'turn_range', turnRanges);
        const today = utcDay(services.now());
        const params: Record<string, unknown> = {
          from: clickHouseTime(new Date((today - windowDays) * 86_400_000)),
          to: clickHouseTime(new Date(today * 86_400_000)),
          limit,
          offset,
        };
        const outer: string[] = [];
        const scope = datasetScope(services, exchange);
        const inner = scope.accountId === undefined ? '' : ' AND account_id = {account:String}';
        if (scope.accountId !== undefined) params.account = scope.accountId;
        if (query.get('app_slug') !== null) {
          outer.push('app_slug = {app:String}');
          params.app = query.get('app_slug');
        }
        if (query.get('model') !== null) {
          outer.push('(model_permaslug = {model:String} OR model = {model:String})');
          params.model = query.get('model');
        }
        if (turnRange !== null) {
          outer.push('turn_range = {turns:String}');
          params.turns = turnRange;
        }
        const rows = await services.analytics.run({
          sql: `SELECT app_name, app_slug, model_permaslug, turn_range, median(cost_nano) AS median_nano
FROM (
  SELECT app_name, ${slugSql} AS app_slug, model_permaslug, any(model) AS model, sum(total_cost_nano) AS cost_nano,
    multiIf(count() = 1, '1-turn', count() < 10, '2-9-turns', count() < 50, '10-49-turns', '50-plus-turns') AS turn_range
  FROM generations
  WHERE created_at >= {from:DateTime64(3)} AND created_at < {to:DateTime64(3)} AND session_id IS NOT NULL AND app_name IS NOT NULL${inner}
  GROUP BY account_id, session_id, app_name, model_permaslug
)
${outer.length > 0 ? `WHERE ${outer.join(' AND ')}` : ''}
GROUP BY app_name, app_slug, model_permaslug, turn_range
ORDER BY app_name, model_permaslug, turn_range
LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
          params,
        });
        const end = new Date(today * 86_400_000 - 1).toISOString().slice(0, 10);
        exchange.sendJson(200, {
          data: rows.map((row) => ({
            app_name: String(row.app_name),
            app_slug: String(row.app_slug),
            model_permaslug: String(row.model_permaslug),
            turn_range: String(row.turn_range),
            median_session_cost_usd: Number(row.median_nano) / 1e9,
          })),
          meta: { as_of: new Date(services.now()).toISOString(), version: 'v1', window_days: windowDays, window_end_date: end },
        });
      },
    },
  ];
}
