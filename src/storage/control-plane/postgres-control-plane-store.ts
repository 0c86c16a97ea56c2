import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import type { Account, ApiKey, KeyUsage } from '../../spec/account.js';
import { periodStartDay } from '../../spec/limit-period.js';
import type { QueuePosition } from '../durable-queue/queue-position.js';
import {
  type AccountRow,
  type AuthCodeRow,
  authCodeColumns,
  authCodesTableSql,
  toAuthCode,
  type ByokKeyRow,
  byokColumns,
  byokTableSql,
  type GuardrailRow,
  guardrailColumns,
  guardrailTablesSql,
  type KeyRow,
  keyWorkspaceColumnsSql,
  scopeKeysCondition,
  type PresetRow,
  type PresetVersionRow,
  presetTablesSql,
  toAccount,
  toByokKey,
  toGuardrail,
  toKey,
  toPreset,
  toPresetVersion,
} from './control-plane-rows.js';
import type { ByokKey, ByokKeyPatch } from '../../spec/byok-key.js';
import type { Guardrail } from '../../spec/guardrail.js';
import type { AuthCode } from '../../spec/auth-code.js';
import type { Preset, PresetVersion } from '../../spec/preset.js';
import { defaultWorkspaceId, type SpendScope } from '../../spec/workspace.js';
import { organizationTablesSql } from './organization-rows.js';
import { SqlOrganizationStore } from './sql-organization-store.js';
import { SqlDestinationStore } from './sql-destination-store.js';
import { destinationTableSql } from './destination-rows.js';
import { GenerationContentStore, generationContentTableSql } from './generation-content-store.js';
import { GenerationFeedbackStore, generationFeedbackTableSql } from './generation-feedback-store.js';
import { FileStore, fileTableSql } from './file-store.js';
import { workspaceContentColumnsSql } from './organization-rows.js';
import { postgresRunner } from './sql-runner.js';
import type {
  ControlPlaneStore,
  CreateAccountInput,
  ListKeysOptions,
  CreateKeyInput,
  GuardrailKeyAssignment,
  GuardrailPatch,
  SavePresetVersionInput,
  UpdateKeyInput,
  UsageEntry,
} from './control-plane-store.js';

/**
 * Versioned schema changes, applied in order at start, each in its own transaction under an
 * advisory lock (several nodes starting at once apply each one once); `switchboard_migrations`
 * records what was applied.
 */
