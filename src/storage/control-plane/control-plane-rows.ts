import type { Account, ApiKey } from '../../spec/account.js';
import type { LimitReset } from '../../spec/limit-period.js';
import type { Preset, PresetVersion } from '../../spec/preset.js';
import type { ByokKey } from '../../spec/byok-key.js';
import type { Guardrail } from '../../spec/guardrail.js';
import type { AuthCode } from '../../spec/auth-code.js';
import type { SpendScope } from '../../spec/workspace.js';

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
  workspace_id: string;
  creator_user_id: string | null;
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
    workspaceId: row.workspace_id,
    creatorUserId: row.creator_user_id,
  };
}

/** Which workspace and member a key belongs to (keys made before workspaces are in `default`). */
export const keyWorkspaceColumnsSql = `ALTER TABLE api_keys ADD COLUMN workspace_id TEXT NOT NULL DEFAULT 'default';
   ALTER TABLE api_keys ADD COLUMN creator_user_id TEXT;
   CREATE INDEX api_keys_workspace ON api_keys(account_id, workspace_id);
   CREATE INDEX api_keys_creator ON api_keys(account_id, creator_user_id);`;

/** The SQL condition selecting the keys of a spend scope (parameters: account id, then the workspace or member id). */
export function scopeKeysCondition(scope: SpendScope): { column: 'workspace_id' | 'creator_user_id'; id: string } {
  if (scope.startsWith('workspace:')) return { column: 'workspace_id', id: scope.slice('workspace:'.length) };
  return { column: 'creator_user_id', id: scope.slice('member:'.length) };
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

/** A BYOK key as both hold it: lists as JSON text, flags as 0/1 or booleans. */
export interface ByokKeyRow {
  id: string;
  account_id: string;
  provider: string;
  name: string | null;
  label: string;
  encrypted_key: string;
  disabled: boolean | number;
  is_byok_only: boolean | number;
  is_fallback: boolean | number;
  is_required: boolean | number;
  allowed_models: string | null;
  allowed_api_key_hashes: string | null;
  allowed_user_ids: string | null;
  declared_zdr: boolean | number | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

const list = (text: string | null) => (text === null ? null : (JSON.parse(text) as string[]));

export function toByokKey(row: ByokKeyRow): ByokKey {
  return {
    id: row.id,
    accountId: row.account_id,
    provider: row.provider,
    name: row.name,
    label: row.label,
    encryptedKey: row.encrypted_key,
    disabled: flag(row.disabled),
    isByokOnly: flag(row.is_byok_only),
    isFallback: flag(row.is_fallback),
    isRequired: flag(row.is_required),
    allowedModels: list(row.allowed_models),
    allowedApiKeyHashes: list(row.allowed_api_key_hashes),
    allowedUserIds: list(row.allowed_user_ids),
    declaredZdr: row.declared_zdr === null ? null : flag(row.declared_zdr),
    sortOrder: Number(row.sort_order),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Columns and values for an INSERT or UPDATE: absent values left out, flags as 0/1 (both engines take them). */
function columnsOf(entries: [column: string, value: unknown][]): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [column, value] of entries) if (value !== undefined) columns[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  return columns;
}

/** A list column as JSON text (absent stays absent, null stays null). */
const jsonList = (value: string[] | null | undefined) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value));

/** A BYOK key's columns and values for an INSERT or UPDATE. */
export function byokColumns(key: Partial<ByokKey>): Record<string, unknown> {
  return columnsOf([
    ['name', key.name],
    ['label', key.label],
    ['encrypted_key', key.encryptedKey],
    ['disabled', key.disabled],
    ['is_byok_only', key.isByokOnly],
    ['is_fallback', key.isFallback],
    ['is_required', key.isRequired],
    ['allowed_models', jsonList(key.allowedModels)],
    ['allowed_api_key_hashes', jsonList(key.allowedApiKeyHashes)],
    ['allowed_user_ids', jsonList(key.allowedUserIds)],
    ['declared_zdr', key.declaredZdr],
    ['sort_order', key.sortOrder],
  ]);
}

/** The BYOK keys' table, in the SQL both engines take (flags as integers 0/1 in both). */
export const byokTableSql = `CREATE TABLE byok_keys (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     provider TEXT NOT NULL,
     name TEXT,
     label TEXT NOT NULL,
     encrypted_key TEXT NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0,
     is_byok_only INTEGER NOT NULL DEFAULT 0,
     is_fallback INTEGER NOT NULL DEFAULT 0,
     is_required INTEGER NOT NULL DEFAULT 0,
     allowed_models TEXT,
     allowed_api_key_hashes TEXT,
     allowed_user_ids TEXT,
     declared_zdr INTEGER,
     sort_order INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX byok_keys_account ON byok_keys(account_id, provider);`;

/** A guardrail as both hold it. */
export interface GuardrailRow {
  id: string;
  account_id: string;
  name: string;
  description: string | null;
  limit_nano: number | null;
  reset_interval: LimitReset | null;
  include_byok: boolean | number;
  allowed_models: string | null;
  ignored_models: string | null;
  allowed_providers: string | null;
  ignored_providers: string | null;
  enforce_zdr: boolean | number;
  created_at: string;
  updated_at: string;
}

export function toGuardrail(row: GuardrailRow): Guardrail {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    description: row.description,
    limitNano: row.limit_nano === null ? null : Number(row.limit_nano),
    resetInterval: row.reset_interval,
    includeByokInBudgets: flag(row.include_byok),
    allowedModels: list(row.allowed_models),
    ignoredModels: list(row.ignored_models),
    allowedProviders: list(row.allowed_providers),
    ignoredProviders: list(row.ignored_providers),
    enforceZdr: flag(row.enforce_zdr),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A guardrail's columns and values for an INSERT or UPDATE. */
export function guardrailColumns(guardrail: Partial<Guardrail>): Record<string, unknown> {
  return columnsOf([
    ['name', guardrail.name],
    ['description', guardrail.description],
    ['limit_nano', guardrail.limitNano],
    ['reset_interval', guardrail.resetInterval],
    ['include_byok', guardrail.includeByokInBudgets],
    ['allowed_models', jsonList(guardrail.allowedModels)],
    ['ignored_models', jsonList(guardrail.ignoredModels)],
    ['allowed_providers', jsonList(guardrail.allowedProviders)],
    ['ignored_providers', jsonList(guardrail.ignoredProviders)],
    ['enforce_zdr', guardrail.enforceZdr],
  ]);
}

/** The guardrails' tables, in the SQL both engines take. */
export const guardrailTablesSql = `CREATE TABLE guardrails (
     id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     name TEXT NOT NULL,
     description TEXT,
     limit_nano BIGINT,
     reset_interval TEXT CHECK (reset_interval IN ('daily', 'weekly', 'monthly')),
     include_byok INTEGER NOT NULL DEFAULT 0,
     allowed_models TEXT,
     ignored_models TEXT,
     allowed_providers TEXT,
     ignored_providers TEXT,
     enforce_zdr INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE guardrail_keys (
     guardrail_id TEXT NOT NULL REFERENCES guardrails(id) ON DELETE CASCADE,
     key_hash TEXT NOT NULL,
     assigned_at TEXT NOT NULL,
     PRIMARY KEY (guardrail_id, key_hash)
   );
   CREATE INDEX guardrail_keys_key ON guardrail_keys(key_hash);`;

/** An OAuth authorization code as both hold it. */
export interface AuthCodeRow {
  code_hash: string;
  account_id: string;
  callback_url: string;
  code_challenge: string | null;
  code_challenge_method: AuthCode['codeChallengeMethod'];
  key_label: string | null;
  limit_nano: number | null;
  limit_reset: LimitReset | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export function toAuthCode(row: AuthCodeRow): AuthCode {
  return {
    codeHash: row.code_hash,
    accountId: row.account_id,
    callbackUrl: row.callback_url,
    codeChallenge: row.code_challenge,
    codeChallengeMethod: row.code_challenge_method,
    keyLabel: row.key_label,
    limitNano: row.limit_nano === null ? null : Number(row.limit_nano),
    limitReset: row.limit_reset,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

export function authCodeColumns(code: AuthCode): Record<string, unknown> {
  return {
    code_hash: code.codeHash,
    account_id: code.accountId,
    callback_url: code.callbackUrl,
    code_challenge: code.codeChallenge,
    code_challenge_method: code.codeChallengeMethod,
    key_label: code.keyLabel,
    limit_nano: code.limitNano,
    limit_reset: code.limitReset,
    created_at: code.createdAt,
    expires_at: code.expiresAt,
    used_at: code.usedAt,
  };
}

/** OAuth codes, in the SQL both engines take. */
export const authCodesTableSql = `CREATE TABLE auth_codes (
     code_hash TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     callback_url TEXT NOT NULL,
     code_challenge TEXT,
     code_challenge_method TEXT CHECK (code_challenge_method IN ('S256', 'plain')),
     key_label TEXT,
     limit_nano BIGINT,
     limit_reset TEXT CHECK (limit_reset IN ('daily', 'weekly', 'monthly')),
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     used_at TEXT
   );`;
