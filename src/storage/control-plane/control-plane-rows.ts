import type { Account, ApiKey } from '../../spec/account.js';
import type { LimitReset } from '../../spec/limit-period.js';

/** An account as both control-plane tables hold it. */
export interface AccountRow {
  id: string;
  name: string;
  billing_country: string | null;
  credits_nano: number;
  usage_nano: number;
  purchased_nano: number;
  created_at: string;
}

/** A key as both hold it; SQLite keeps flags as 0 or 1, PostgreSQL as booleans. */
export interface KeyRow {
  hash: string;
  account_id: string;
  name: string;
  label: string;
  is_management: boolean | number;
  disabled: boolean | number;
  limit_nano: number | null;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  limit_reset: LimitReset | null;
  include_byok_in_limit: boolean | number;
  expires_at: string | null;
  created_at: string;
  updated_at: string | null;
}

const flag = (value: boolean | number) => value === true || value === 1;

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    billingCountry: row.billing_country,
    creditsNano: row.credits_nano,
    usageNano: row.usage_nano,
    purchasedNano: row.purchased_nano,
    createdAt: row.created_at,
  };
}

export function toKey(row: KeyRow): ApiKey {
  return {
    hash: row.hash,
    accountId: row.account_id,
    name: row.name,
    label: row.label,
    isManagement: flag(row.is_management),
    disabled: flag(row.disabled),
    limitNano: row.limit_nano,
    requestsPerMinute: row.requests_per_minute,
    tokensPerMinute: row.tokens_per_minute,
    limitReset: row.limit_reset,
    includeByokInLimit: flag(row.include_byok_in_limit),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
