import { fromNanoDollars, toNanoDollars } from '../../accounting/pricing.js';
import { limitResets, utcDay, type LimitReset } from '../../spec/limit-period.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ApiKey } from '../../spec/account.js';
import { defaultWorkspaceId } from '../../spec/workspace.js';
import { expectBoolean, expectEnum, expectNumber, expectObject, expectString } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import type { Principal } from '../../spec/principal.js';
import { namedMembers } from './account-members.js';
import { accountPeriodUsage } from './account-period-usage.js';
import { isFreeTier, keyUsageFields, managedKeyJson, storedBalance } from './key-json.js';

async function balanceOf(services: GatewayServices, key: ApiKey) {
  return (await services.limits.keyBalance(key.hash)) ?? storedBalance(await services.controlPlane.keyUsage(key.hash, utcDay(services.now())), key);
}

function parseLimit(value: unknown, path: string): number | null {
  return value === null ? null : toNanoDollars(expectNumber(value, path, { min: 0 }));
}

function parseLimitReset(value: unknown, path: string): LimitReset | null {
  return value === null ? null : expectEnum(value, path, limitResets);
}

function parseRate(value: unknown, path: string): number | null {
  return value === null ? null : expectNumber(value, path, { min: 1, integer: true });
}

/** Switchboard's rate-limit fields on the keys API (requests and tokens per minute; null for the gateway's default). */
function rateFields(body: Record<string, unknown>): { requestsPerMinute?: number | null; tokensPerMinute?: number | null } {
  return {
    ...(body.requests_per_minute !== undefined ? { requestsPerMinute: parseRate(body.requests_per_minute, 'requests_per_minute') } : {}),
    ...(body.tokens_per_minute !== undefined ? { tokensPerMinute: parseRate(body.tokens_per_minute, 'tokens_per_minute') } : {}),
  };
}

