import type { KeyBalance } from '../../accounting/credit-ledger.js';
import { fromNanoDollars } from '../../accounting/pricing.js';
import type { Account, ApiKey, KeyUsage } from '../../spec/account.js';

const dollars = (nano: number | null) => (nano === null ? null : fromNanoDollars(nano));

/** The store's usage counters in the ledger's shape (for keys this process has not used yet). */
export function storedBalance(stored: KeyUsage, key: ApiKey): KeyBalance {
  return { ...stored, limitNano: key.limitNano, limitReset: key.limitReset, remainingNano: null };
}

/** GET /key's and the management API's usage and limit fields. */
export function keyUsageFields(balance: KeyBalance, key: ApiKey): Record<string, unknown> {
  const own = key.limitReset === 'daily' ? balance.dailyNano : key.limitReset === 'weekly' ? balance.weeklyNano : key.limitReset === 'monthly' ? balance.monthlyNano : balance.totalNano;
  const byok =
    key.limitReset === 'daily' ? balance.byokDailyNano : key.limitReset === 'weekly' ? balance.byokWeeklyNano : key.limitReset === 'monthly' ? balance.byokMonthlyNano : balance.byokTotalNano;
  // BYOK usage counts toward the limit when the key says so (include_byok_in_limit).
  const period = own + (key.includeByokInLimit ? byok : 0);
  return {
    limit: dollars(key.limitNano),
    limit_reset: key.limitReset,
    limit_remaining: key.limitNano === null ? null : fromNanoDollars(Math.max(0, key.limitNano - period)),
    include_byok_in_limit: key.includeByokInLimit,
    usage: fromNanoDollars(balance.totalNano),
    usage_daily: fromNanoDollars(balance.dailyNano),
    usage_weekly: fromNanoDollars(balance.weeklyNano),
    usage_monthly: fromNanoDollars(balance.monthlyNano),
    byok_usage: fromNanoDollars(balance.byokTotalNano),
    byok_usage_daily: fromNanoDollars(balance.byokDailyNano),
    byok_usage_weekly: fromNanoDollars(balance.byokWeeklyNano),
    byok_usage_monthly: fromNanoDollars(balance.byokMonthlyNano),
  };
}

/** A key as the management API (GET/POST/PATCH /keys) returns it. */
export function managedKeyJson(key: ApiKey, usageFields: Record<string, unknown>): Record<string, unknown> {
  return {
    hash: key.hash,
    name: key.name,
    label: key.label,
    disabled: key.disabled,
    ...usageFields,
    is_management_key: key.isManagement,
    requests_per_minute: key.requestsPerMinute,
    tokens_per_minute: key.tokensPerMinute,
    created_at: key.createdAt,
    updated_at: key.updatedAt,
    expires_at: key.expiresAt,
    creator_user_id: key.creatorUserId,
    external_user: null,
    workspace_id: key.workspaceId,
  };
}

/** An account never topped up with purchased credits is on the free tier. */
export function isFreeTier(account: Account): boolean {
  return account.purchasedNano === 0;
}
