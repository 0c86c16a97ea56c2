import type { Account, ApiKey } from '../../spec/account.js';
import type { LimitReset } from '../../spec/limit-period.js';
import type { Preset, PresetVersion } from '../../spec/preset.js';

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

/** A preset as both hold it. */
export interface PresetRow {
  id: string;
  account_id: string;
  slug: string;
  name: string;
  description: string | null;
  status: Preset['status'];
  designated_version_id: string | null;
  created_at: string;
  updated_at: string;
  status_updated_at: string | null;
}

/** A preset's version as both hold it: its config as JSON text. */
export interface PresetVersionRow {
  id: string;
  preset_id: string;
  version: number;
  config: string;
  system_prompt: string | null;
  creator_id: string;
  created_at: string;
  updated_at: string;
}

export function toPreset(row: PresetRow): Preset {
  return {
    id: row.id,
    accountId: row.account_id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    status: row.status,
    designatedVersionId: row.designated_version_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    statusUpdatedAt: row.status_updated_at,
  };
}

export function toPresetVersion(row: PresetVersionRow): PresetVersion {
  return {
    id: row.id,
    presetId: row.preset_id,
    version: Number(row.version),
    config: JSON.parse(row.config) as Record<string, unknown>,
    systemPrompt: row.system_prompt,
    creatorId: row.creator_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The presets' tables, in the SQL both engines take. */
export const presetTablesSql = `CREATE TABLE presets (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     slug TEXT NOT NULL,
     name TEXT NOT NULL,
     description TEXT,
     status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'archived')),
     designated_version_id TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     status_updated_at TEXT,
     UNIQUE (account_id, slug)
   );
   CREATE TABLE preset_versions (
     id TEXT PRIMARY KEY,
     preset_id TEXT NOT NULL REFERENCES presets(id),
     version INTEGER NOT NULL,
     config TEXT NOT NULL,
     system_prompt TEXT,
     creator_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (preset_id, version)
   );`;