/** GET /key (and the legacy /auth/key), /credits, and the management API /keys. */
export function keyRoutes(services: GatewayServices): Route[] {
  const currentKey = async (exchange: Parameters<Route['handler']>[0]) => {
    const auth = exchange.principal;
    const account = auth.account;
    const balance = await services.limits.accountBalance(account.id);
    const requestsPerMinute = auth.key ? (auth.key.requestsPerMinute ?? services.config.limits.requests_per_minute_per_key) : null;
    const tokensPerMinute = auth.key ? (auth.key.tokensPerMinute ?? services.config.limits.tokens_per_minute_per_key) : null;
    const limits = services.config.limits;
    const freeLimit = account.purchasedNano >= toNanoDollars(limits.free_credits_threshold_usd) ? limits.free_requests_per_day_with_credits : limits.free_requests_per_day;
    const freeUsed = await services.limits.freeRequestsToday(account.id);
    const common = {
      is_free_tier: isFreeTier(account),
      free_model_daily_requests: { limit: freeLimit, remaining: Math.max(0, freeLimit - freeUsed), used: freeUsed },
      // No data-region routing here: every request is served as OpenRouter's `global` region.
      allowed_data_regions: ['global'],
      organization_id: account.id,
      workspace_id: auth.key?.workspaceId ?? defaultWorkspaceId,
      creator_user_id: auth.key?.creatorUserId ?? null,
      rate_limit: {
        requests: requestsPerMinute ?? -1,
        interval: '1m',
        tokens: tokensPerMinute ?? -1,
        note: "Switchboard enforces requests and tokens per minute per key (-1: no limit) and OpenRouter's :free allowances; see X-RateLimit-* headers.",
      },
    };
    if (!auth.key) {
      const usage = fromNanoDollars(balance?.usageNano ?? account.usageNano);
      // No key's counters hold key-less spending: the periods come from the generation log.
      const periods = await accountPeriodUsage(services, account.id);
      exchange.sendJson(200, {
        data: {
          label: 'anonymous (local account)',
          limit: null,
          limit_reset: null,
          limit_remaining: null,
          include_byok_in_limit: false,
          usage,
          usage_daily: periods.daily,
          usage_weekly: periods.weekly,
          usage_monthly: periods.monthly,
          byok_usage: periods.byokTotal,
          byok_usage_daily: periods.byokDaily,
          byok_usage_weekly: periods.byokWeekly,
          byok_usage_monthly: periods.byokMonthly,
          is_management_key: false,
          is_provisioning_key: false,
          expires_at: null,
          ...common,
        },
      });
      return;
    }
    const key = auth.key;
    exchange.sendJson(200, {
      data: {
        label: key.label,
        ...keyUsageFields(await balanceOf(services, key), key),
        is_management_key: key.isManagement,
        is_provisioning_key: key.isManagement,
        expires_at: key.expiresAt,
        ...common,
      },
    });
  };

  /** The account's workspace a request names (by id or slug), or a 400 naming the field. */
  const workspaceOf = async (accountId: string, value: unknown, param: string) => {
    const reference = expectString(value, param, { nonEmpty: true, maxLength: 200 });
    const workspace = await services.controlPlane.organization.getWorkspace(accountId, reference);
    if (!workspace) throw new GatewayError('invalid_request', `${param}: no workspace ${reference.slice(0, 64)} in this account`, { metadata: { param } });
    return workspace;
  };
  /** Who made a key: the member the body names (one of the account's), else the management key's own creator. */
  const creatorOf = async (auth: Principal, value: unknown): Promise<string | null> => {
    if (value === undefined || value === null) return auth.key?.creatorUserId ?? null;
    const userId = expectString(value, 'creator_user_id', { nonEmpty: true, maxLength: 200 });
    const [member] = await namedMembers(services, auth.account.id, [userId], 'creator_user_id');
    return member!.id;
  };

  const managedKey = async (exchange: Parameters<Route['handler']>[0], hash: string) => {
    const auth = exchange.principal;
    const key = await services.controlPlane.getKey(hash);
    if (!key || key.accountId !== auth.account.id) throw new GatewayError('not_found', `Key ${hash} not found`);
    return key;
  };

  return [
    { method: 'GET', path: '/api/v1/key', access: 'account', handler: currentKey },
    { method: 'GET', path: '/api/v1/auth/key', access: 'account', handler: currentKey },
    {
      method: 'GET',
      path: '/api/v1/credits',
      access: 'account',
      handler: async (exchange) => {
        const auth = exchange.principal;
        const balance = await services.limits.accountBalance(auth.account.id);
        exchange.sendJson(200, {
          data: { total_credits: fromNanoDollars(balance?.creditsNano ?? auth.account.creditsNano), total_usage: fromNanoDollars(balance?.usageNano ?? auth.account.usageNano) },
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/keys',
      access: 'management',
      handler: async (exchange) => {
        const auth = exchange.principal;
        const offset = Number(exchange.query.get('offset') ?? 0);
        if (!Number.isInteger(offset) || offset < 0) throw new GatewayError('invalid_request', 'offset: expected a non-negative integer', { metadata: { param: 'offset' } });
        const workspace = exchange.query.get('workspace_id');
        const workspaceId = workspace === null ? undefined : (await workspaceOf(auth.account.id, workspace, 'workspace_id')).id;
        const keys = await services.controlPlane.listKeys(auth.account.id, { includeDisabled: exchange.query.get('include_disabled') === 'true', workspaceId, offset, limit: 100 });
        const data = await Promise.all(keys.map(async (key) => managedKeyJson(key, keyUsageFields(await balanceOf(services, key), key))));
        exchange.sendJson(200, { data });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/keys',
      access: 'management',
      body: 'json',
      handler: async (exchange) => {
        const auth = exchange.principal;
        const body = expectObject(exchange.json, 'body');
        const created = await services.accounts.createKey({
          accountId: auth.account.id,
          name: expectString(body.name, 'name', { nonEmpty: true, maxLength: 200 }),
          limitNano: body.limit === undefined ? null : parseLimit(body.limit, 'limit'),
          limitReset: body.limit_reset === undefined ? null : parseLimitReset(body.limit_reset, 'limit_reset'),
          includeByokInLimit: body.include_byok_in_limit === undefined ? false : expectBoolean(body.include_byok_in_limit, 'include_byok_in_limit'),
          expiresAt: body.expires_at === undefined || body.expires_at === null ? null : new Date(expectString(body.expires_at, 'expires_at')).toISOString(),
          ...rateFields(body),
          workspaceId: body.workspace_id === undefined || body.workspace_id === null ? defaultWorkspaceId : (await workspaceOf(auth.account.id, body.workspace_id, 'workspace_id')).id,
          creatorUserId: await creatorOf(auth, body.creator_user_id),
        });
        exchange.sendJson(201, { data: managedKeyJson(created.record, keyUsageFields(await balanceOf(services, created.record), created.record)), key: created.key });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/keys/:hash',
      access: 'management',
      handler: async (exchange, { hash }) => {
        const key = await managedKey(exchange, hash!);
        exchange.sendJson(200, { data: managedKeyJson(key, keyUsageFields(await balanceOf(services, key), key)) });
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/keys/:hash',
      access: 'management',
      body: 'json',
      handler: async (exchange, { hash }) => {
        await managedKey(exchange, hash!);
        const body = expectObject(exchange.json, 'body');
        const updated = await services.controlPlane.updateKey(hash!, {
          ...(body.name !== undefined ? { name: expectString(body.name, 'name', { nonEmpty: true, maxLength: 200 }) } : {}),
          ...(body.disabled !== undefined ? { disabled: expectBoolean(body.disabled, 'disabled') } : {}),
          ...(body.limit !== undefined ? { limitNano: parseLimit(body.limit, 'limit') } : {}),
          ...(body.limit_reset !== undefined ? { limitReset: parseLimitReset(body.limit_reset, 'limit_reset') } : {}),
          ...(body.include_byok_in_limit !== undefined ? { includeByokInLimit: expectBoolean(body.include_byok_in_limit, 'include_byok_in_limit') } : {}),
          ...rateFields(body),
        });
        services.authenticator.invalidate(hash!);
        await services.limits.load((await services.controlPlane.getAccount(updated.accountId))!, updated);
        exchange.sendJson(200, { data: managedKeyJson(updated, keyUsageFields(await balanceOf(services, updated), updated)) });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/keys/:hash',
      access: 'management',
      handler: async (exchange, { hash }) => {
        await managedKey(exchange, hash!);
        await services.controlPlane.deleteKey(hash!);
        services.authenticator.invalidate(hash!);
        exchange.sendJson(200, { deleted: true });
      },
    },
  ];
}
