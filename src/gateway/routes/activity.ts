import { fromNanoDollars } from '../../accounting/pricing.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { utcDay } from '../../spec/limit-period.js';
import { activityQuery } from '../activity/activity-query.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';

const dayMs = 86_400_000;
const invalid = (param: string, message: string) => new GatewayError('invalid_request', `${param}: ${message}`, { metadata: { param } });

/**
 * GET /api/v1/activity (management key), OpenRouter's shape: the last 30 completed UTC days of the
 * account's generations per day × model × endpoint × provider — requests, prompt, completion and
 * reasoning tokens, `usage` (USD charged) and `byok_usage_inference` (what BYOK requests cost at their
 * provider). Filters: `date` (one of those days), `api_key_hash`, `user_id` (the keys a member made),
 * `workspace_id`; `group_by=workspace` adds the workspace to each row.
 */
export function activityRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/activity',
      access: 'management',
      handler: async (exchange) => {
        const accountId = exchange.principal.account.id;
        const query = exchange.query;
        const today = utcDay(services.now());
        let from = today - 30;
        let to = today;
        const date = query.get('date');
        if (date !== null) {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalid('date', 'a day as YYYY-MM-DD');
          const day = utcDay(Date.parse(`${date}T00:00:00Z`));
          if (day < today - 30 || day >= today) throw invalid('date', 'one of the last 30 completed UTC days');
          from = day;
          to = day + 1;
        }
        let keyHashes: string[] | null = null;
        const hash = query.get('api_key_hash');
        const userId = query.get('user_id');
        // Every key the account ever had: a disabled or deleted key's days still happened.
        const everyKey = hash !== null || userId !== null ? await services.controlPlane.listKeys(accountId, { includeDisabled: true, includeDeleted: true }) : [];
        if (hash !== null) {
          if (!everyKey.some((key) => key.hash === hash)) throw invalid('api_key_hash', 'no such key in this account');
          keyHashes = [hash];
        }
        if (userId !== null) {
          const [member] = await services.controlPlane.organization.findMembers(accountId, [userId]);
          if (!member) throw invalid('user_id', 'no such member in this account');
          const made = everyKey.filter((key) => key.creatorUserId === member.id).map((key) => key.hash);
          keyHashes = keyHashes === null ? made : keyHashes.filter((candidate) => made.includes(candidate));
        }
        let workspaceId: string | null = null;
        const workspace = query.get('workspace_id');
        if (workspace !== null) {
          const found = await services.controlPlane.organization.getWorkspace(accountId, workspace);
          if (!found) throw invalid('workspace_id', 'no such workspace in this account');
          workspaceId = found.id;
        }
        const groupBy = query.get('group_by');
        if (groupBy !== null && groupBy !== 'workspace') throw invalid('group_by', 'only workspace');
        const rows = await services.analytics.run(activityQuery({ accountId, from: new Date(from * dayMs), to: new Date(to * dayMs), keyHashes, workspaceId, byWorkspace: groupBy === 'workspace' }));
        exchange.sendJson(200, {
          data: rows.map((row) => ({
            date: String(row.date),
            model: String(row.model),
            model_permaslug: String(row.model_permaslug),
            endpoint_id: String(row.endpoint_id),
            provider_name: String(row.provider_name),
            usage: fromNanoDollars(Number(row.usage_nano)),
            byok_usage_inference: fromNanoDollars(Number(row.byok_nano)),
            requests: Number(row.requests),
            prompt_tokens: Number(row.prompt_tokens),
            completion_tokens: Number(row.completion_tokens),
            reasoning_tokens: Number(row.reasoning_tokens),
            ...(groupBy === 'workspace' ? { workspace_id: String(row.workspace_id) } : {}),
          })),
        });
      },
    },
  ];
}
