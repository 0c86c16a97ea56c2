import type { CompiledQuery } from '../../analytics/semantic/compile-query.js';
import { clickHouseTime } from '../../analytics/semantic/compile-query.js';

export interface ActivityFilter {
  accountId: string;
  /** [from, to): whole UTC days. */
  from: Date;
  to: Date;
  /** Only these keys' generations (null: every key). */
  keyHashes: readonly string[] | null;
  workspaceId: string | null;
  /** One row per workspace as well (group_by=workspace). */
  byWorkspace: boolean;
}

/**
 * OpenRouter's activity over the generation log: per UTC day × model × endpoint × provider (and
 * workspace when asked), the requests, tokens, what was charged (`usage`) and what BYOK requests
 * cost at their provider (`byok_usage_inference`). One SQL text for chDB and a ClickHouse server.
 */
export function activityQuery(filter: ActivityFilter): CompiledQuery {
  const conditions = ['account_id = {account:String}', 'created_at >= {from:DateTime64(3)}', 'created_at < {to:DateTime64(3)}'];
  const params: Record<string, unknown> = { account: filter.accountId, from: clickHouseTime(filter.from), to: clickHouseTime(filter.to) };
  if (filter.keyHashes !== null) {
    conditions.push('key_hash IN {keys:Array(String)}');
    params.keys = [...filter.keyHashes];
  }
  if (filter.workspaceId !== null) {
    conditions.push('workspace_id = {workspace:String}');
    params.workspace = filter.workspaceId;
  }
  const workspace = filter.byWorkspace ? ', workspace_id' : '';
  return {
    sql: `SELECT toString(toDate(created_at)) AS date, model, model_permaslug, ifNull(endpoint_id, '') AS endpoint_id, ifNull(provider_name, '') AS provider_name${workspace},
  sumIf(total_cost_nano, NOT is_byok) AS usage_nano, sumIf(total_cost_nano, is_byok) AS byok_nano, count() AS requests,
  sum(tokens_prompt) AS prompt_tokens, sum(tokens_completion) AS completion_tokens, sum(native_tokens_reasoning) AS reasoning_tokens
FROM generations
WHERE ${conditions.join(' AND ')}
GROUP BY date, model, model_permaslug, endpoint_id, provider_name${workspace}
ORDER BY date DESC, usage_nano DESC, model
LIMIT 100000`,
    params,
  };
}