export const postgresMigrations: readonly string[] = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     billing_country TEXT,
     credits_nano BIGINT NOT NULL DEFAULT 0,
     usage_nano BIGINT NOT NULL DEFAULT 0,
     purchased_nano BIGINT NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL
   );
   CREATE TABLE credit_transactions (
     id BIGSERIAL PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     amount_nano BIGINT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('purchase', 'grant', 'adjustment')),
     note TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE api_keys (
     hash TEXT PRIMARY KEY,
     account_id TEXT NOT NULL REFERENCES accounts(id),
     name TEXT NOT NULL,
     label TEXT NOT NULL,
     is_management BOOLEAN NOT NULL DEFAULT FALSE,
     disabled BOOLEAN NOT NULL DEFAULT FALSE,
     limit_nano BIGINT,
     limit_reset TEXT CHECK (limit_reset IN ('daily', 'weekly', 'monthly')),
     include_byok_in_limit BOOLEAN NOT NULL DEFAULT FALSE,
     expires_at TEXT,
     requests_per_minute INTEGER,
     tokens_per_minute INTEGER,
     created_at TEXT NOT NULL,
     updated_at TEXT,
     deleted_at TEXT
   );
   CREATE INDEX api_keys_account ON api_keys(account_id);
   CREATE TABLE key_usage_days (
     key_hash TEXT NOT NULL,
     day INTEGER NOT NULL,
     usage_nano BIGINT NOT NULL DEFAULT 0,
     byok_usage_nano BIGINT NOT NULL DEFAULT 0,
     PRIMARY KEY (key_hash, day)
   );
   CREATE TABLE queue_cursors (
     name TEXT PRIMARY KEY,
     segment BIGINT NOT NULL,
     "offset" BIGINT NOT NULL
   );`,
  presetTablesSql,
  byokTableSql,
  guardrailTablesSql,
  authCodesTableSql,
  keyWorkspaceColumnsSql,
  organizationTablesSql,
  destinationTableSql,
  generationContentTableSql,
  workspaceContentColumnsSql,
  generationFeedbackTableSql,
  fileTableSql,
];

/** Any number for pg_advisory_xact_lock: the migrations' lock. */
const migrationLock = 0x5357_4243;

/**
 * The control plane on PostgreSQL (`control_plane: { store: postgres, url }`), for several gateway
 * nodes sharing one: the `postgres` driver's connection pool, nano-USD in BIGINT read back as
 * numbers (safe to 9 × 10^15), the same contract as SQLite (control-plane-store.contract.ts).
 */
export class PostgresControlPlaneStore implements ControlPlaneStore {
  readonly organization: SqlOrganizationStore;
  readonly destinations: SqlDestinationStore;
  readonly generationContent: GenerationContentStore;
  readonly generationFeedback: GenerationFeedbackStore;
  readonly files: FileStore;

  private constructor(private readonly sql: postgres.Sql) {
    this.organization = new SqlOrganizationStore(postgresRunner(sql));
    this.destinations = new SqlDestinationStore(postgresRunner(sql));
    this.generationContent = new GenerationContentStore(postgresRunner(sql));
    this.generationFeedback = new GenerationFeedbackStore(postgresRunner(sql));
    this.files = new FileStore(postgresRunner(sql));
  }

  static async open(url: string, options: { maxConnections?: number } = {}): Promise<PostgresControlPlaneStore> {
    const sql = postgres(url, {
      max: options.maxConnections ?? 10,
      onnotice: () => undefined,
      // BIGINT (nano-USD) as a JavaScript number: every amount is checked to be a safe integer before it is written.
      types: { bigint: { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) } },
    });
    const store = new PostgresControlPlaneStore(sql);
    await store.migrate();
    return store;
  }

  /** Applies the migrations this database lacks; returns how many it applied. */
  async migrate(): Promise<number> {
    await this.sql.begin(async (transaction) => {
      await transaction`SELECT pg_advisory_xact_lock(${migrationLock})`;
      await transaction`CREATE TABLE IF NOT EXISTS switchboard_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`;
    });
    let applied = 0;
    for (let version = 1; version <= postgresMigrations.length; version++) {
      await this.sql.begin(async (transaction) => {
        await transaction`SELECT pg_advisory_xact_lock(${migrationLock})`;
        const [done] = await transaction`SELECT 1 FROM switchboard_migrations WHERE version = ${version}`;
        if (done) return;
        await transaction.unsafe(postgresMigrations[version - 1]!);
        await transaction`INSERT INTO switchboard_migrations (version, applied_at) VALUES (${version}, ${new Date().toISOString()})`;
        applied++;
      });
    }
    return applied;
  }

  async createAccount(input: CreateAccountInput): Promise<Account> {
    const id = input.id ?? `acct_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await this.sql`INSERT INTO accounts (id, name, billing_country, created_at) VALUES (${id}, ${input.name}, ${input.billingCountry?.toUpperCase() ?? null}, ${new Date().toISOString()})`;
    return (await this.getAccount(id))!;
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const [row] = await this.sql<AccountRow[]>`SELECT * FROM accounts WHERE id = ${id}`;
    return row ? toAccount(row) : undefined;
  }

  async listAccounts(): Promise<Account[]> {
    return (await this.sql<AccountRow[]>`SELECT * FROM accounts ORDER BY created_at, id`).map(toAccount);
  }

  async updateAccount(id: string, patch: { name?: string; billingCountry?: string | null }): Promise<Account> {
    const account = await this.getAccount(id);
    if (!account) throw new Error(`no account ${id}`);
    const country = patch.billingCountry === undefined ? account.billingCountry : (patch.billingCountry?.toUpperCase() ?? null);
    await this.sql`UPDATE accounts SET name = ${patch.name ?? account.name}, billing_country = ${country} WHERE id = ${id}`;
    return (await this.getAccount(id))!;
  }

  async addCredits(accountId: string, amountNano: number, kind: 'purchase' | 'grant' | 'adjustment', note?: string): Promise<Account> {
    if (!Number.isSafeInteger(amountNano)) throw new Error('credit amount must be a whole number of nano-USD');
    await this.sql.begin(async (transaction) => {
      const result =
        await transaction`UPDATE accounts SET credits_nano = credits_nano + ${amountNano}, purchased_nano = purchased_nano + ${kind === 'purchase' ? amountNano : 0} WHERE id = ${accountId}`;
      if (result.count === 0) throw new Error(`no account ${accountId}`);
      await transaction`INSERT INTO credit_transactions (account_id, amount_nano, kind, note, created_at) VALUES (${accountId}, ${amountNano}, ${kind}, ${note ?? null}, ${new Date().toISOString()})`;
    });
    return (await this.getAccount(accountId))!;
  }

  async createKey(input: CreateKeyInput & { hash: string; label: string }): Promise<ApiKey> {
    await this
      .sql`INSERT INTO api_keys (hash, account_id, name, label, is_management, limit_nano, limit_reset, include_byok_in_limit, expires_at, created_at, requests_per_minute, tokens_per_minute, workspace_id, creator_user_id)
      VALUES (${input.hash}, ${input.accountId}, ${input.name}, ${input.label}, ${input.isManagement === true}, ${input.limitNano ?? null}, ${input.limitReset ?? null},
        ${input.includeByokInLimit === true}, ${input.expiresAt ?? null}, ${new Date().toISOString()}, ${input.requestsPerMinute ?? null}, ${input.tokensPerMinute ?? null},
        ${input.workspaceId ?? defaultWorkspaceId}, ${input.creatorUserId ?? null})`;
    return (await this.getKey(input.hash))!;
  }

  async getKey(hash: string): Promise<ApiKey | undefined> {
    const [row] = await this.sql<KeyRow[]>`SELECT * FROM api_keys WHERE hash = ${hash} AND deleted_at IS NULL`;
    return row ? toKey(row) : undefined;
  }

  async listKeys(accountId: string, options: ListKeysOptions = {}): Promise<ApiKey[]> {
    const deleted = options.includeDeleted ? this.sql`` : this.sql`AND deleted_at IS NULL`;
    const rows = await this.sql<KeyRow[]>`SELECT * FROM api_keys WHERE account_id = ${accountId} ${deleted} ${options.includeDisabled ? this.sql`` : this.sql`AND NOT disabled`}
      ${options.workspaceId === undefined ? this.sql`` : this.sql`AND workspace_id = ${options.workspaceId}`}
      ORDER BY created_at, hash LIMIT ${options.limit ?? null} OFFSET ${options.offset ?? 0}`;
    return rows.map(toKey);
  }

  async updateKey(hash: string, patch: UpdateKeyInput): Promise<ApiKey> {
    const key = await this.getKey(hash);
    if (!key) throw new Error(`no key ${hash}`);
    await this.sql`UPDATE api_keys SET
        name = ${patch.name ?? key.name},
        disabled = ${patch.disabled ?? key.disabled},
        limit_nano = ${patch.limitNano === undefined ? key.limitNano : patch.limitNano},
        limit_reset = ${patch.limitReset === undefined ? key.limitReset : patch.limitReset},
        include_byok_in_limit = ${patch.includeByokInLimit ?? key.includeByokInLimit},
        requests_per_minute = ${patch.requestsPerMinute === undefined ? key.requestsPerMinute : patch.requestsPerMinute},
        tokens_per_minute = ${patch.tokensPerMinute === undefined ? key.tokensPerMinute : patch.tokensPerMinute},
        updated_at = ${new Date().toISOString()}
      WHERE hash = ${hash}`;
    return (await this.getKey(hash))!;
  }

  async deleteKey(hash: string): Promise<boolean> {
    const result = await this.sql`UPDATE api_keys SET deleted_at = ${new Date().toISOString()} WHERE hash = ${hash} AND deleted_at IS NULL`;
    return result.count > 0;
  }

  async keyUsage(hash: string, today: number): Promise<KeyUsage> {
    return this.usageOf(this.sql`key_hash = ${hash}`, today);
  }

  async scopeUsage(accountId: string, scope: SpendScope, today: number): Promise<KeyUsage> {
    const { column, id } = scopeKeysCondition(scope);
    return this.usageOf(this.sql`key_hash IN (SELECT hash FROM api_keys WHERE account_id = ${accountId} AND ${this.sql(column)} = ${id})`, today);
  }

  /** Usage of the keys a condition selects, by period. */
  private async usageOf(condition: postgres.PendingQuery<postgres.Row[]>, today: number): Promise<KeyUsage> {
    const week = periodStartDay('weekly', today);
    const month = periodStartDay('monthly', today);
    const [row] = await this.sql<Record<string, number>[]>`SELECT
        COALESCE(SUM(usage_nano), 0)::BIGINT AS total,
        COALESCE(SUM(usage_nano) FILTER (WHERE day = ${today}), 0)::BIGINT AS daily,
        COALESCE(SUM(usage_nano) FILTER (WHERE day >= ${week} AND day <= ${today}), 0)::BIGINT AS weekly,
        COALESCE(SUM(usage_nano) FILTER (WHERE day >= ${month} AND day <= ${today}), 0)::BIGINT AS monthly,
        COALESCE(SUM(byok_usage_nano), 0)::BIGINT AS byok_total,
        COALESCE(SUM(byok_usage_nano) FILTER (WHERE day = ${today}), 0)::BIGINT AS byok_daily,
        COALESCE(SUM(byok_usage_nano) FILTER (WHERE day >= ${week} AND day <= ${today}), 0)::BIGINT AS byok_weekly,
        COALESCE(SUM(byok_usage_nano) FILTER (WHERE day >= ${month} AND day <= ${today}), 0)::BIGINT AS byok_monthly
      FROM key_usage_days WHERE ${condition}`;
    return {
      totalNano: row!.total!,
      dailyNano: row!.daily!,
      weeklyNano: row!.weekly!,
      monthlyNano: row!.monthly!,
      byokTotalNano: row!.byok_total!,
      byokDailyNano: row!.byok_daily!,
      byokWeeklyNano: row!.byok_weekly!,
      byokMonthlyNano: row!.byok_monthly!,
    };
  }

  async applyUsage(entries: UsageEntry[], cursorName: string, position: QueuePosition): Promise<void> {
    const accounts = new Map<string, number>();
    const keyDays = new Map<string, { key: string; day: number; usage: number; byok: number }>();
    for (const entry of entries) {
      if (!Number.isSafeInteger(entry.costNano) || entry.costNano < 0) throw new RangeError(`usage of ${entry.accountId} must be a non-negative integer of nano-USD (got ${entry.costNano})`);
      if (!Number.isSafeInteger(entry.day)) throw new RangeError(`usage of ${entry.accountId} has no day (got ${entry.day})`);
      if (entry.costNano === 0) continue;
      // BYOK generations are paid to the provider by the key's owner: the key's BYOK usage, not the account's credits.
      if (!entry.isByok) accounts.set(entry.accountId, (accounts.get(entry.accountId) ?? 0) + entry.costNano);
      if (entry.keyHash === '') continue;
      const id = `${entry.keyHash}\u0000${entry.day}`;
      const day = keyDays.get(id) ?? { key: entry.keyHash, day: entry.day, usage: 0, byok: 0 };
      if (entry.isByok) day.byok += entry.costNano;
      else day.usage += entry.costNano;
      keyDays.set(id, day);
    }
    const days = [...keyDays.values()];
    await this.sql.begin(async (transaction) => {
      if (accounts.size > 0)
        await transaction`UPDATE accounts SET usage_nano = accounts.usage_nano + batch.total
          FROM (SELECT * FROM unnest(${[...accounts.keys()]}::TEXT[], ${[...accounts.values()].map(String)}::BIGINT[]) AS t(id, total)) AS batch
          WHERE accounts.id = batch.id`;
      if (days.length > 0)
        await transaction`INSERT INTO key_usage_days (key_hash, day, usage_nano, byok_usage_nano)
          SELECT * FROM unnest(${days.map((day) => day.key)}::TEXT[], ${days.map((day) => day.day)}::INTEGER[], ${days.map((day) => String(day.usage))}::BIGINT[], ${days.map((day) => String(day.byok))}::BIGINT[])
          ON CONFLICT (key_hash, day) DO UPDATE SET usage_nano = key_usage_days.usage_nano + excluded.usage_nano, byok_usage_nano = key_usage_days.byok_usage_nano + excluded.byok_usage_nano`;
      await transaction`INSERT INTO queue_cursors (name, segment, "offset") VALUES (${cursorName}, ${position.segment}, ${position.offset})
        ON CONFLICT (name) DO UPDATE SET segment = excluded.segment, "offset" = excluded."offset"`;
    });
  }

  async getCursor(name: string): Promise<QueuePosition | null> {
    const [row] = await this.sql<{ segment: number; offset: number }[]>`SELECT segment, "offset" FROM queue_cursors WHERE name = ${name}`;
    return row ? { segment: Number(row.segment), offset: Number(row.offset) } : null;
  }

  async moveCursor(from: string, to: string): Promise<boolean> {
    // The row of `to` is the primary key: a concurrent move of the same cursor fails on it, never runs twice.
    const moved = await this.sql`UPDATE queue_cursors SET name = ${to} WHERE name = ${from} AND NOT EXISTS (SELECT 1 FROM queue_cursors WHERE name = ${to}) RETURNING name`;
    return moved.length === 1;
  }

  async savePresetVersion(input: SavePresetVersionInput): Promise<{ preset: Preset; version: PresetVersion }> {
    const now = new Date().toISOString();
    return this.sql.begin(async (transaction) => {
      await transaction`INSERT INTO presets (id, account_id, slug, name, description, created_at, updated_at)
        VALUES (${randomUUID()}, ${input.accountId}, ${input.slug}, ${input.name ?? input.slug}, ${input.description ?? null}, ${now}, ${now})
        ON CONFLICT (account_id, slug) DO NOTHING`;
      // The preset's row locked: versions of one preset are numbered one after another, whichever node saves them.
      const [preset] = await transaction<PresetRow[]>`SELECT * FROM presets WHERE account_id = ${input.accountId} AND slug = ${input.slug} FOR UPDATE`;
      const [latest] = await transaction<{ last: number }[]>`SELECT COALESCE(MAX(version), 0) AS last FROM preset_versions WHERE preset_id = ${preset!.id}`;
      const last = Number(latest?.last ?? 0);
      const id = randomUUID();
      await transaction`INSERT INTO preset_versions (id, preset_id, version, config, system_prompt, creator_id, created_at, updated_at)
        VALUES (${id}, ${preset!.id}, ${last + 1}, ${JSON.stringify(input.config)}, ${input.systemPrompt}, ${input.creatorId}, ${now}, ${now})`;
      const [updated] = await transaction<PresetRow[]>`UPDATE presets SET designated_version_id = ${id}, updated_at = ${now},
        name = COALESCE(${input.name ?? null}, name),
        description = CASE WHEN ${input.description !== undefined} THEN ${input.description ?? null} ELSE description END
        WHERE id = ${preset!.id} RETURNING *`;
      const [version] = await transaction<PresetVersionRow[]>`SELECT * FROM preset_versions WHERE id = ${id}`;
      return { preset: toPreset(updated!), version: toPresetVersion(version!) };
    }) as Promise<{ preset: Preset; version: PresetVersion }>;
  }

  async listPresets(accountId: string): Promise<Preset[]> {
    return (await this.sql<PresetRow[]>`SELECT * FROM presets WHERE account_id = ${accountId} ORDER BY slug`).map(toPreset);
  }

  async getPreset(accountId: string, slug: string): Promise<{ preset: Preset; designated: PresetVersion | null } | undefined> {
    const [row] = await this.sql<PresetRow[]>`SELECT * FROM presets WHERE account_id = ${accountId} AND slug = ${slug}`;
    if (!row) return undefined;
    const [designated] = row.designated_version_id ? await this.sql<PresetVersionRow[]>`SELECT * FROM preset_versions WHERE id = ${row.designated_version_id}` : [];
    return { preset: toPreset(row), designated: designated ? toPresetVersion(designated) : null };
  }

  async listPresetVersions(accountId: string, slug: string): Promise<PresetVersion[] | undefined> {
    const [row] = await this.sql<{ id: string }[]>`SELECT id FROM presets WHERE account_id = ${accountId} AND slug = ${slug}`;
    if (!row) return undefined;
    return (await this.sql<PresetVersionRow[]>`SELECT * FROM preset_versions WHERE preset_id = ${row.id} ORDER BY version DESC`).map(toPresetVersion);
  }

  async getPresetVersion(accountId: string, slug: string, version: number): Promise<PresetVersion | undefined> {
    const [row] = await this.sql<PresetVersionRow[]>`SELECT v.* FROM preset_versions v JOIN presets p ON p.id = v.preset_id
      WHERE p.account_id = ${accountId} AND p.slug = ${slug} AND v.version = ${version}`;
    return row ? toPresetVersion(row) : undefined;
  }

  async createByokKey(key: Omit<ByokKey, 'createdAt' | 'updatedAt'>): Promise<ByokKey> {
    const now = new Date().toISOString();
    const columns = { id: key.id, account_id: key.accountId, provider: key.provider, ...byokColumns(key), created_at: now, updated_at: now } as Record<string, postgres.ParameterOrJSON<never>>;
    await this.sql`INSERT INTO byok_keys ${this.sql(columns)}`;
    return (await this.getByokKey(key.accountId, key.id))!;
  }

  async listByokKeys(accountId: string, provider?: string): Promise<ByokKey[]> {
    const rows =
      provider === undefined
        ? await this.sql<ByokKeyRow[]>`SELECT * FROM byok_keys WHERE account_id = ${accountId} ORDER BY provider, sort_order, created_at`
        : await this.sql<ByokKeyRow[]>`SELECT * FROM byok_keys WHERE account_id = ${accountId} AND provider = ${provider} ORDER BY sort_order, created_at`;
    return rows.map(toByokKey);
  }

  async getByokKey(accountId: string, id: string): Promise<ByokKey | undefined> {
    const [row] = await this.sql<ByokKeyRow[]>`SELECT * FROM byok_keys WHERE account_id = ${accountId} AND id = ${id}`;
    return row ? toByokKey(row) : undefined;
  }

  async updateByokKey(accountId: string, id: string, patch: ByokKeyPatch): Promise<ByokKey | undefined> {
    const columns = { ...byokColumns(patch), updated_at: new Date().toISOString() } as Record<string, postgres.ParameterOrJSON<never>>;
    const [row] = await this.sql<ByokKeyRow[]>`UPDATE byok_keys SET ${this.sql(columns)} WHERE account_id = ${accountId} AND id = ${id} RETURNING *`;
    return row ? toByokKey(row) : undefined;
  }

  async deleteByokKey(accountId: string, id: string): Promise<boolean> {
    const deleted = await this.sql`DELETE FROM byok_keys WHERE account_id = ${accountId} AND id = ${id} RETURNING id`;
    return deleted.length === 1;
  }

  async createGuardrail(guardrail: Omit<Guardrail, 'createdAt' | 'updatedAt'>): Promise<Guardrail> {
    const now = new Date().toISOString();
    const columns = { id: guardrail.id, account_id: guardrail.accountId, ...guardrailColumns(guardrail), created_at: now, updated_at: now } as Record<string, postgres.ParameterOrJSON<never>>;
    await this.sql`INSERT INTO guardrails ${this.sql(columns)}`;
    return (await this.getGuardrail(guardrail.accountId, guardrail.id))!;
  }

  async listGuardrails(accountId: string): Promise<Guardrail[]> {
    return (await this.sql<GuardrailRow[]>`SELECT * FROM guardrails WHERE account_id = ${accountId} ORDER BY created_at, id`).map(toGuardrail);
  }

  async getGuardrail(accountId: string, id: string): Promise<Guardrail | undefined> {
    const [row] = await this.sql<GuardrailRow[]>`SELECT * FROM guardrails WHERE account_id = ${accountId} AND id = ${id}`;
    return row ? toGuardrail(row) : undefined;
  }

  async updateGuardrail(accountId: string, id: string, patch: GuardrailPatch): Promise<Guardrail | undefined> {
    const columns = { ...guardrailColumns(patch), updated_at: new Date().toISOString() } as Record<string, postgres.ParameterOrJSON<never>>;
    const [row] = await this.sql<GuardrailRow[]>`UPDATE guardrails SET ${this.sql(columns)} WHERE account_id = ${accountId} AND id = ${id} RETURNING *`;
    return row ? toGuardrail(row) : undefined;
  }

  async deleteGuardrail(accountId: string, id: string): Promise<boolean> {
    const deleted = await this.sql`DELETE FROM guardrails WHERE account_id = ${accountId} AND id = ${id} RETURNING id`;
    return deleted.length === 1;
  }

  async assignGuardrailKeys(accountId: string, guardrailId: string, keyHashes: readonly string[]): Promise<number> {
    const hashes = [...new Set(keyHashes)];
    if (hashes.length === 0) return 0;
    const added = await this.sql`INSERT INTO guardrail_keys (guardrail_id, key_hash, assigned_at)
      SELECT g.id, h.hash, ${new Date().toISOString()} FROM guardrails g, unnest(${hashes}::TEXT[]) AS h(hash)
      WHERE g.account_id = ${accountId} AND g.id = ${guardrailId}
      ON CONFLICT DO NOTHING RETURNING key_hash`;
    return added.length;
  }

  async unassignGuardrailKeys(accountId: string, guardrailId: string, keyHashes: readonly string[]): Promise<number> {
    const hashes = [...new Set(keyHashes)];
    if (hashes.length === 0) return 0;
    const removed = await this.sql`DELETE FROM guardrail_keys a USING guardrails g
      WHERE a.guardrail_id = g.id AND g.account_id = ${accountId} AND g.id = ${guardrailId} AND a.key_hash = ANY(${hashes}::TEXT[]) RETURNING a.key_hash`;
    return removed.length;
  }

  async listGuardrailKeyAssignments(accountId: string, guardrailId?: string): Promise<GuardrailKeyAssignment[]> {
    const rows = await this.sql<{ guardrail_id: string; key_hash: string; assigned_at: string; key_name: string; key_label: string }[]>`
      SELECT a.guardrail_id, a.key_hash, a.assigned_at, k.name AS key_name, k.label AS key_label FROM guardrail_keys a
      JOIN guardrails g ON g.id = a.guardrail_id JOIN api_keys k ON k.hash = a.key_hash
      WHERE g.account_id = ${accountId} ${guardrailId === undefined ? this.sql`` : this.sql`AND a.guardrail_id = ${guardrailId}`} ORDER BY a.assigned_at, a.key_hash`;
    return rows.map((row) => ({ guardrailId: row.guardrail_id, keyHash: row.key_hash, keyName: row.key_name, keyLabel: row.key_label, assignedAt: row.assigned_at }));
  }

  async guardrailsForKey(keyHash: string): Promise<Guardrail[]> {
    return (await this.sql<GuardrailRow[]>`SELECT g.* FROM guardrails g JOIN guardrail_keys a ON a.guardrail_id = g.id WHERE a.key_hash = ${keyHash} ORDER BY g.created_at, g.id`).map(toGuardrail);
  }

  async createAuthCode(code: AuthCode): Promise<void> {
    await this.sql`INSERT INTO auth_codes ${this.sql(authCodeColumns(code) as Record<string, postgres.ParameterOrJSON<never>>)}`;
  }

  async consumeAuthCode(codeHash: string, usedAt: string): Promise<AuthCode | undefined> {
    const [row] = await this.sql<AuthCodeRow[]>`UPDATE auth_codes SET used_at = ${usedAt} WHERE code_hash = ${codeHash} AND used_at IS NULL RETURNING *`;
    return row ? toAuthCode(row) : undefined;
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}
